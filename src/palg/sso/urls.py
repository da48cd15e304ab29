from django.urls import path

from palg.sso import provider, views

# Mounted at sso/. The provider's pages keep allauth's names, which allauth reverses.
urlpatterns = [
    path("settings/", views.sso_settings, name="sso-settings"),
    path("accounts/<int:account_id>/unlink/", views.sso_unlink, name="sso-unlink"),
    path("<slug:provider_id>/login/", provider.login, name="openid_connect_login"),
    path("<slug:provider_id>/login/callback/", provider.callback, name="openid_connect_callback"),
]
