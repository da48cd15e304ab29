"""RFC 5545 calendar files for meetings: the private feed, a set's calendar and the `.ics`
attachment of invitation emails (RFC 5546 METHOD:REQUEST and METHOD:CANCEL).

Pure functions over model instances (meetings with their group, round and programme loaded):
nothing here reads or writes the database. Each meeting is one VEVENT whose UID never changes
and whose SEQUENCE (palg.programmes.models.Meeting.sequence) goes up when it moves or is
cancelled, so calendars replace their copy. Times carry the programme's TZID, and every zone
used gets its VTIMEZONE (see `add_time_zones` for why each change of offset is its own block).
"""

import copy
import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress

from palg.people.models import Person
from palg.programmes.models import Meeting
from palg.scheduling.series import after

PRODID = "-//palg//Peer Action Learning Groups//EN"
REQUEST, CANCEL = "REQUEST", "CANCEL"
METHODS = (REQUEST, CANCEL)
CONTENT_TYPE = "text/calendar; charset=utf-8"
FEED_TTL = "PT1H"
MSG_METHOD = "An invitation's method is REQUEST or CANCEL, not {method!r}."


def meeting_uid(meeting: Meeting) -> str:
    """The meeting's UID: its id and creation time at the site's host, the same in every file
    ever sent about it (so keep PALG_SITE_URL's host once calendars hold meetings)."""
    created = meeting.created_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"meeting-{meeting.pk}-{created}@{_host()}"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "palg.invalid"


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("meeting-detail", args=[meeting.pk])


def meeting_summary(meeting: Meeting) -> str:
    """The event's title: the set's label ("Set Alpha", never "Set Set 1") and its programme."""
    return f"{meeting.group.label}: action learning ({meeting.group.round.programme.name})"


def meeting_modified(meeting: Meeting) -> datetime:
    """When the meeting's event last changed, to the second: the meeting itself, or its
    programme (whose name is in the SUMMARY and whose zone the times are in)."""
    programme = meeting.group.round.programme
    return max(meeting.updated_at, programme.updated_at).astimezone(UTC).replace(microsecond=0)


def meeting_event(
    meeting: Meeting,
    *,
    stamp: datetime | None = None,
    cancelled: bool = False,
    organizer: vCalAddress | None = None,
    attendees: Iterable[vCalAddress] = (),
) -> Event:
    """The meeting as a VEVENT in its programme's zone. `cancelled` marks it CANCELLED even if
    the meeting itself stands (a CANCEL sent to someone who left the set). DTSTAMP is `stamp`
    (an invitation's own time, RFC 5546) or, in a feed, when the meeting last changed, which
    is what RFC 5545 asks of a calendar without METHOD: so subscribers see a change only when
    there is one."""
    zone = ZoneInfo(meeting.group.round.programme.time_zone)
    starts_at = meeting.starts_at.astimezone(zone)
    ends_at = after(meeting.starts_at, meeting.duration_minutes).astimezone(zone)
    is_cancelled = cancelled or meeting.status == Meeting.Status.CANCELLED
    url = meeting_url(meeting)
    modified = meeting_modified(meeting)
    return Event.new(
        uid=meeting_uid(meeting),
        stamp=(stamp or modified).astimezone(UTC),
        created=meeting.created_at.astimezone(UTC).replace(microsecond=0),
        last_modified=modified,
        start=starts_at,
        end=ends_at,
        summary=meeting_summary(meeting),
        location=meeting.location or None,
        description=f"What is said in the set stays in the set.\n{url}",
        url=url,
        sequence=meeting.sequence,
        status="CANCELLED" if is_cancelled else "CONFIRMED",
        organizer=organizer,
        attendees=list(attendees) or None,
    )


def meetings_calendar(
    meetings: Iterable[Meeting], *, name: str, method: str | None = None, uid: str | None = None
) -> Calendar:
    """A VCALENDAR holding one VEVENT per meeting and a VTIMEZONE per zone they use."""
    calendar = Calendar.new(prodid=PRODID, name=name, method=method, uid=uid)
    meetings = list(meetings)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    add_time_zones(calendar, meetings)
    if not meetings:
        add_site_zone(calendar)
    return calendar


def add_site_zone(calendar: Calendar) -> None:
    """The site's own zone (PALG_TIME_ZONE) for this year, as the one component of a calendar
    without meetings. RFC 5545 (3.6, `calendarc = 1*component`) forbids an empty VCALENDAR,
    and a VTIMEZONE is a component (`timezonec`); unlike a placeholder event, it puts nothing
    in anyone's calendar."""
    year = timezone.localdate().year
    calendar.add_component(time_zone(settings.TIME_ZONE, date(year, 1, 1), date(year + 1, 1, 1)))


