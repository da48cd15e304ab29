"""The release rule: when a cluster may be shown to anyone outside the sets.

A cluster is released only when its statements come from at least `min_sets` distinct sets and
at least `min_people` distinct people. Both floors (3 and 10) may be raised, never lowered.
Below the rule a cluster is shown to nobody, not even as "fewer than 3": a Release then carries
no counts at all. The counts of a released cluster are shown rounded to the nearest 5 (halves
up), so that a change of one statement between two views cannot be read off exactly. Which sets
support a theme is never part of a Release.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

MIN_SETS = 3
MIN_PEOPLE = 10
ROUND_TO = 5

MSG_BELOW_FLOOR = (
    "{name} may only be raised: {value} is below the floor of {floor}. A theme needs statements "
    "from at least {floor} {what} before anyone outside the sets may see it."
)
MSG_NOT_INT = "{name} must be a whole number, not {value!r}."


@dataclass(frozen=True)
class ReleaseRule:
    """min_sets >= 3 and min_people >= 10; lower values raise ValueError."""

    min_sets: int = MIN_SETS
    min_people: int = MIN_PEOPLE

    def __post_init__(self):
        for name, value, floor, what in (
            ("min_sets", self.min_sets, MIN_SETS, "distinct sets"),
            ("min_people", self.min_people, MIN_PEOPLE, "distinct people"),
        ):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(MSG_NOT_INT.format(name=name, value=value))
            if value < floor:
                raise ValueError(
                    MSG_BELOW_FLOOR.format(name=name, value=value, floor=floor, what=what)
                )

    def allows(self, sets: int, people: int) -> bool:
        return sets >= self.min_sets and people >= self.min_people


@dataclass(frozen=True)
class Release:
    """Whether a cluster is released and, only if it is, its rounded counts."""

    cluster: int
    released: bool
    sets_shown: int | None = None
    people_shown: int | None = None


def rounded(count: int) -> int:
    """count to the nearest multiple of 5, halves up (12 -> 10, 13 -> 15)."""
    return (count + ROUND_TO // 2) // ROUND_TO * ROUND_TO


def release_cluster(
    cluster: int, sets: Iterable[Hashable], people: Iterable[Hashable], rule: ReleaseRule
) -> Release:
    """The Release of one cluster from the sets and people behind its statements."""
    n_sets, n_people = len(set(sets)), len(set(people))
    if not rule.allows(n_sets, n_people):
        return Release(cluster=cluster, released=False)
    return Release(
        cluster=cluster,
        released=True,
        sets_shown=rounded(n_sets),
        people_shown=rounded(n_people),
    )


def release(
    members: Mapping[int, Sequence[int]],
    sets: Sequence[Hashable],
    people: Sequence[Hashable],
    rule: ReleaseRule = ReleaseRule(),
) -> dict[int, Release]:
    """A Release per cluster; members maps cluster id -> rows, and sets[i], people[i] say whose
    statement row i is."""
    return {
        cluster: release_cluster(cluster, (sets[i] for i in rows), (people[i] for i in rows), rule)
        for cluster, rows in members.items()
    }
