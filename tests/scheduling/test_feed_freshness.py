"""Feeds as subscribed calendars poll them: the same file until something changes (DTSTAMP and
LAST-MODIFIED come from the meeting, not the clock), ETag and Last-Modified headers, 304 to a
conditional GET, and a valid calendar even for someone with no meeting at all."""

from datetime import timedelta

import pytest
import vobject
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from icalendar import Calendar

from palg.programmes.models import Meeting, Membership
from palg.programmes.services import meeting_update
from palg.scheduling import ics
from palg.scheduling.services import feed_create


@pytest.fixture
def later(monkeypatch):
    """Move the clock on by `hours` (for the code under test, not the database)."""

    def move(hours: float):
        moved = timezone.now() + timedelta(hours=hours)
        monkeypatch.setattr(timezone, "now", lambda: moved)

    return move


def feed_url(cast, role="member") -> str:
    _, token = feed_create(user=cast.users[role])
    return reverse("calendar-feed", args=[token])


def test_the_feed_is_the_same_file_an_hour_later_when_nothing_changed(client, cast, later):
    url = feed_url(cast)
    first = client.get(url)
    later(hours=1)
    second = client.get(url)
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert first["Last-Modified"] == second["Last-Modified"]


def test_dtstamp_and_last_modified_are_when_the_meeting_last_changed(client, cast, later):
    url = feed_url(cast)
    (before,) = Calendar.from_ical(client.get(url).content).events
    later(hours=2)
    meeting_update(actor=cast.actor("lead"), meeting_id=cast.alpha_meeting.pk, location="Room 9")
    (after,) = Calendar.from_ical(client.get(url).content).events
    changed = Meeting.objects.get(pk=cast.alpha_meeting.pk).updated_at.replace(microsecond=0)
    assert after["DTSTAMP"].dt == after["LAST-MODIFIED"].dt == changed
    assert after["DTSTAMP"].dt - before["DTSTAMP"].dt >= timedelta(hours=2)
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1


def test_a_feed_answers_304_to_its_own_etag_and_200_once_it_changed(client, cast):
    url = feed_url(cast)
    first = client.get(url)
    assert first["ETag"].startswith('"') and first["Cache-Control"] == "private, no-cache"
    unchanged = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == first["ETag"]
    meeting_update(actor=cast.actor("lead"), meeting_id=cast.alpha_meeting.pk, location="Room 9")
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_if_modified_since_sees_a_meeting_leave_the_feed(client, cast, later):
    """Leaving a set changes no meeting, yet the feed changed: Last-Modified must move on."""
    url = feed_url(cast)
    first = client.get(url)
    since = {"If-Modified-Since": first["Last-Modified"]}
    assert client.get(url, headers=since).status_code == 304
    Membership.objects.filter(group=cast.alpha, person=cast.people["member"]).delete()
    later(hours=1)
    changed = client.get(url, headers=since)
    assert changed.status_code == 200
    assert changed["Last-Modified"] != first["Last-Modified"]
    since = {"If-Modified-Since": changed["Last-Modified"]}
    assert client.get(url, headers=since).status_code == 304


def test_a_change_in_the_same_second_as_a_fetch_still_moves_last_modified_on(client, cast):
    url = feed_url(cast)
    first = client.get(url)
    Membership.objects.filter(group=cast.alpha, person=cast.people["member"]).delete()
    changed = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert changed.status_code == 200


def test_a_sets_calendar_sends_validators_and_answers_304(client_as, cast):
    client = client_as("facilitator")
    url = reverse("set-calendar", args=[cast.alpha.pk])
    first = client.get(url)
    modified = Meeting.objects.get(pk=cast.alpha_meeting.pk).updated_at
    assert first["Last-Modified"] == http_date(modified.timestamp())
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    since = {"If-Modified-Since": first["Last-Modified"]}
    assert client.get(url, headers=since).status_code == 304


def test_a_person_in_no_set_gets_a_valid_calendar_without_events(client, cast, settings, radicale):
    """RFC 5545 section 3.6: a VCALENDAR holds at least one component. A VTIMEZONE is one
    (`timezonec`), so an empty feed carries the site's zone and no event."""
    url = feed_url(cast, "outsider")
    body = client.get(url).content
    imported = radicale.upload_calendar(body)
    assert (
        radicale.uids_between(imported, timezone.now(), timezone.now() + timedelta(days=999))
        == set()
    )
    calendar = Calendar.from_ical(body)
    assert calendar.events == []
    assert [tz["TZID"] for tz in calendar.timezones] == [settings.TIME_ZONE]
    assert len(calendar.subcomponents) >= 1
    parsed = vobject.readOne(body.decode())
    assert not hasattr(parsed, "vevent") and parsed.vtimezone.tzid.value == settings.TIME_ZONE
    assert ics.PRODID in body.decode()
