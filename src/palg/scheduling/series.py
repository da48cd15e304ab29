"""A set's series of meetings as dates and times, without the database: the cadence, the slot,
the time zone and the blackout dates in, planned meetings and what overlaps them out.

Times are local wall-clock times in the programme's zone: a set that meets at 09:00 meets at
09:00 before and after the clocks change, so its UTC time moves by an hour.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from palg.people.slots import DAYS, PARTS, SLOTS

# When each part of a day's slot starts unless the facilitator picks another time.
PART_STARTS = {"am": time(9, 0), "pm": time(14, 0), "eve": time(18, 0)}
WEEK = timedelta(weeks=1)
# A series that blackouts push this far past its cadence is a mistake (a closure of years).
MAX_PUSH = timedelta(days=366)

assert set(PART_STARTS) == set(PARTS)


class SeriesError(ValueError):
    """The series cannot be planned; the message says why, for people."""


MSG_PUSHED_TOO_FAR = (
    "Meeting {number} would move more than a year past its date ({day:%a %d %b %Y}) to avoid "
    "blackout dates. Check the blackouts."
)


@dataclass(frozen=True)
class Closure:
    """Days on which no set meets, both ends included."""

    label: str
    starts_on: date
    ends_on: date

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class Planned:
    """One meeting of the series. `nominal` is the day the cadence gives; `skipped` the
    closures it was moved past; `after_previous` that it moved because the meeting before it
    did."""

    number: int
    starts_at: datetime
    ends_at: datetime
    nominal: date
    skipped: tuple[Closure, ...] = ()
    after_previous: bool = False

    @property
    def day(self) -> date:
        return self.starts_at.date()

    @property
    def moved(self) -> bool:
        return self.day != self.nominal


@dataclass(frozen=True)
class Busy:
    """Someone's other commitment: a meeting of another set, with whatever the caller needs to
    describe it in `about`."""

    starts_at: datetime
    ends_at: datetime
    about: object = field(default=None, compare=False)


def slot_start(code: str) -> tuple[int, time]:
    """`tue-pm` -> (1, 14:00): the weekday (Monday 0) and the usual start of that part."""
    if code not in SLOTS:
        raise SeriesError(f"“{code}” is not a slot.")
    day, _, part = code.partition("-")
    return DAYS.index(day), PART_STARTS[part]


def first_on_or_after(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`at` on `day` in `zone`. A time that does not exist that day (the hour the clocks skip)
    becomes the same instant after the change, e.g. 01:30 -> 02:30 BST."""
    naive = datetime.combine(day, at, tzinfo=zone)
    return naive.astimezone(UTC).astimezone(zone)


def after(starts_at: datetime, minutes: int) -> datetime:
    """`minutes` of real time after `starts_at` (in UTC: adding to a local time would add wall
    time, an hour out across a clock change)."""
    return starts_at.astimezone(UTC) + timedelta(minutes=minutes)


def plan(
    *,
    start: date,
    weekday: int,
    at: time,
    cadence_weeks: int,
    count: int,
    minutes: int,
    zone: ZoneInfo,
    closures: Sequence[Closure] = (),
) -> list[Planned]:
    """`count` meetings every `cadence_weeks` weeks on `weekday` at local time `at`, from the
    first such day on or after `start`. A meeting that falls in a closure moves to the first
    same weekday after it (the set's slot stays); later meetings keep their own dates unless
    that would put them on or before the moved one."""
    first = first_on_or_after(start, weekday)
    planned: list[Planned] = []
    for index in range(count):
        nominal = first + index * cadence_weeks * WEEK
        day, after_previous = nominal, False
        if planned and day <= planned[-1].day:
            day, after_previous = planned[-1].day + WEEK, True
        day, skipped = _clear_of(day, closures)
        if day - nominal > MAX_PUSH:
            raise SeriesError(MSG_PUSHED_TOO_FAR.format(number=index + 1, day=nominal))
        starts_at = local(day, at, zone)
        ends_at = after(starts_at, minutes).astimezone(zone)
        planned.append(
            Planned(index + 1, starts_at, ends_at, nominal, tuple(skipped), after_previous)
        )
    return planned


def _clear_of(day: date, closures: Sequence[Closure]) -> tuple[date, list[Closure]]:
    """The first day from `day`, stepping a week at a time, that no closure covers."""
    skipped: list[Closure] = []
    limit = day + MAX_PUSH + WEEK
    while day <= limit:
        hit = next((c for c in closures if c.covers(day)), None)
        if hit is None:
            break
        skipped.append(hit)
        day = first_on_or_after(hit.ends_on + timedelta(days=1), day.weekday())
    return day, skipped


def overlapping(planned: Sequence[Planned], busy: Sequence[Busy]) -> list[tuple[Planned, Busy]]:
    """Every (meeting, commitment) pair whose times overlap; touching end to start is fine."""
    return [
        (meeting, other)
        for meeting in planned
        for other in busy
        if other.starts_at < meeting.ends_at and meeting.starts_at < other.ends_at
    ]
