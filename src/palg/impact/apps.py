from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "palg.impact"
    verbose_name = "Impact: behaviour, L >= C and dashboards"

    def ready(self) -> None:
        from palg.impact import checks  # noqa: F401  (registers the PALG_MIN_CELL check)
