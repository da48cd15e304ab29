"""palg's calendar files as independent clients read them: vobject (the parser behind Radicale
and many desktop and CalDAV tools), icalendar, and a real Radicale CalDAV server. A winter and
a summer meeting must land at the same UTC instants in each of them, in every file palg makes:
a set's calendar, a person's feed and an invitation's attachment."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.urls import reverse
from icalendar import Calendar

from palg.programmes.models import Meeting, Programme
from palg.scheduling import ics
from palg.scheduling.services import feed_create

# Northern and southern summers, and a zone whose offset is not whole hours.
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]
WINTER, SUMMER = datetime(2031, 1, 7, 9, 0), datetime(2031, 7, 1, 9, 0)


def in_zone(cast, zone: str) -> tuple[Meeting, Meeting]:
    """Alpha meets at 09:00 local time on 7 January and 1 July 2031 in a programme in `zone`."""
    Programme.objects.filter(pk=cast.programme.pk).update(time_zone=zone)
    local = ZoneInfo(zone)
    Meeting.objects.filter(pk=cast.alpha_meeting.pk).update(starts_at=WINTER.replace(tzinfo=local))
    Meeting.objects.create(group=cast.alpha, starts_at=SUMMER.replace(tzinfo=local))
    meetings = Meeting.objects.select_related("group__round__programme").filter(group=cast.alpha)
    return tuple(meetings.order_by("starts_at"))


def utc_starts(meetings) -> dict[str, datetime]:
    return {ics.meeting_uid(m): m.starts_at.astimezone(UTC) for m in meetings}


def calendar_files(client_as, client, cast, meetings) -> dict[str, bytes]:
    """Every kind of file palg makes with these meetings in it."""
    set_calendar = client_as("facilitator").get(reverse("set-calendar", args=[cast.alpha.pk]))
    _, token = feed_create(user=cast.users["member"])
    person_feed = client.get(reverse("calendar-feed", args=[token]))
    assert set_calendar.status_code == person_feed.status_code == 200
    files = {"set calendar": set_calendar.content, "personal feed": person_feed.content}
    for meeting in meetings:
        name = f"invitation {meeting.starts_at:%B}"
        files[name] = ics.invitation(meeting, cast.people["member"], ics.REQUEST)
    return files


def vobject_starts(body: bytes) -> dict[str, datetime]:
    calendar = vobject.readOne(body.decode())
    return {e.uid.value: e.dtstart.value.astimezone(UTC) for e in calendar.vevent_list}


def icalendar_starts(body: bytes) -> dict[str, datetime]:
    events = Calendar.from_ical(body).events
    return {str(e["UID"]): e.start.astimezone(UTC) for e in events}


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("read", [vobject_starts, icalendar_starts], ids=["vobject", "icalendar"])
def test_parsers_place_winter_and_summer_meetings_at_their_utc_times(
    client_as, client, cast, zone, read
):
    meetings = in_zone(cast, zone)
    expected = utc_starts(meetings)
    for name, body in calendar_files(client_as, client, cast, meetings).items():
        found = read(body)
        assert found == {uid: expected[uid] for uid in found}, name
        assert found, name


@pytest.mark.parametrize("zone", ["Europe/London", "Australia/Sydney"])
def test_a_caldav_server_finds_each_meeting_exactly_where_it_is(
    client_as, client, cast, radicale, zone
):
    meetings = in_zone(cast, zone)
    files = calendar_files(client_as, client, cast, meetings)
    feeds = ("set calendar", "personal feed")
    uploaded = {name: radicale.upload_calendar(files[name]) for name in feeds}
    for meeting in meetings:
        invitation = radicale.put_event(files[f"invitation {meeting.starts_at:%B}"])
        for name, path in [*uploaded.items(), ("invitation", invitation)]:
            assert_found_exactly_at(radicale, path, meeting, name)


def assert_found_exactly_at(radicale, path: str, meeting: Meeting, name: str) -> None:
    """Radicale's time-range queries find the meeting from its start to its end, not a minute
    before it starts nor a minute after it ends."""
    uid = ics.meeting_uid(meeting)
    start = meeting.starts_at.astimezone(UTC)
    end = start + timedelta(minutes=meeting.duration_minutes)
    minute = timedelta(minutes=1)
    assert uid not in radicale.uids_between(path, start - minute, start), f"{name}: early"
    assert uid in radicale.uids_between(path, start, start + minute), f"{name}: start"
    assert uid in radicale.uids_between(path, end - minute, end), f"{name}: end"
    assert uid not in radicale.uids_between(path, end, end + minute), f"{name}: late"
