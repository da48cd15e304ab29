from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from palg.programmes import selectors, services
from palg.programmes.models import Attendance, Meeting, Membership, ProgrammeRole


def test_it_creates_a_set_in_the_latest_round(cast):
    group = services.group_create(
        actor=cast.actor("lead"), programme_id=cast.programme.pk, name="Gamma"
    )
    assert group.round == cast.round


def test_it_refuses_a_duplicate_set_name_in_a_round(cast):
    with pytest.raises(ValidationError):
        services.group_create(actor=cast.actor("lead"), programme_id=cast.programme.pk, name="Beta")


def test_it_adds_a_member_and_enrols_them_as_participant(cast):
    outsider = cast.people["outsider"]
    services.membership_add(actor=cast.actor("lead"), group_id=cast.alpha.pk, person_id=outsider.pk)
    assert Membership.objects.get(group=cast.alpha, person=outsider).role == "member"
    assert ProgrammeRole.objects.filter(
        programme=cast.programme, person=outsider, role="participant"
    ).exists()


def test_it_keeps_a_person_in_one_set_per_round(cast):
    with pytest.raises(ValidationError) as error:
        services.membership_add(
            actor=cast.actor("lead"),
            group_id=cast.alpha.pk,
            person_id=cast.people["other_member"].pk,
        )
    assert error.value.message_dict == {
        "person": [services.MSG_ALREADY_IN_ROUND.format(person="Bob", group="Beta")]
    }
    assert not Membership.objects.filter(
        group=cast.alpha, person=cast.people["other_member"]
    ).exists()


def test_it_lets_one_facilitator_serve_several_sets(cast):
    services.membership_add(
        actor=cast.actor("lead"),
        group_id=cast.beta.pk,
        person_id=cast.people["facilitator"].pk,
        role="facilitator",
    )
    assert cast.people["facilitator"].memberships.count() == 2


def test_it_does_not_let_members_change_their_set(cast):
    with pytest.raises(PermissionDenied):
        services.membership_add(
            actor=cast.actor("member"),
            group_id=cast.alpha.pk,
            person_id=cast.people["outsider"].pk,
        )


def test_it_removes_a_member_and_says_so_when_they_were_not_there(cast):
    services.membership_remove(
        actor=cast.actor("lead"), group_id=cast.alpha.pk, person_id=cast.people["ann"].pk
    )
    with pytest.raises(ValidationError):
        services.membership_remove(
            actor=cast.actor("lead"), group_id=cast.alpha.pk, person_id=cast.people["ann"].pk
        )


def test_it_lets_the_sets_facilitator_schedule_with_the_programmes_meeting_length(cast):
    starts = timezone.now() + timedelta(days=30)
    meeting = services.meeting_schedule(
        actor=cast.actor("facilitator"), group_id=cast.alpha.pk, starts_at=starts
    )
    assert meeting.duration_minutes == cast.programme.meeting_minutes


def test_it_refuses_scheduling_by_members_and_sponsors(cast):
    starts = timezone.now() + timedelta(days=30)
    for role in ("member", "sponsor"):
        with pytest.raises(PermissionDenied):
            services.meeting_schedule(
                actor=cast.actor(role), group_id=cast.alpha.pk, starts_at=starts
            )
    with pytest.raises(Http404):
        services.meeting_schedule(
            actor=cast.actor("other_member"), group_id=cast.alpha.pk, starts_at=starts
        )
    assert Meeting.objects.count() == 2


def test_it_cancels_a_meeting(cast):
    meeting = services.meeting_update(
        actor=cast.actor("lead"), meeting_id=cast.alpha_meeting.pk, status="cancelled"
    )
    assert meeting.status == Meeting.Status.CANCELLED


def test_it_records_attendance_for_set_members_only(cast):
    services.attendance_record(
        actor=cast.actor("facilitator"),
        meeting_id=cast.alpha_meeting.pk,
        person_id=cast.people["ann"].pk,
        status="apologies",
    )
    assert Attendance.objects.get(person=cast.people["ann"]).status == "apologies"
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            actor=cast.actor("facilitator"),
            meeting_id=cast.alpha_meeting.pk,
            person_id=cast.people["other_member"].pk,
            status="present",
        )
    assert error.value.message_dict == {"person": [services.MSG_MEETING_NOT_IN_SET]}


def test_it_keeps_the_meeting_record_inside_the_set(cast):
    services.meeting_record_update(
        actor=cast.actor("member"), meeting_id=cast.alpha_meeting.pk, text="We agreed to try X"
    )
    record = selectors.meeting_record_get(
        actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk
    )
    assert record.text == "We agreed to try X"
    assert record.updated_by == cast.people["member"]
    for role in ("lead", "sponsor", "admin"):
        with pytest.raises(PermissionDenied):
            selectors.meeting_record_get(actor=cast.actor(role), meeting_id=cast.alpha_meeting.pk)
        with pytest.raises(PermissionDenied):
            services.meeting_record_update(
                actor=cast.actor(role), meeting_id=cast.alpha_meeting.pk, text="peek"
            )
    with pytest.raises(Http404):
        selectors.meeting_record_get(
            actor=cast.actor("other_member"), meeting_id=cast.alpha_meeting.pk
        )


def test_it_refuses_a_meeting_shorter_than_a_quarter_hour(cast):
    with pytest.raises(ValidationError) as error:
        services.meeting_schedule(
            actor=cast.actor("lead"),
            group_id=cast.alpha.pk,
            starts_at=timezone.now() + timedelta(days=3),
            duration_minutes=5,
        )
    assert "duration_minutes" in error.value.message_dict


def test_it_never_puts_a_line_manager_in_a_set_with_their_own_report(cast):
    outsider = cast.people["outsider"]
    outsider.manager = cast.people["member"]
    outsider.save()
    with pytest.raises(ValidationError) as error:
        services.membership_add(
            actor=cast.actor("lead"), group_id=cast.alpha.pk, person_id=outsider.pk
        )
    assert error.value.message_dict == {
        "person": [
            services.MSG_LINE_MANAGER.format(
                person="Otto", group="Alpha", other="Alice", relation="their line manager"
            )
        ]
    }
    assert not Membership.objects.filter(group=cast.alpha, person=outsider).exists()


def test_it_refuses_a_manager_whose_report_is_already_in_the_set(cast):
    ann = cast.people["ann"]
    ann.manager = cast.people["outsider"]
    ann.save()
    with pytest.raises(ValidationError) as error:
        services.membership_add(
            actor=cast.actor("lead"),
            group_id=cast.alpha.pk,
            person_id=cast.people["outsider"].pk,
            role="facilitator",
        )
    assert "their direct report" in error.value.message_dict["person"][0]
