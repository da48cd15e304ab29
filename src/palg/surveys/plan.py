"""The wave plan: a proposal from the programme's schedule, and the norms a plan must keep.

Norms (checked together, so a lead sees every problem at once):
- each wave is open for 7 to 21 days;
- waves do not overlap, and run in order: baseline, mid, end, follow-up;
- the baseline closes before the first meeting (the day before it, at the latest);
- the follow-up opens at least 8 weeks after the programme's end (its last meeting);
- each wave asks at least one of the wave instruments;
- every day is inside palg.dates' window (so no date arithmetic here can overflow).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from palg import dates
from palg.programmes.models import Meeting, Programme
from palg.surveys.models import Wave

Kind = Wave.Kind
ORDER = [Kind.BASELINE, Kind.MID, Kind.END, Kind.FOLLOW_UP]
# The set-health pulse is asked in sessions, not in waves.
WAVE_INSTRUMENTS = ("cbi", "psych_safety", "ucla3")
DEFAULT_INSTRUMENTS = ["cbi", "psych_safety", "ucla3"]
MIN_DAYS, MAX_DAYS, DEFAULT_DAYS = 7, 21, 14
FOLLOW_UP_AFTER = timedelta(weeks=13)  # three months
FOLLOW_UP_MIN = timedelta(weeks=8)

MSG_NO_SCHEDULE = (
    "Give the programme a start date or schedule its meetings first: the waves are planned "
    "around them."
)
MSG_LENGTH = "The {wave} wave is open for {days} days; a wave must be open for 7 to 21 days."
MSG_ORDER = "The {wave} wave must close before it opens: check its dates."
MSG_OVERLAP = (
    "The {wave} wave opens before the {previous} wave has closed ({closes}); waves must not "
    "overlap."
)
MSG_BASELINE = (
    "The baseline must close before the first meeting on {first}: close it on {latest} at the "
    "latest."
)
MSG_FOLLOW_UP = (
    "The follow-up must open at least 8 weeks after the programme ends on {end}: open it on "
    "{earliest} or later."
)
MSG_NO_INSTRUMENTS = "The {wave} wave asks no questions: choose at least one instrument."
MSG_UNKNOWN_INSTRUMENT = "“{value}” is not an instrument palg asks in waves."


@dataclass(frozen=True)
class Schedule:
    first: date
    end: date
    middle: date


@dataclass
class PlannedWave:
    kind: str
    opens_on: date
    closes_on: date
    instruments: list[str] = field(default_factory=lambda: list(DEFAULT_INSTRUMENTS))

    @property
    def label(self) -> str:
        return Kind(self.kind).label.lower()


def schedule_of(programme: Programme) -> Schedule | None:
    """First, middle and last meeting days (in the programme's zone); from the design when no
    meeting is scheduled yet; None when there is neither."""
    zone = ZoneInfo(programme.time_zone)
    starts = Meeting.objects.filter(group__round__programme=programme).exclude(
        status=Meeting.Status.CANCELLED
    )
    days = sorted(
        {moment.astimezone(zone).date() for moment in starts.values_list("starts_at", flat=True)}
    )
    if not days and programme.start_date is None:
        return None
    if not days:
        step = timedelta(weeks=programme.cadence_weeks)
        days = [programme.start_date + step * i for i in range(programme.meeting_count)]
    return Schedule(first=days[0], end=days[-1], middle=days[len(days) // 2])


def wave_plan_propose(*, programme: Programme) -> list[PlannedWave]:
    """Four waves from the schedule: baseline the two weeks before the first meeting, mid from
    the middle meeting, end from the last one, follow-up three months after the end; each open
    two weeks, each asking CBI, psychological safety and UCLA-3."""
    schedule = schedule_of(programme)
    if schedule is None:
        raise ValidationError(MSG_NO_SCHEDULE, code="no_schedule")
    span = timedelta(days=DEFAULT_DAYS - 1)
    baseline_close = schedule.first - timedelta(days=1)
    middle = max(schedule.middle, baseline_close + timedelta(days=1))
    end = max(schedule.end, middle + span + timedelta(days=1))
    follow_up = schedule.end + FOLLOW_UP_AFTER
    starts = {
        Kind.BASELINE: baseline_close - span,
        Kind.MID: middle,
        Kind.END: end,
        Kind.FOLLOW_UP: max(follow_up, end + span + timedelta(days=1)),
    }
    return [PlannedWave(kind, opens, opens + span) for kind, opens in starts.items()]


def wave_plan_problems(*, programme: Programme, waves: list[PlannedWave]) -> list[str]:
    """Every norm the plan breaks, as messages (empty when it keeps them all)."""
    outside = [w for w in waves if not all(map(dates.day_in_window, (w.opens_on, w.closes_on)))]
    if outside:
        return [dates.window_message()]
    problems = []
    ordered = sorted(waves, key=lambda w: ORDER.index(w.kind))
    for wave in ordered:
        if wave.closes_on < wave.opens_on:
            problems.append(MSG_ORDER.format(wave=wave.label))
        elif not MIN_DAYS <= (days := (wave.closes_on - wave.opens_on).days + 1) <= MAX_DAYS:
            problems.append(MSG_LENGTH.format(wave=wave.label, days=days))
        if not wave.instruments:
            problems.append(MSG_NO_INSTRUMENTS.format(wave=wave.label))
        problems += [
            MSG_UNKNOWN_INSTRUMENT.format(value=value)
            for value in wave.instruments
            if value not in WAVE_INSTRUMENTS
        ]
    for previous, wave in zip(ordered, ordered[1:], strict=False):
        if wave.opens_on <= previous.closes_on:
            problems.append(
                MSG_OVERLAP.format(
                    wave=wave.label, previous=previous.label, closes=_day(previous.closes_on)
                )
            )
    schedule = schedule_of(programme)
    by_kind = {wave.kind: wave for wave in waves}
    baseline = by_kind.get(Kind.BASELINE)
    if schedule and baseline and baseline.closes_on >= schedule.first:
        latest = schedule.first - timedelta(days=1)
        problems.append(MSG_BASELINE.format(first=_day(schedule.first), latest=_day(latest)))
    follow_up = by_kind.get(Kind.FOLLOW_UP)
    earliest = schedule.end + FOLLOW_UP_MIN if schedule else None
    if earliest and follow_up and follow_up.opens_on < earliest:
        problems.append(MSG_FOLLOW_UP.format(end=_day(schedule.end), earliest=_day(earliest)))
    return problems


def _day(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"
