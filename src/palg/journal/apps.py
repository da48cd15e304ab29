from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "palg.journal"
    verbose_name = "Private journals"
