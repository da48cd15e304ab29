from django.urls import path

from palg.accounts import views

urlpatterns = [
    path("tokens/", views.token_list, name="account-tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="account-token-revoke"),
]
