"""schedule_propose: the set's series from the programme and its common slot, with blackouts
and clashes, changing nothing."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from palg.programmes.models import Meeting, Membership
from palg.scheduling import services
from palg.scheduling.models import Blackout
from palg.scheduling.selectors import group_common_slots
from tests.scheduling.conftest import LONDON, other_set


def propose(cast, role="facilitator", **options):
    return services.schedule_propose(actor=cast.actor(role), group_id=cast.alpha.pk, **options)


def test_it_finds_the_slots_every_member_is_free_in(planned):
    assert group_common_slots(group=planned.alpha) == ["tue-am", "thu-pm"]


def test_members_without_availability_are_free_in_every_slot(planned):
    planned.people["ann"].availability = []
    planned.people["ann"].save()
    assert group_common_slots(group=planned.alpha) == ["tue-am", "thu-pm"]


def test_a_set_where_nobody_gave_availability_has_no_common_slot(cast):
    assert group_common_slots(group=cast.alpha) == []


def test_it_proposes_the_programmes_series_on_the_common_slot(planned):
    proposal = propose(planned)
    assert proposal.slot == "tue-am"
    assert len(proposal.rows) == planned.programme.meeting_count == 6
    days = [row.starts_at.date() for row in proposal.rows]
    assert days[0] == date(2031, 1, 7)
    gaps = {(b - a).days for a, b in zip(days, days[1:], strict=False)}
    assert gaps == {7 * planned.programme.cadence_weeks}
    assert {row.starts_at.time() for row in proposal.rows} == {time(9, 0)}
    assert {str(row.starts_at.tzinfo) for row in proposal.rows} == {"Europe/London"}


def test_it_takes_another_slot_time_and_start_when_asked(planned):
    proposal = propose(planned, slot="thu-pm", at=time(13, 30), start=date(2031, 2, 1))
    first = proposal.rows[0].starts_at
    assert (first.date(), first.time()) == (date(2031, 2, 6), time(13, 30))


def test_it_plans_in_the_programmes_time_zone(planned):
    planned.programme.time_zone = "America/New_York"
    planned.programme.save()
    proposal = propose(planned)
    assert str(proposal.rows[0].starts_at.tzinfo) == "America/New_York"
    assert proposal.rows[0].starts_at.utcoffset().total_seconds() == -5 * 3600


def test_it_matches_the_sets_existing_meetings_in_order_and_changes_nothing(planned):
    existing = planned.alpha_meeting
    proposal = propose(planned)
    assert [row.action for row in proposal.rows] == ["move"] + ["new"] * 5
    assert proposal.rows[0].existing == existing
    existing.refresh_from_db()
    assert planned.alpha.meetings.count() == 1 and existing.sequence == 0


def test_it_never_moves_a_held_meeting(planned):
    Meeting.objects.filter(pk=planned.alpha_meeting.pk).update(status=Meeting.Status.HELD)
    proposal = propose(planned)
    assert proposal.rows[0].action == "held"
    assert proposal.rows[0].starts_at == planned.alpha_meeting.starts_at


def test_it_skips_blackouts_and_says_which_and_why(planned):
    Blackout.objects.create(
        organisation=planned.org, label="Half term", starts_on=date(2031, 2, 1),
        ends_on=date(2031, 2, 7),
    )  # fmt: skip
    proposal = propose(planned)
    second = proposal.rows[1]
    assert second.starts_at.date() == date(2031, 2, 11)
    assert second.notes == [
        "Meeting 2 moves from Tue 04 Feb 2031 to Tue 11 Feb 2031: Half term "
        "(Sat 01 Feb 2031 to Fri 07 Feb 2031)."
    ]
    assert proposal.skipped == second.notes


def test_another_programmes_blackouts_do_not_apply(planned):
    from palg.programmes.models import Programme

    elsewhere = Programme.objects.create(organisation=planned.org, name="Elsewhere")
    Blackout.objects.create(
        organisation=planned.org, programme=elsewhere, label="Their offsite",
        starts_on=date(2031, 2, 1), ends_on=date(2031, 2, 7),
    )  # fmt: skip
    assert propose(planned).skipped == []


def test_it_warns_of_a_person_in_two_sets_whose_meetings_overlap(planned):
    meets = datetime(2031, 2, 4, 11, 0, tzinfo=LONDON)  # meeting 2 runs 09:00-12:00
    other_set(planned, "Gamma", {"member": "member"}, meets=meets)
    proposal = propose(planned, role="admin")
    assert proposal.rows[1].clashes == [
        "Meeting 2, Tue 04 Feb 2031, 09:00: Alice is also in Set Gamma, which meets "
        "Tue 04 Feb 2031, 11:00–13:00."
    ]
    assert proposal.clashes == proposal.rows[1].clashes


def test_it_warns_of_a_facilitator_of_two_sets_at_once(planned):
    meets = datetime(2031, 3, 4, 8, 0, tzinfo=LONDON)
    other_set(planned, "Delta", {"facilitator": "facilitator"}, meets=meets)
    proposal = propose(planned)
    assert proposal.clashes == [
        "Meeting 3, Tue 04 Mar 2031, 09:00: Fran also facilitates Set Delta, which meets "
        "Tue 04 Mar 2031, 08:00–10:00."
    ]


def test_it_names_another_set_only_to_those_who_may_see_it(planned):
    meets = datetime(2031, 2, 4, 9, 0, tzinfo=LONDON)
    gamma = other_set(planned, "Gamma", {"member": "member"}, meets=meets)
    # The admin sees every set of the organisation; the lead has no part in Gamma's programme.
    assert "Set Gamma" in propose(planned, role="admin").clashes[0]
    assert "Alice is also in another set" in propose(planned, role="lead").clashes[0]
    Membership.objects.create(group=gamma, person=planned.people["lead"], role="facilitator")
    assert "Set Gamma" in propose(planned, role="lead").clashes[0]


def test_cancelled_and_touching_meetings_are_no_clash(planned):
    cancelled = other_set(
        planned, "Gamma", {"member": "member"}, meets=datetime(2031, 1, 7, 10, tzinfo=LONDON)
    )
    cancelled.meetings.update(status=Meeting.Status.CANCELLED)
    other_set(planned, "Delta", {"ann": "member"}, meets=datetime(2031, 1, 7, 12, tzinfo=LONDON))
    assert propose(planned).clashes == []


def test_it_needs_a_start_date(cast):
    with pytest.raises(ValidationError) as error:
        propose(cast, slot="tue-am")
    assert error.value.message_dict == {"start": [services.MSG_NO_START]}


def test_it_needs_a_slot_when_the_members_share_none(cast):
    with pytest.raises(ValidationError) as error:
        propose(cast, start=date(2031, 1, 6))
    assert error.value.message_dict == {"slot": [services.MSG_NO_SLOT]}


def test_it_refuses_an_unknown_slot(planned):
    with pytest.raises(ValidationError) as error:
        propose(planned, slot="tue-night")
    message = services.MSG_UNKNOWN_SLOT.format(slot="tue-night")
    assert error.value.message_dict == {"slot": [message]}


def test_it_is_for_leads_admins_and_the_sets_facilitator(planned):
    for role in ("lead", "admin", "facilitator"):
        assert propose(planned, role=role).rows
    for role in ("member", "sponsor"):
        with pytest.raises(PermissionDenied):
            propose(planned, role=role)
    for role in ("other_member", "outsider", "stranger"):
        with pytest.raises(Http404):
            propose(planned, role=role)


def test_it_says_when_a_proposed_meeting_has_passed(planned):
    proposal = propose(planned, start=date(2020, 1, 6))
    assert proposal.rows[0].notes == [
        "Meeting 1 would be on Tue 07 Jan 2020, which has passed: check the first date."
    ]


def test_meetings_beyond_the_series_stay_as_they_are_and_are_named(planned):
    from palg.programmes.models import Programme

    Programme.objects.filter(pk=planned.programme.pk).update(meeting_count=1)
    extra = Meeting.objects.create(
        group=planned.alpha, starts_at=datetime(2031, 6, 3, 8, 0, tzinfo=LONDON)
    )
    proposal = propose(planned)
    assert [row.action for row in proposal.rows] == ["move"]
    assert proposal.leftovers == [extra]
    assert proposal.notes == ["Left as scheduled, after the series: Tue 03 Jun 2031."]
