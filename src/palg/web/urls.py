from django.urls import path

from palg.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    # The same two pages under the names django-allauth reverses (its password reset and email
    # pages link to sign-in and sign-out): palg's own sign-in, with its throttle, stays the one.
    path("login/", views.login_view, name="account_login"),
    path("logout/", views.logout_view, name="account_logout"),
]
