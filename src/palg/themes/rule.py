"""The release rule for themes (issue 14 section 3; measurement.md §3.2 rules 3, 4 and 6).

A theme reaches anyone outside the sets only when released statements from at least
`min_sets()` sets and at least `min_people()` distinct people (the members who consented to
those statements) support it. Both may be raised (PALG_THEME_MIN_SETS, PALG_THEME_MIN_PEOPLE),
never lowered: a lower value is refused at start-up by a system check and here on every use.
Below the rule a theme is shown to nobody, not even as "fewer than 3": it is left out.
Counts that are shown are rounded to the nearest 5.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_SETS_FLOOR = 3
MIN_PEOPLE_FLOOR = 10
ROUND_TO = 5
MSG_MIN_SETS_LOWER = (
    f"PALG_THEME_MIN_SETS may raise the number of sets a theme needs above {MIN_SETS_FLOOR}, "
    f"never lower it."
)
MSG_MIN_PEOPLE_LOWER = (
    f"PALG_THEME_MIN_PEOPLE may raise the number of people a theme needs above "
    f"{MIN_PEOPLE_FLOOR}, never lower it."
)


def min_sets() -> int:
    value = getattr(settings, "THEME_MIN_SETS", MIN_SETS_FLOOR)
    if value < MIN_SETS_FLOOR:
        raise ImproperlyConfigured(MSG_MIN_SETS_LOWER)
    return value


def min_people() -> int:
    value = getattr(settings, "THEME_MIN_PEOPLE", MIN_PEOPLE_FLOOR)
    if value < MIN_PEOPLE_FLOOR:
        raise ImproperlyConfigured(MSG_MIN_PEOPLE_LOWER)
    return value


def released(*, sets: int, people: int) -> bool:
    """Whether a theme with this support may be shown outside the sets."""
    return sets >= min_sets() and people >= min_people()


def rounded(n: int) -> int:
    """`n` to the nearest 5, halves up (3 -> 5, 12 -> 10, 13 -> 15)."""
    return (n + ROUND_TO // 2) // ROUND_TO * ROUND_TO
