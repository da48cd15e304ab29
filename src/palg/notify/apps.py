from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "palg.notify"
    verbose_name = "Email notices"
