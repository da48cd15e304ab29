from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "palg.sso"
    label = "sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        from palg.sso import checks, receivers  # noqa: F401  (registers checks and receivers)
