"""Joining a set: nobody who oversees a programme puts themselves in one of its sets, someone
added later reads only the meetings held after they joined, and every change is recorded."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palg import access
from palg.live.models import ExperimentCard
from palg.programmes import selectors, services
from palg.programmes.models import Meeting, MeetingRecord, Membership, MembershipChange
from tests.conftest import make_user


def ann(cast) -> access.Actor:
    return access.Actor.from_user(make_user(cast.people["ann"]))


def held_before(meeting: Meeting, days: int = 30) -> Meeting:
    """Make `meeting` one planned and held `days` ago, as a set's history is, by the people in
    its set now, who joined before it was planned."""
    past = timezone.now() - timedelta(days=days)
    Membership.objects.filter(group_id=meeting.group_id).update(joined_at=past - timedelta(days=8))
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=past, created_at=past - timedelta(days=7), status=Meeting.Status.HELD
    )
    return Meeting.objects.get(pk=meeting.pk)


@pytest.mark.parametrize("role", ["lead", "admin"])
def test_an_overseer_cannot_put_themselves_in_a_set(cast, role):
    actor = cast.actor(role)
    for set_role in ("member", "facilitator"):
        with pytest.raises(ValidationError) as error:
            services.membership_add(
                actor=actor, group_id=cast.alpha.pk, person_id=actor.person_id, role=set_role
            )
        assert error.value.message_dict == {"person": [services.MSG_SELF_ADD]}
    assert not Membership.objects.filter(person_id=actor.person_id).exists()
    with pytest.raises(PermissionDenied):
        access.meeting_content_get_for_actor(actor=actor, meeting_id=cast.alpha_meeting.pk)


def test_a_lead_in_a_set_cannot_change_their_own_role_in_it(cast):
    Membership.objects.create(group=cast.beta, person=cast.people["lead"], role="member")
    with pytest.raises(ValidationError):
        services.membership_add(
            actor=cast.actor("lead"),
            group_id=cast.beta.pk,
            person_id=cast.people["lead"].pk,
            role="facilitator",
        )
    assert Membership.objects.get(group=cast.beta, person=cast.people["lead"]).role == "member"


def test_someone_added_later_reads_only_the_meetings_held_after_they_joined(cast):
    held = held_before(cast.alpha_meeting)
    otto = cast.people["outsider"]
    services.membership_add(actor=cast.actor("lead"), group_id=cast.alpha.pk, person_id=otto.pk)
    actor = cast.actor("outsider")
    with pytest.raises(PermissionDenied) as error:
        access.meeting_content_get_for_actor(actor=actor, meeting_id=held.pk)
    assert str(error.value) == access.MSG_CONTENT_BEFORE_JOINING
    with pytest.raises(PermissionDenied):
        selectors.meeting_record_get(actor=actor, meeting_id=held.pk)
    coming = services.meeting_schedule(
        actor=cast.actor("lead"),
        group_id=cast.alpha.pk,
        starts_at=timezone.now() + timedelta(days=14),
    )
    assert access.meeting_content_get_for_actor(actor=actor, meeting_id=coming.pk) == coming
    # Those who were there keep reading it.
    assert access.meeting_content_get_for_actor(actor=cast.actor("member"), meeting_id=held.pk)


def test_a_meeting_planned_before_they_joined_but_held_after_is_theirs_too(cast):
    Meeting.objects.filter(pk=cast.alpha_meeting.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    otto = cast.people["outsider"]
    services.membership_add(actor=cast.actor("lead"), group_id=cast.alpha.pk, person_id=otto.pk)
    meeting = access.meeting_content_get_for_actor(
        actor=cast.actor("outsider"), meeting_id=cast.alpha_meeting.pk
    )
    assert meeting == cast.alpha_meeting


def test_a_meeting_with_content_keeps_its_date_so_moving_it_opens_nothing(cast):
    held = held_before(cast.alpha_meeting)
    services.meeting_record_update(actor=cast.actor("member"), meeting_id=held.pk, text="Said")
    otto = cast.people["outsider"]
    services.membership_add(actor=cast.actor("lead"), group_id=cast.alpha.pk, person_id=otto.pk)
    later = timezone.now() + timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        services.meeting_update(actor=cast.actor("lead"), meeting_id=held.pk, starts_at=later)
    assert error.value.message_dict == {"starts_at": [services.MSG_HELD_KEEPS_DATE]}
    assert Meeting.objects.get(pk=held.pk).starts_at == held.starts_at
    with pytest.raises(PermissionDenied):
        access.meeting_content_get_for_actor(actor=cast.actor("outsider"), meeting_id=held.pk)


def test_a_meeting_with_nothing_in_it_can_still_be_moved(cast):
    held = held_before(cast.alpha_meeting)
    MeetingRecord.objects.filter(meeting=held).delete()
    later = timezone.now() + timedelta(days=7)
    moved = services.meeting_update(actor=cast.actor("lead"), meeting_id=held.pk, starts_at=later)
    assert moved.starts_at == later


def test_the_query_form_of_the_rule_agrees_with_the_one_for_a_meeting_in_hand(cast):
    held = held_before(cast.alpha_meeting)
    later = Meeting.objects.create(group=cast.alpha, starts_at=timezone.now() + timedelta(days=9))
    otto = cast.people["outsider"]
    services.membership_add(actor=cast.actor("lead"), group_id=cast.alpha.pk, person_id=otto.pk)
    for role, expected in (("outsider", {later}), ("member", {held, later})):
        actor = cast.actor(role)
        assert set(access.content_meetings_for_actor(actor, cast.alpha)) == expected
        assert {m for m in (held, later) if access.meeting_reads_content(actor, m)} == expected
    assert not access.content_meetings_for_actor(cast.actor("lead"), cast.alpha).exists()


def test_a_new_member_does_not_open_the_cards_made_before_they_joined(cast):
    held = held_before(cast.alpha_meeting)
    card = ExperimentCard.objects.create(
        owner=cast.people["member"],
        group=cast.alpha,
        programme=cast.programme,
        meeting=held,
        action="Ask my team first",
        expectation="Fewer surprises",
        signal="Questions in stand-up",
        due=timezone.localdate() + timedelta(days=20),
    )
    otto = cast.people["outsider"]
    services.membership_add(actor=cast.actor("lead"), group_id=cast.alpha.pk, person_id=otto.pk)
    with pytest.raises(PermissionDenied):
        access.card_get_for_actor(actor=cast.actor("outsider"), card_id=card.pk)
    assert access.card_get_for_actor(actor=ann(cast), card_id=card.pk) == card
    assert access.card_get_for_actor(actor=cast.actor("member"), card_id=card.pk) == card


def test_every_change_of_membership_is_recorded_with_who_made_it(cast):
    lead = cast.actor("lead")
    otto = cast.people["outsider"]
    services.membership_add(actor=lead, group_id=cast.alpha.pk, person_id=otto.pk)
    services.membership_add(
        actor=cast.actor("admin"), group_id=cast.alpha.pk, person_id=otto.pk, role="facilitator"
    )
    services.membership_remove(actor=lead, group_id=cast.alpha.pk, person_id=otto.pk)
    changes = [
        (c.person.name, c.kind, c.role, c.by.name)
        for c in MembershipChange.objects.filter(group=cast.alpha).order_by("at", "id")
    ]
    assert changes == [
        ("Otto", "added", "member", "Lena"),
        ("Otto", "role", "facilitator", "Ada"),
        ("Otto", "removed", "facilitator", "Lena"),
    ]
    assert [c.kind for c in selectors.membership_changes(group=cast.alpha)] == [
        "removed",
        "role",
        "added",
    ]


def test_a_refused_change_records_nothing(cast):
    lead = cast.actor("lead")
    with pytest.raises(ValidationError):
        services.membership_add(actor=lead, group_id=cast.alpha.pk, person_id=lead.person_id)
    with pytest.raises(ValidationError):
        services.membership_remove(
            actor=lead, group_id=cast.alpha.pk, person_id=cast.people["outsider"].pk
        )
    assert not MembershipChange.objects.exists()


def test_someone_removed_and_added_again_reads_only_what_follows(cast):
    held = held_before(cast.alpha_meeting)
    lead = cast.actor("lead")
    person = cast.people["ann"]
    services.membership_remove(actor=lead, group_id=cast.alpha.pk, person_id=person.pk)
    services.membership_add(actor=lead, group_id=cast.alpha.pk, person_id=person.pk)
    with pytest.raises(PermissionDenied):
        access.meeting_content_get_for_actor(actor=ann(cast), meeting_id=held.pk)


def test_the_pulse_trend_and_learning_cycles_leave_out_what_came_before_joining(cast):
    from palg.live import experiments, review
    from palg.live.models import CardEntry, LiveSession, PulseAnswer

    held = held_before(cast.alpha_meeting)
    Membership.objects.create(
        group=cast.alpha, person=cast.people["bea"], joined_at=held.created_at
    )
    session = LiveSession.objects.create(meeting=held, status=LiveSession.Status.ENDED)
    for key in ("member", "ann", "bea"):
        PulseAnswer.objects.create(session=session, person=cast.people[key], trust=4,
                                   airtime=4, questions=4, contract=4)  # fmt: skip
    card = ExperimentCard.objects.create(
        owner=cast.people["member"], group=cast.alpha, programme=cast.programme, meeting=held,
        action="Ask first", expectation="Fewer surprises", signal="Questions", due=held.starts_at,
    )  # fmt: skip
    CardEntry.objects.create(card=card, kind=CardEntry.Kind.REPORT, meeting=held,
                             learned="Asking takes longer", status_before="planned",
                             status_after="planned")  # fmt: skip
    otto = cast.people["outsider"]
    services.membership_add(actor=cast.actor("lead"), group_id=cast.alpha.pk, person_id=otto.pk)

    newcomer = cast.actor("outsider")
    assert review.pulse_trend(actor=newcomer, group_id=cast.alpha.pk)[1] == []
    assert experiments.set_learning_cycles(actor=newcomer, group_id=cast.alpha.pk).total == 0
    member = cast.actor("member")
    [row] = review.pulse_trend(actor=member, group_id=cast.alpha.pk)[1]
    assert row.meeting_id == held.pk and row.means is not None
    assert experiments.set_learning_cycles(actor=member, group_id=cast.alpha.pk).total == 1
