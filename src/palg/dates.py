"""The dates palg accepts: one window for every date and time that enters it (meetings, series
proposals, programme start dates, blackouts, experiment cards), from the web forms, the API and
the services alike.

The window is the years 2000 to 2999. Nothing a programme plans falls before 2000 (which also
keeps every date after 1970, where calendar files' time zone definitions begin), and the end
leaves room for everything derived from a date inside it: a series of at most 100 meetings
every 52 weeks, pushed at most a year past blackouts, ends about 101 years later; a suggested
next meeting is one cadence (at most 52 weeks) on; reminders and nudges fall before the
meeting; a meeting ends at most 12 hours after it starts; calendar files convert between time
zones (a day either way). All of that stays far below Python's last date (9999-12-31), where
the arithmetic would overflow, and inside what calendar clients and PostgreSQL represent. A
derived date past the window is refused with a message, never computed into an overflow.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2999, 12, 31)
# Moments are compared in UTC: [FIRST_MOMENT, END_MOMENT).
FIRST_MOMENT = datetime.combine(FIRST_DAY, time.min, tzinfo=UTC)
END_MOMENT = datetime.combine(LAST_DAY + timedelta(days=1), time.min, tzinfo=UTC)

MSG_OUT_OF_WINDOW = "Choose a date between {first} and {last}."
MSG_NOT_ISO_DAY = "Give the date as text in ISO 8601 form, e.g. 2026-03-05."
MSG_NOT_ISO_MOMENT = (
    "Give the date and time as text in ISO 8601 form with a time zone, "
    "e.g. 2026-03-05T09:30:00+00:00."
)


def window_message() -> str:
    return MSG_OUT_OF_WINDOW.format(first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())


def day_in_window(value: date) -> bool:
    return FIRST_DAY <= value <= LAST_DAY


def moment_in_window(value: datetime) -> bool:
    """Whether an aware datetime falls in the window. Years near 1 or 9999 overflow when
    converted to UTC: those are outside it too."""
    try:
        return FIRST_MOMENT <= value.astimezone(UTC) < END_MOMENT
    except OverflowError:
        return False


def validate_day(value: date) -> None:
    """Django validator (model and form fields) for a date."""
    if isinstance(value, datetime):
        value = value.date()
    if not day_in_window(value):
        raise ValidationError(window_message(), code="date_window")


def validate_moment(value: datetime) -> None:
    """Django validator for an aware datetime."""
    if not moment_in_window(value):
        raise ValidationError(window_message(), code="date_window")


def in_window(field: str) -> Q:
    """Rows whose datetime `field` falls in the window: what calendar files and invitations
    may show. Rows stored before the window was enforced are left out rather than crash them."""
    return Q(**{f"{field}__gte": FIRST_MOMENT, f"{field}__lt": END_MOMENT})


def shifted(value: datetime, delta: timedelta) -> datetime | None:
    """`value` (a datetime in the window) moved by `delta` of wall-clock time in its own zone,
    or None when the result would leave the window."""
    try:
        moved = value + delta
    except OverflowError:
        return None
    return moved if moment_in_window(moved) else None


def parse_iso_day(value: object) -> date:
    """A date from ISO 8601 text (`2026-03-05`); numbers and other types are refused, so that a
    stray 0 is never taken for a day in 1970. Raises ValueError with a message for people."""
    if not isinstance(value, str):
        raise ValueError(MSG_NOT_ISO_DAY)
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(MSG_NOT_ISO_DAY) from None


def parse_iso_moment(value: object) -> datetime:
    """A datetime from ISO 8601 text with a date and a time (`2026-03-05T09:30:00+00:00`);
    numbers (Unix times), bare dates and other types are refused."""
    if not isinstance(value, str):
        raise ValueError(MSG_NOT_ISO_MOMENT)
    text = value.strip()
    if len(text) < len("2026-03-05T09:30") or text[10:11] not in ("T", "t", " "):
        raise ValueError(MSG_NOT_ISO_MOMENT)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(MSG_NOT_ISO_MOMENT) from None
