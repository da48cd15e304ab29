"""The disclosure floor may be raised, never lowered (measurement.md §3.2 rules 2 and 4)."""

from django.conf import settings
from django.core.checks import Error, register

from palg.impact.floor import MIN_CELL_FLOOR, MSG_MIN_CELL_LOWER


@register()
def min_cell_not_lowered(app_configs, **kwargs):
    if getattr(settings, "MIN_CELL", MIN_CELL_FLOOR) < MIN_CELL_FLOOR:
        return [Error(MSG_MIN_CELL_LOWER, id="palg.impact.E001")]
    return []