def calendar_uid(kind: str, pk: int) -> str:
    """A feed's own UID (RFC 7986), the same at every fetch: `person-7@host`, `set-3@host`."""
    return f"{kind}-{pk}@{_host()}"


def feed(meetings: Iterable[Meeting], *, name: str, uid: str | None = None) -> bytes:
    """A subscription feed (no METHOD): cancelled meetings stay in it, as CANCELLED. Clients
    that honour X-PUBLISHED-TTL fetch it again every hour. The same meetings give the same
    bytes, so `etag(body)` changes only when the feed does."""
    calendar = meetings_calendar(meetings, name=name, uid=uid)
    calendar.add("X-PUBLISHED-TTL", FEED_TTL)
    return calendar.to_ical()


def etag(body: bytes) -> str:
    """A strong HTTP ETag for a calendar file: the SHA-256 of its bytes, quoted."""
    return f'"{hashlib.sha256(body).hexdigest()}"'


def last_modified(meetings: Iterable[Meeting]) -> datetime | None:
    """When the latest of the meetings changed (None without meetings)."""
    return max((meeting_modified(meeting) for meeting in meetings), default=None)


def address(person: Person, **params) -> vCalAddress:
    return vCalAddress.new(person.email, cn=person.name, **params)


def organizer_for(meeting: Meeting) -> vCalAddress:
    """Invitations come from the site's sending address, in the programme's name: replies are
    not read, so no person is named as the one to answer."""
    _, sender = parseaddr(settings.DEFAULT_FROM_EMAIL)  # "palg <palg@example.org>" -> address
    return vCalAddress.new(sender, cn=meeting.group.round.programme.name)


def method_for(meeting: Meeting) -> str:
    """The method of an invitation about the meeting as it now stands."""
    return CANCEL if meeting.status == Meeting.Status.CANCELLED else REQUEST


def invitation(meeting: Meeting, person: Person, method: str, *, stamp=None) -> bytes:
    """The `.ics` attachment of an email to `person` about `meeting`: METHOD:REQUEST for a new
    or moved meeting, METHOD:CANCEL (and STATUS:CANCELLED) when it is cancelled or the person
    no longer takes part. Send the meeting's current SEQUENCE; a move bumps it first."""
    if method not in METHODS:
        raise ValueError(MSG_METHOD.format(method=method))
    stamp = stamp or timezone.now()
    attendee = address(person, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp=False)
    event = meeting_event(
        meeting,
        stamp=stamp,
        cancelled=method == CANCEL,
        organizer=organizer_for(meeting),
        attendees=[attendee],
    )
    calendar = Calendar.new(prodid=PRODID, method=method, name=meeting_summary(meeting))
    calendar.add_component(event)
    add_time_zones(calendar, [meeting])
    return calendar.to_ical()


# Time zones ----------------------------------------------------------------------------------


def add_time_zones(calendar: Calendar, meetings: list[Meeting]) -> None:
    """A VTIMEZONE for each zone the meetings use, at the start of the calendar, covering the
    years they fall in (and the year after), with one STANDARD or DAYLIGHT block per change of
    offset, each starting at its own DTSTART.

    Why not icalendar's own zones: they put all of a kind's changes from 1970 to 2037 in one
    block as a list of RDATEs, and vobject (and so Radicale and the tools built on it) reads
    only the first date of such a list, so a winter meeting in London showed an hour early.
    A block per change is read alike by every parser; the narrow window keeps it small."""
    spans: dict[str, list[date]] = {}
    for meeting in meetings:
        zone = ZoneInfo(meeting.group.round.programme.time_zone)
        ends_at = after(meeting.starts_at, meeting.duration_minutes)
        days = spans.setdefault(zone.key, [])
        days += [meeting.starts_at.astimezone(zone).date(), ends_at.astimezone(zone).date()]
    for position, (key, days) in enumerate(sorted(spans.items())):
        first, last = date(min(days).year, 1, 1), date(max(days).year + 2, 1, 1)
        calendar.subcomponents.insert(position, time_zone(key, first, last))


def time_zone(key: str, first: date, last: date) -> Timezone:
    """The VTIMEZONE of the IANA zone `key` from `first` to `last`, a block per change."""
    zone = Timezone.from_tzinfo(ZoneInfo(key), tzid=key, first_date=first, last_date=last)
    blocks = []
    for block in zone.subcomponents:
        onsets = block.pop("RDATE", [])
        blocks.append(block)
        for listed in onsets if isinstance(onsets, list) else [onsets]:
            for onset in listed.dts:
                blocks.append(_block_from(block, onset.dt))
    zone.subcomponents = sorted(blocks, key=lambda block: block.DTSTART)
    return zone


def _block_from(block, onset: datetime):
    """A copy of a STANDARD or DAYLIGHT block that starts at `onset` instead."""
    moved = copy.deepcopy(block)
    moved.pop("DTSTART")
    moved.add("DTSTART", onset)
    return moved
