"""Meetings and start dates stored before palg.dates' window was enforced (the web forms took
years up to 9999) break no page, calendar file or invitation: calendars leave such meetings out,
the new-meeting page suggests no date and the schedule page says what is wrong."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from palg import dates
from palg.notify.models import Notice
from palg.notify.planning import notices_plan
from palg.programmes.models import Meeting, Programme
from palg.scheduling import ics
from palg.scheduling.services import feed_create
from tests.scheduling.conftest import other_set
from tests.web.pages import text

# The last hour Python can hold; its end, or any zone east of UTC, overflows.
LAST_HOUR = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)


@pytest.fixture
def far_meeting(cast):
    """A meeting stored with no validation, as the old web form stored it, in a programme that
    meets east of UTC, where even showing its local time overflows."""
    Programme.objects.filter(pk=cast.programme.pk).update(time_zone="Asia/Tokyo")
    return Meeting.objects.create(group=cast.alpha, starts_at=LAST_HOUR)


def uids(response) -> list[str]:
    return [str(event["UID"]) for event in Calendar.from_ical(response.content).events]


def test_the_sets_calendar_leaves_it_out(far_meeting, cast, client_as):
    response = client_as("member").get(reverse("set-calendar", args=[cast.alpha.pk]))
    assert response.status_code == 200
    assert uids(response) == [ics.meeting_uid(cast.alpha_meeting)]


def test_every_members_feed_leaves_it_out_across_programmes(far_meeting, cast, client):
    elsewhere = other_set(
        cast, "Gamma", {"member": "member"}, meets=datetime(2031, 5, 6, 9, tzinfo=UTC)
    )
    _, token = feed_create(user=cast.users["member"])
    response = client.get(reverse("calendar-feed", args=[token]))
    assert response.status_code == 200
    expected = {ics.meeting_uid(cast.alpha_meeting), ics.meeting_uid(elsewhere.meetings.get())}
    assert set(uids(response)) == expected


def test_the_new_meeting_page_suggests_no_date_after_it(far_meeting, cast, client_as):
    response = client_as("lead").get(reverse("meeting-create", args=[cast.alpha.pk]))
    assert response.status_code == 200
    assert 'name="date" value=' not in text(response)


def test_no_invitation_is_planned_for_it(far_meeting, cast):
    notices_plan()
    assert Notice.objects.filter(kind=Notice.Kind.INVITATION).exists()
    assert not Notice.objects.filter(meeting=far_meeting).exists()


def test_the_schedule_page_explains_a_stored_start_date_outside_the_window(cast, client_as):
    Programme.objects.filter(pk=cast.programme.pk).update(start_date=datetime(9999, 12, 1))
    response = client_as("lead").get(
        reverse("set-schedule", args=[cast.alpha.pk]), {"slot": "tue-am"}
    )
    assert response.status_code == 200
    assert dates.window_message() in text(response)
