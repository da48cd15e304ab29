from django.urls import path

from palg.accounts import invitation_views, views

urlpatterns = [
    path("tokens/", views.token_list, name="account-tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="account-token-revoke"),
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
