from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "palg.scheduling"
    verbose_name = "Scheduling and calendars"
