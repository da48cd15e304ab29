from allauth.account import views as allauth_views
from django.urls import include, path, re_path

from palg.accounts import invitation_views, two_factor_views, views

urlpatterns = [
    path("tokens/", views.token_list, name="account-tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="account-token-revoke"),
    # The allauth views palg uses (not `allauth.urls`, which would also open sign-up, sign-in
    # by code and the rest). allauth reverses these names itself.
    path("password/change/", allauth_views.password_change, name="account_change_password"),
    path("password/set/", allauth_views.password_set, name="account_set_password"),
    path("password/reset/", allauth_views.password_reset, name="account_reset_password"),
    path(
        "password/reset/done/",
        allauth_views.password_reset_done,
        name="account_reset_password_done",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        allauth_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        allauth_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    path("email/", views.ChangeEmailView.as_view(), name="account_email"),
    re_path(
        r"^confirm-email/(?P<key>[-:\w]+)/$",
        allauth_views.confirm_email,
        name="account_confirm_email",
    ),
    # Confirming one's password again before a sensitive change (adding a second factor).
    path("reauthenticate/", allauth_views.reauthenticate, name="account_reauthenticate"),
    # allauth.mfa's pages, all of them: the overview, the sign-in step, the authenticator app,
    # recovery codes, and passkeys (including signing in with one alone).
    path("two-factor/", include("allauth.mfa.urls")),
    path("two-factor/policy/", two_factor_views.policy_edit, name="two-factor-policy"),
    path("activity/", views.account_activity, name="account-activity"),
    path("manage/", views.account_list, name="account-list"),
    path("manage/<int:account_id>/", views.account_detail, name="account-detail"),
    path(
        "manage/<int:account_id>/deactivate/",
        views.account_deactivate,
        name="account-deactivate",
    ),
    path(
        "manage/<int:account_id>/reactivate/",
        views.account_reactivate,
        name="account-reactivate",
    ),
    path(
        "manage/<int:account_id>/make-admin/",
        views.account_admin_grant,
        name="account-admin-grant",
    ),
    path(
        "manage/<int:account_id>/remove-admin/",
        views.account_admin_revoke,
        name="account-admin-revoke",
    ),
    path("invitations/", invitation_views.invitation_list, name="invitation-list"),
    path(
        "invitations/<int:invitation_id>/resend/",
        invitation_views.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "invitations/<int:invitation_id>/revoke/",
        invitation_views.invitation_revoke,
        name="invitation-revoke",
    ),
    # The link in the invitation email; opened without an account.
    path("invitation/<str:token>/", invitation_views.invitation_accept, name="invitation-accept"),
]
