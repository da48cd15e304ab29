from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "palg.programmes"
    label = "programmes"
    verbose_name = "Programmes, sets and meetings"
