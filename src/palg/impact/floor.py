"""What an aggregate needs before anyone outside a set may see it (measurement.md §3.2).

- No figure rests on fewer than `min_cell()` people (5, raised with PALG_MIN_CELL, never
  lowered: a lower value is refused, at start-up by a system check and here on every use).
- Sponsors also need the figure pooled over at least 3 sets.
- Inside a set its own people see its figures: they know who came anyway (rule 1).
A withheld figure carries the sentence that says why, shown instead of the number.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_CELL_FLOOR = 5
MIN_SETS_FOR_SPONSORS = 3
MSG_MIN_CELL_LOWER = (
    f"PALG_MIN_CELL may raise the minimum number of people behind a figure above "
    f"{MIN_CELL_FLOOR}, never lower it."
)
MSG_FEWER_PEOPLE = "not shown: fewer than {k} people"
MSG_FEWER_SETS = f"not shown: fewer than {MIN_SETS_FOR_SPONSORS} sets"
MSG_NO_DATA = "nothing recorded yet"


class Audience(Enum):
    SET = "set"  # the set's own members and facilitator
    OVERSEER = "overseer"  # leads and organisation admins
    SPONSOR = "sponsor"


def min_cell() -> int:
    """The fewest people a figure shown outside a set may rest on."""
    value = getattr(settings, "MIN_CELL", MIN_CELL_FLOOR)
    if value < MIN_CELL_FLOOR:
        raise ImproperlyConfigured(MSG_MIN_CELL_LOWER)
    return value


@dataclass(frozen=True)
class Figure:
    """A number, or None with the reason it is withheld."""

    value: float | int | None
    withheld: str = ""

    @property
    def shown(self) -> bool:
        return self.value is not None


def release(value, *, people: int, sets: int, audience: Audience) -> Figure:
    """`value` if `audience` may see a figure resting on `people` people from `sets` sets."""
    if people == 0:
        return Figure(None, MSG_NO_DATA)
    if audience is not Audience.SET:
        k = min_cell()
        if people < k:
            return Figure(None, MSG_FEWER_PEOPLE.format(k=k))
        if audience is Audience.SPONSOR and sets < MIN_SETS_FOR_SPONSORS:
            return Figure(None, MSG_FEWER_SETS)
    if value is None:
        return Figure(None, MSG_NO_DATA)
    return Figure(value)
