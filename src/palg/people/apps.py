from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "palg.people"
    label = "people"
    verbose_name = "Organisation and people"
