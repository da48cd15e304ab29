from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "palg.live"
    label = "live"
    verbose_name = "Live action learning sessions"
