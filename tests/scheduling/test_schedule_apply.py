"""schedule_apply: the proposal becomes meetings, through the programmes services."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from palg.programmes.models import Meeting
from palg.scheduling import services
from palg.scheduling.models import Blackout


def apply(cast, role="facilitator", **options):
    return services.schedule_apply(actor=cast.actor(role), group_id=cast.alpha.pk, **options)


def test_it_creates_the_series_and_moves_the_sets_scheduled_meeting_into_it(planned):
    applied = apply(planned, location="Room 4")
    meetings = list(planned.alpha.meetings.order_by("starts_at"))
    assert len(meetings) == 6
    assert [m.starts_at for m in meetings] == [row.starts_at for row in applied.proposal.rows]
    assert (len(applied.created), len(applied.moved), applied.kept) == (5, 1, 0)
    moved = applied.moved[0]
    assert moved.pk == planned.alpha_meeting.pk and moved.sequence == 1
    assert {m.location for m in applied.created} == {"Room 4"}
    assert {m.duration_minutes for m in applied.created} == {planned.programme.meeting_minutes}


def test_applying_the_same_proposal_again_changes_nothing(planned):
    apply(planned)
    again = apply(planned)
    assert (len(again.created), len(again.moved), again.kept) == (0, 0, 6)
    assert planned.alpha.meetings.count() == 6


def test_a_facilitator_adjusts_one_meeting_afterwards_and_a_new_proposal_would_move_it_back(
    planned,
):
    from palg.programmes.services import meeting_update

    apply(planned)
    third = planned.alpha.meetings.order_by("starts_at")[2]
    meeting_update(
        actor=planned.actor("facilitator"), meeting_id=third.pk,
        starts_at=third.starts_at.replace(hour=13),
    )  # fmt: skip
    proposal = services.schedule_propose(actor=planned.actor("lead"), group_id=planned.alpha.pk)
    assert [row.action for row in proposal.rows] == ["keep", "keep", "move", "keep", "keep", "keep"]


def test_it_refuses_a_stale_preview_and_changes_nothing(planned):
    preview = services.schedule_propose(actor=planned.actor("lead"), group_id=planned.alpha.pk)
    Blackout.objects.create(
        organisation=planned.org, programme=planned.programme, label="Audit",
        starts_on=date(2031, 2, 4), ends_on=date(2031, 2, 4),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        apply(planned, fingerprint=preview.fingerprint)
    assert error.value.messages == [services.MSG_STALE]
    assert planned.alpha.meetings.count() == 1
    planned.alpha_meeting.refresh_from_db()
    assert planned.alpha_meeting.sequence == 0


def test_it_applies_a_fresh_preview(planned):
    preview = services.schedule_propose(
        actor=planned.actor("lead"), group_id=planned.alpha.pk, slot="thu-pm", at=time(15, 0)
    )
    applied = apply(planned, slot="thu-pm", at=time(15, 0), fingerprint=preview.fingerprint)
    assert len(applied.created) == 5
    assert {m.starts_at.weekday() for m in Meeting.objects.filter(group=planned.alpha)} == {3}


def test_a_bad_slot_changes_nothing(planned):
    with pytest.raises(ValidationError):
        apply(planned, slot="someday")
    assert planned.alpha.meetings.count() == 1
