"""Meeting.sequence: the existing move and cancel service bumps it, as RFC 5545 asks."""

from datetime import timedelta

from palg.programmes.models import Meeting
from palg.programmes.services import meeting_update


def update(cast, **fields):
    meeting = meeting_update(actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk,
                             **fields)  # fmt: skip
    meeting.refresh_from_db()
    return meeting


def test_a_new_meeting_starts_at_sequence_zero(cast):
    assert cast.alpha_meeting.sequence == 0


def test_moving_a_meeting_bumps_its_sequence_each_time(cast):
    start = cast.alpha_meeting.starts_at
    assert update(cast, starts_at=start + timedelta(days=1)).sequence == 1
    assert update(cast, starts_at=start + timedelta(days=2)).sequence == 2


def test_a_new_length_or_place_bumps_it(cast):
    assert update(cast, duration_minutes=120).sequence == 1
    assert update(cast, location="Room 2").sequence == 2


def test_cancelling_bumps_it_and_so_does_undoing_the_cancellation(cast):
    assert update(cast, status=Meeting.Status.CANCELLED).sequence == 1
    assert update(cast, status=Meeting.Status.SCHEDULED).sequence == 2


def test_saving_without_a_change_or_marking_held_does_not(cast):
    meeting = cast.alpha_meeting
    same = {"starts_at": meeting.starts_at, "duration_minutes": meeting.duration_minutes,
            "location": meeting.location, "status": meeting.status}  # fmt: skip
    assert update(cast, **same).sequence == 0
    assert update(cast, status=Meeting.Status.HELD).sequence == 0
