from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "palg.themes"
    verbose_name = "Themes for the organisation"

    def ready(self) -> None:
        from palg.themes import checks  # noqa: F401  (registers the release rule's check)
