"""A session starts on its meeting's day: from a few hours before the meeting to the end of that
day where the set meets, never for a cancelled or held meeting; preparing and bidding stay open
before then."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from palg.live import bidding, services
from palg.live.models import LiveSession
from palg.programmes.models import Meeting
from tests.live.cycle import client_for, url
from tests.web.pages import text

LONDON = ZoneInfo("Europe/London")


def meet_at(cast, starts_at) -> Meeting:
    Meeting.objects.filter(pk=cast.alpha_meeting.pk).update(starts_at=starts_at)
    cast.alpha_meeting.refresh_from_db()
    return cast.alpha_meeting


def start(cast):
    return services.session_control(actor=cast.actor("facilitator"),
                                    meeting_id=cast.alpha_meeting.pk, action="start",
                                    version=0)  # fmt: skip


def test_a_session_weeks_ahead_does_not_start_and_says_when_it_can(cast):
    meet_at(cast, timezone.now() + timedelta(weeks=3))
    with pytest.raises(ValidationError, match="its session can start from") as refused:
        start(cast)
    assert "Until then you can prepare the plan, and members can bid." in refused.value.messages[0]
    assert not LiveSession.objects.filter(status="running").exists()
    # Members bid ahead all the same.
    bidding.bid_place(actor=cast.actor("member"), meeting_id=cast.alpha_meeting.pk, text="Mine")


def test_a_session_starts_from_three_hours_before_its_meeting(cast):
    meet_at(cast, timezone.now() + timedelta(hours=2, minutes=50))
    assert start(cast).status == "running"


def test_the_start_window_follows_the_set_s_own_clock():
    meeting = Meeting(starts_at=datetime(2027, 3, 9, 14, 0, tzinfo=LONDON), duration_minutes=180)
    meeting.group = _group_in("Europe/London")
    before = datetime(2027, 3, 9, 10, 59, tzinfo=LONDON)
    assert "from 11:00" in services.start_refusal(meeting, before)
    assert "on Tuesday 9 March 2027 at 14:00" in services.start_refusal(meeting, before)
    assert services.start_refusal(meeting, datetime(2027, 3, 9, 11, 0, tzinfo=LONDON)) is None
    assert services.start_refusal(meeting, datetime(2027, 3, 9, 23, 59, tzinfo=LONDON)) is None
    late = services.start_refusal(meeting, datetime(2027, 3, 10, 0, 0, tzinfo=LONDON))
    assert late.startswith("This meeting was on Tuesday 9 March 2027")


def _group_in(zone: str):
    from palg.programmes.models import Group, Programme, Round

    return Group(round=Round(programme=Programme(time_zone=zone)))


def test_a_meeting_from_last_week_does_not_start(cast):
    meet_at(cast, timezone.now() - timedelta(days=7))
    with pytest.raises(ValidationError, match="This meeting was on .*move the meeting to today"):
        start(cast)


@pytest.mark.parametrize(
    "status,message",
    [("cancelled", "This meeting is cancelled"), ("held", "already marked held")],
)
def test_a_cancelled_or_held_meeting_does_not_start(cast, status, message):
    Meeting.objects.filter(pk=cast.alpha_meeting.pk).update(status=status)
    with pytest.raises(ValidationError, match=message):
        start(cast)


def test_the_facilitator_sees_why_the_session_cannot_start_yet_instead_of_the_button(cast):
    meet_at(cast, timezone.now() + timedelta(days=5))
    client = client_for(cast.users["facilitator"])
    body = text(client.get(url("live-session", cast.alpha_meeting.pk)))
    assert "its session can start from" in body
    assert "Start the session" not in body
    assert "Save the plan" in body  # preparing stays open
    response = client.post(url("live-control", cast.alpha_meeting.pk),
                           {"action": "start", "version": 0}, follow=True)  # fmt: skip
    assert "its session can start from" in text(response)
    assert not LiveSession.objects.filter(status="running").exists()


def test_on_the_day_the_button_is_there(cast):
    body = text(
        client_for(cast.users["facilitator"]).get(url("live-session", cast.alpha_meeting.pk))
    )
    assert "Start the session" in body  # the cast's meetings are today (tests/live/conftest.py)
