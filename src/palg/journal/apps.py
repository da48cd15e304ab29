from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "palg.journal"
    verbose_name = "Private journals"

    def ready(self) -> None:
        from palg.journal import checks  # noqa: F401  (registers the key checks)
