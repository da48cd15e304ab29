from django.urls import path

from palg.accounts import views

urlpatterns = [
    path("tokens/", views.token_list, name="account-tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="account-token-revoke"),
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
]
