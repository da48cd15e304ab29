"""Roles over time: the fading plan and each set's rota of facilitator and timekeeper."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from palg.programmes import rota, selectors, services
from palg.programmes.models import Meeting, Membership, RotaEntry
from tests.conftest import make_person


@pytest.fixture
def series(cast):
    """Alpha with four members (Alice, Ann, Carl, Dina) and six weekly meetings."""
    for external_id, name in (("E10", "Carl"), ("E11", "Dina")):
        person = make_person(cast.org, external_id, name)
        cast.people[name.lower()] = person
        Membership.objects.create(group=cast.alpha, person=person)
    first = cast.alpha_meeting.starts_at
    for week in range(1, 6):
        Meeting.objects.create(group=cast.alpha, starts_at=first + timedelta(weeks=week))
    return list(selectors.rota_meetings(group=cast.alpha))


def names(rows, role):
    return [getattr(row, role).name if getattr(row, role) else None for row in rows]


# The plan and the turns, without the database ----------------------------------------------


def test_the_default_plan_follows_the_method_adviser_first_then_observing():
    assert rota.default_plan("fading", 6) == rota.Plan(2, 4)
    assert rota.default_plan("fading", 3) == rota.Plan(1, 2)
    assert rota.default_plan("fading", 1) == rota.Plan(1, 1)
    assert rota.default_plan("external", 6) == rota.Plan(6, 6)
    assert rota.default_plan("internal", 8) == rota.Plan(8, 8)
    assert rota.default_plan("self", 6) == rota.Plan(0, 0)


def test_a_plan_names_each_meeting_s_stage():
    plan = rota.Plan(2, 4)
    assert [plan.stage(n) for n in range(1, 7)] == [
        "adviser", "adviser", "observed", "observed", "members", "members"
    ]  # fmt: skip
    assert plan.explain(6) == (
        "The set adviser facilitates meetings 1-2; from meeting 3 members facilitate in "
        "rotation, with the adviser attending as observer until meeting 4, and then the adviser "
        "is on call. Members take turns keeping time throughout."
    )


def test_a_plan_that_does_not_fit_the_programme_is_explained():
    assert rota.plan_problems(2, 4, 6) == {}
    assert rota.plan_problems(7, 7, 6) == {
        "adviser_meetings": "The programme has 6 meetings: the adviser can facilitate 6 at most.",
        "observer_until": "The programme has 6 meetings: choose meeting 6 at most.",
    }
    assert rota.plan_problems(3, 2, 6) == {
        "observer_until": "The adviser observes once members facilitate, so choose meeting 3 or "
        "later (the same number means the adviser steps back as soon as members take over)."
    }


@pytest.mark.parametrize("size", range(2, 9))
@pytest.mark.parametrize("adviser_meetings", [0, 1, 2, 3])
def test_the_rota_gives_everyone_a_turn_before_anyone_repeats(size, adviser_meetings):
    members = [f"m{i}" for i in range(size)]
    plan = rota.Plan(adviser_meetings, adviser_meetings + 2)
    stages = [plan.stage(n) for n in range(1, 25)]
    turns = rota.turns(members, stages, adviser="adviser")
    facilitated, timekept = Counter(), Counter()
    for stage, turn in zip(stages, turns, strict=True):
        assert turn.facilitator != turn.timekeeper
        assert (turn.facilitator == "adviser") == (stage == rota.ADVISER)
        if turn.facilitator != "adviser":
            facilitated[turn.facilitator] += 1
            assert max(facilitated.values()) - min(facilitated[m] for m in members) <= 1
        timekept[turn.timekeeper] += 1
        assert max(timekept.values()) - min(timekept[m] for m in members) <= 1


def test_turns_already_taken_count_so_newcomers_go_first():
    turns = rota.turns(["ann", "bob", "cy"], ["members"], facilitated=Counter(ann=1, bob=1))
    assert turns[0].facilitator == "cy"


def test_a_set_without_an_adviser_has_members_facilitate_from_the_start():
    turns = rota.turns(["ann", "bob"], ["adviser", "adviser"], adviser=None)
    assert [t.facilitator for t in turns] == ["ann", "bob"]


# The fading plan --------------------------------------------------------------------------


def test_the_lead_chooses_the_fading_plan_within_the_programme_s_meetings(cast):
    services.fading_plan_set(
        actor=cast.actor("lead"), programme_id=cast.programme.pk, adviser_meetings=1,
        observer_until=3,
    )  # fmt: skip
    assert selectors.fading_plan(programme=cast.programme) == rota.Plan(1, 3)
    with pytest.raises(ValidationError) as error:
        services.fading_plan_set(
            actor=cast.actor("lead"), programme_id=cast.programme.pk, adviser_meetings=8,
            observer_until=8,
        )  # fmt: skip
    assert error.value.message_dict["adviser_meetings"] == [
        "The programme has 6 meetings: the adviser can facilitate 6 at most."
    ]


@pytest.mark.parametrize("role", ["sponsor", "facilitator", "member"])
def test_only_the_lead_changes_the_fading_plan(cast, role):
    with pytest.raises(PermissionDenied):
        services.fading_plan_set(
            actor=cast.actor(role), programme_id=cast.programme.pk, adviser_meetings=1,
            observer_until=2,
        )  # fmt: skip


def test_a_plan_is_chosen_only_when_facilitation_fades(cast):
    services.programme_update(
        actor=cast.actor("lead"), programme_id=cast.programme.pk, facilitation_model="external"
    )
    with pytest.raises(ValidationError, match="Adviser first, then members facilitate"):
        services.fading_plan_set(
            actor=cast.actor("lead"), programme_id=cast.programme.pk, adviser_meetings=1,
            observer_until=2,
        )  # fmt: skip
    cast.programme.refresh_from_db()
    assert selectors.fading_plan(programme=cast.programme) == rota.Plan(6, 6)


def test_a_programme_cannot_lose_the_meetings_its_fading_plan_refers_to(cast):
    services.fading_plan_set(
        actor=cast.actor("lead"), programme_id=cast.programme.pk, adviser_meetings=2,
        observer_until=5,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.programme_update(
            actor=cast.actor("lead"), programme_id=cast.programme.pk, meeting_count=4
        )
    assert error.value.message_dict["meeting_count"] == [
        "The fading plan runs to meeting 5: keep at least 5 meetings, or change the plan first."
    ]


# The rota ---------------------------------------------------------------------------------


def test_the_adviser_facilitates_the_first_meetings_then_members_take_over(cast, series):
    services.rota_generate(actor=cast.actor("lead"), group=cast.alpha)
    rows = selectors.rota_rows(group=cast.alpha)
    assert [row.stage for row in rows] == [
        "adviser", "adviser", "observed", "observed", "members", "members"
    ]  # fmt: skip
    assert names(rows, "facilitator") == ["Fran", "Fran", "Alice", "Ann", "Carl", "Dina"]
    # Everyone keeps time once before anyone twice; Dina, who facilitates last, keeps time
    # again before the others' second turns.
    assert names(rows, "timekeeper") == ["Alice", "Ann", "Carl", "Dina", "Dina", "Alice"]
    assert [row.adviser_part for row in rows] == [
        "Facilitates", "Facilitates", "Observes", "Observes", "On call", "On call"
    ]  # fmt: skip


def test_the_set_s_facilitator_may_draw_the_rota_but_members_may_not(cast, series):
    services.rota_generate(actor=cast.actor("facilitator"), group=cast.alpha)
    with pytest.raises(PermissionDenied):
        services.rota_generate(actor=cast.actor("member"), group=cast.alpha)


def test_the_rota_skips_people_who_have_left_the_set(cast, series):
    services.rota_generate(actor=cast.actor("lead"), group=cast.alpha)
    services.membership_remove(
        actor=cast.actor("lead"), group_id=cast.alpha.pk, person_id=cast.people["carl"].pk
    )
    rows = selectors.rota_rows(group=cast.alpha)
    assert "Carl" not in names(rows, "facilitator") + names(rows, "timekeeper")
    assert all(row.facilitator and row.timekeeper for row in rows)


def test_held_meetings_keep_their_roles_and_count_as_turns_when_redrawn(cast, series):
    services.rota_generate(actor=cast.actor("lead"), group=cast.alpha)
    third = series[2]
    Meeting.objects.filter(pk__in=[m.pk for m in series[:3]]).update(status="held")
    services.rota_entry_update(
        actor=cast.actor("lead"), meeting_id=third.pk,
        facilitator_id=cast.people["dina"].pk, timekeeper_id=cast.people["ann"].pk,
    )  # fmt: skip
    services.rota_generate(actor=cast.actor("lead"), group=cast.alpha)
    rows = selectors.rota_rows(group=cast.alpha)
    assert names(rows, "facilitator")[2] == "Dina"  # held: as it happened
    # Dina has had her turn, so the members who have not go first.
    assert names(rows, "facilitator")[3:] == ["Alice", "Ann", "Carl"]


def test_a_meeting_scheduled_later_joins_the_rota(cast, series):
    services.rota_generate(actor=cast.actor("lead"), group=cast.alpha)
    later = services.meeting_schedule(
        actor=cast.actor("lead"),
        group_id=cast.alpha.pk,
        starts_at=series[-1].starts_at + timedelta(weeks=4),
    )
    entry = RotaEntry.objects.get(meeting=later)
    assert entry.stage == "members"
    assert entry.facilitator is not None and entry.timekeeper is not None


def test_drawing_a_rota_needs_meetings_first(cast):
    Meeting.objects.filter(group=cast.alpha).delete()
    with pytest.raises(ValidationError, match="Schedule the set's meetings first"):
        services.rota_generate(actor=cast.actor("lead"), group=cast.alpha)


@pytest.mark.parametrize("role", ["lead", "facilitator"])
def test_the_lead_or_the_set_s_facilitator_adjusts_a_meeting_s_roles(cast, role):
    entry = services.rota_entry_update(
        actor=cast.actor(role), meeting_id=cast.alpha_meeting.pk,
        facilitator_id=cast.people["ann"].pk, timekeeper_id=cast.people["member"].pk,
    )  # fmt: skip
    assert (entry.facilitator, entry.timekeeper) == (cast.people["ann"], cast.people["member"])
    assert entry.stage == "adviser"


def test_members_cannot_adjust_the_rota(cast):
    with pytest.raises(PermissionDenied):
        services.rota_entry_update(
            actor=cast.actor("member"), meeting_id=cast.alpha_meeting.pk,
            facilitator_id=cast.people["member"].pk, timekeeper_id=None,
        )  # fmt: skip


def test_one_person_cannot_both_facilitate_and_keep_time(cast):
    alice = cast.people["member"].pk
    with pytest.raises(ValidationError) as error:
        services.rota_entry_update(
            actor=cast.actor("lead"), meeting_id=cast.alpha_meeting.pk,
            facilitator_id=alice, timekeeper_id=alice,
        )  # fmt: skip
    assert error.value.message_dict == {
        "timekeeper": ["One person cannot both facilitate and keep time: choose someone else to "
                       "keep time."]
    }  # fmt: skip


def test_the_rota_names_only_people_in_the_set(cast):
    with pytest.raises(ValidationError) as error:
        services.rota_entry_update(
            actor=cast.actor("lead"), meeting_id=cast.alpha_meeting.pk,
            facilitator_id=cast.people["other_member"].pk, timekeeper_id=None,
        )  # fmt: skip
    assert error.value.message_dict == {"facilitator": ["Bob is not in this set."]}
