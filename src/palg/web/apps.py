from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "palg.web"
    label = "web"
    verbose_name = "Web interface"
