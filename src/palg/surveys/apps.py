from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "palg.surveys"
    verbose_name = "Survey waves"
