"""Calendar files: they parse with icalendar and follow RFC 5545 and 5546."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from palg.programmes.models import Meeting, Programme
from palg.programmes.services import meeting_update
from palg.scheduling import ics

LONDON = ZoneInfo("Europe/London")


def meeting_at(cast, when: datetime, **fields) -> Meeting:
    Meeting.objects.filter(pk=cast.alpha_meeting.pk).update(starts_at=when, **fields)
    return Meeting.objects.select_related("group__round__programme").get(pk=cast.alpha_meeting.pk)


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def only_event(calendar: Calendar):
    assert len(calendar.events) == 1
    return calendar.events[0]


def test_a_feed_parses_and_carries_uid_dtstamp_tzid_sequence_and_the_zone(cast):
    meeting = meeting_at(cast, datetime(2031, 7, 1, 9, 0, tzinfo=LONDON), location="Room 4")
    calendar = parse(ics.feed([meeting], name="Alice"))
    event = only_event(calendar)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"] == ics.PRODID
    assert "METHOD" not in calendar
    assert event["UID"] == ics.meeting_uid(meeting)
    assert event["DTSTAMP"].dt == event["LAST-MODIFIED"].dt == ics.meeting_modified(meeting)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].params["TZID"] == "Europe/London"
    assert event.start == datetime(2031, 7, 1, 9, 0, tzinfo=LONDON)
    assert event.end == datetime(2031, 7, 1, 12, 0, tzinfo=LONDON)
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Set Alpha: action learning (Leading through change)"
    assert event["LOCATION"] == "Room 4"
    assert [tz["TZID"] for tz in calendar.timezones] == ["Europe/London"]


def test_a_formed_set_is_titled_set_1_not_set_set_1(cast):
    cast.alpha.name = "Set 1"
    cast.alpha.save()
    meeting = meeting_at(cast, datetime(2031, 7, 1, 9, 0, tzinfo=LONDON))
    event = only_event(parse(ics.feed([meeting], name="Alice")))
    assert event["SUMMARY"] == "Set 1: action learning (Leading through change)"


def test_times_are_in_the_programmes_own_zone(cast):
    Programme.objects.filter(pk=cast.programme.pk).update(time_zone="America/New_York")
    meeting = meeting_at(cast, datetime(2031, 7, 1, 14, 0, tzinfo=UTC))
    event = only_event(parse(ics.feed([meeting], name="x")))
    assert event["DTSTART"].to_ical() == b"20310701T100000"
    assert event["DTSTART"].params["TZID"] == "America/New_York"


def test_one_vtimezone_per_zone_used(cast):
    first = meeting_at(cast, datetime(2031, 7, 1, 9, 0, tzinfo=LONDON))
    other = Meeting.objects.select_related("group__round__programme").get(pk=cast.beta_meeting.pk)
    calendar = parse(ics.feed([first, other], name="x"))
    assert len(calendar.events) == 2
    assert [tz["TZID"] for tz in calendar.timezones] == ["Europe/London"]


def test_the_uid_is_stable_and_unique_per_meeting(cast, settings):
    settings.SITE_URL = "https://palg.acme.example"
    alpha = cast.alpha_meeting
    assert ics.meeting_uid(alpha) == ics.meeting_uid(Meeting.objects.get(pk=alpha.pk))
    assert ics.meeting_uid(alpha) != ics.meeting_uid(cast.beta_meeting)
    assert ics.meeting_uid(alpha).endswith("@palg.acme.example")


def test_a_move_increases_sequence_and_keeps_the_uid(cast):
    before = only_event(parse(ics.invitation(cast.alpha_meeting, cast.people["member"], "REQUEST")))
    moved = meeting_update(
        actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk,
        starts_at=cast.alpha_meeting.starts_at + timedelta(days=7),
    )  # fmt: skip
    after = only_event(parse(ics.invitation(moved, cast.people["member"], "REQUEST")))
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.start - before.start == timedelta(days=7)


def test_an_invitation_is_a_request_to_the_person_from_the_site(cast, settings):
    settings.DEFAULT_FROM_EMAIL = "Acme palg <palg@acme.example>"
    calendar = parse(ics.invitation(cast.alpha_meeting, cast.people["member"], ics.REQUEST))
    event = only_event(calendar)
    assert calendar["METHOD"] == "REQUEST"
    assert event["STATUS"] == "CONFIRMED"
    assert str(event["ORGANIZER"]) == "mailto:palg@acme.example"
    assert event["ORGANIZER"].params["CN"] == "Leading through change"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:alice@acme.example"
    assert attendee.params["CN"] == "Alice" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert calendar.timezones


def test_a_cancellation_gives_status_cancelled_and_method_cancel(cast):
    cancelled = meeting_update(
        actor=cast.actor("lead"), meeting_id=cast.alpha_meeting.pk,
        status=Meeting.Status.CANCELLED,
    )  # fmt: skip
    calendar = parse(ics.invitation(cancelled, cast.people["member"], ics.CANCEL))
    event = only_event(calendar)
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert event["UID"] == ics.meeting_uid(cast.alpha_meeting)


def test_a_cancel_to_someone_leaving_a_meeting_that_stands_is_cancelled_for_them(cast):
    event = only_event(parse(ics.invitation(cast.alpha_meeting, cast.people["ann"], ics.CANCEL)))
    assert event["STATUS"] == "CANCELLED"


def test_a_cancelled_meeting_stays_in_a_feed_as_cancelled(cast):
    Meeting.objects.filter(pk=cast.alpha_meeting.pk).update(status=Meeting.Status.CANCELLED)
    meeting = Meeting.objects.get(pk=cast.alpha_meeting.pk)
    assert only_event(parse(ics.feed([meeting], name="x")))["STATUS"] == "CANCELLED"


def test_it_refuses_an_unknown_method(cast):
    with pytest.raises(ValueError, match="REQUEST or CANCEL"):
        ics.invitation(cast.alpha_meeting, cast.people["member"], "PUBLISH")


def test_the_method_follows_the_meetings_state(cast):
    assert ics.method_for(cast.alpha_meeting) == ics.REQUEST
    cast.alpha_meeting.status = Meeting.Status.CANCELLED
    assert ics.method_for(cast.alpha_meeting) == ics.CANCEL
