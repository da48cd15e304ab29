"""The themes' release rule may be raised, never lowered (measurement.md §3.2 rule 4)."""

from django.conf import settings
from django.core.checks import Error, register

from palg.themes.rule import (
    MIN_PEOPLE_FLOOR,
    MIN_SETS_FLOOR,
    MSG_MIN_PEOPLE_LOWER,
    MSG_MIN_SETS_LOWER,
)


@register()
def theme_rule_not_lowered(app_configs, **kwargs):
    errors = []
    if getattr(settings, "THEME_MIN_SETS", MIN_SETS_FLOOR) < MIN_SETS_FLOOR:
        errors.append(Error(MSG_MIN_SETS_LOWER, id="palg.themes.E001"))
    if getattr(settings, "THEME_MIN_PEOPLE", MIN_PEOPLE_FLOOR) < MIN_PEOPLE_FLOOR:
        errors.append(Error(MSG_MIN_PEOPLE_LOWER, id="palg.themes.E002"))
    return errors
