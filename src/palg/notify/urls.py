from django.urls import path

from palg.notify import views

urlpatterns = [
    path("preferences/", views.preferences, name="notify-preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="notify-unsubscribe"),
]
