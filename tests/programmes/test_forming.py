"""Forming a round's sets in the product: the engine on the programme's participants, hand
changes re-checked against every rule, locks, re-runs and publishing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from palg.people.models import Conflict
from palg.people.services import conflict_create
from palg.programmes import forming
from palg.programmes.models import GroupingDraft, Membership, Round
from tests.programmes.forming_helpers import add_cohort, formed, next_round, programme_sizes


def together(draft, a, b) -> bool:
    return draft.labels[draft.position(a.pk)] == draft.labels[draft.position(b.pk)]


def first_other_set(draft, person):
    here = int(draft.labels[draft.position(person.pk)])
    return next(s for s in draft.sets if s.index != here)


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_it_forms_sets_that_keep_every_rule(cast):
    draft = formed(cast)
    assert draft.broken == 0
    assert sum(len(s.people) for s in draft.sets) == 24
    assert all(4 <= len(s.people) <= 6 for s in draft.sets)
    assert all(s.why for s in draft.sets)
    assert all(rule.violations == 0 for rule in draft.summary.rules)


def test_it_never_puts_a_manager_with_their_report(cast):
    draft = formed(cast)
    for person in draft.people:
        if person.manager_id:
            manager = next(p for p in draft.people if p.pk == person.manager_id)
            assert not together(draft, person, manager)


def test_it_keeps_teams_apart_by_default(cast):
    draft = formed(cast)
    for group_set in draft.sets:
        teams = [p.team for p in group_set.people if p.team]
        assert len(teams) == len(set(teams))


def test_each_set_shares_a_meeting_slot(cast):
    draft = formed(cast)
    assert all(s.slot for s in draft.sets)


def test_the_next_round_avoids_peers_from_earlier_rounds(cast):
    draft = formed(cast)
    # Alice and Ann shared Alpha in round 1; Bob and Bea shared Beta.
    people = cast.people
    assert not together(draft, people["member"], people["ann"])
    assert not together(draft, people["other_member"], people["bea"])


def test_it_keeps_declared_conflicts_apart(cast):
    add_cohort(cast)
    programme_sizes(cast)
    a, b = cast.people["member"], cast.people["other_member"]
    conflict_create(actor=cast.actor("lead"), person_id=a.pk, other_id=b.pk)
    number = next_round(cast)
    for _ in range(3):
        draft = forming.group_set_form(
            actor=cast.actor("lead"), programme_id=cast.programme.pk, round_number=number
        )
        assert not together(draft, a, b)


def test_a_move_that_breaks_a_rule_is_refused_with_the_reason(cast):
    draft = formed(cast)
    person = next(p for p in draft.people if p.manager_id)
    manager_set = draft.labels[draft.position(person.manager_id)]
    before = GroupingDraft.objects.get().placements
    with pytest.raises(ValidationError) as refused:
        forming.draft_move(
            actor=cast.actor("lead"),
            programme_id=cast.programme.pk,
            round_number=draft.round.number,
            person_id=person.pk,
            to_set=int(manager_set) + 1,
        )
    assert "line manager" in messages(refused.value)
    assert person.name in messages(refused.value)
    assert GroupingDraft.objects.get().placements == before


def test_a_move_that_empties_a_set_below_its_minimum_is_refused(cast):
    draft = formed(cast)
    smallest = min(draft.sets, key=lambda s: len(s.people))
    assert len(smallest.people) == 4  # 24 people in five sets of 4-6: one has 4
    person = smallest.people[0]
    target = first_other_set(draft, person)
    with pytest.raises(ValidationError) as refused:
        forming.draft_move(
            actor=cast.actor("lead"),
            programme_id=cast.programme.pk,
            round_number=draft.round.number,
            person_id=person.pk,
            to_set=target.index + 1,
        )
    assert "at least 4" in messages(refused.value)


def _allowed_swap(cast, draft):
    """Some swap the rules allow, found by trying them."""
    for a in draft.people:
        for b in draft.people:
            if draft.labels[draft.position(a.pk)] == draft.labels[draft.position(b.pk)]:
                continue
            try:
                return (
                    a,
                    b,
                    forming.draft_swap(
                        actor=cast.actor("lead"),
                        programme_id=cast.programme.pk,
                        round_number=draft.round.number,
                        person_id=a.pk,
                        other_id=b.pk,
                    ),
                )
            except ValidationError:
                continue
    raise AssertionError("no swap keeps the rules")


def test_a_swap_that_keeps_the_rules_is_saved(cast):
    draft = formed(cast)
    a, b, after = _allowed_swap(cast, draft)
    assert after.labels[after.position(a.pk)] == draft.labels[draft.position(b.pk)]
    assert after.labels[after.position(b.pk)] == draft.labels[draft.position(a.pk)]
    assert after.version == draft.version + 1
    assert after.broken == 0


def test_a_change_from_a_stale_page_is_refused(cast):
    draft = formed(cast)
    person = draft.people[0]
    forming.draft_lock(
        actor=cast.actor("lead"),
        programme_id=cast.programme.pk,
        round_number=draft.round.number,
        person_id=person.pk,
        locked=True,
        version=draft.version,
    )
    with pytest.raises(ValidationError) as refused:
        forming.draft_lock(
            actor=cast.actor("lead"),
            programme_id=cast.programme.pk,
            round_number=draft.round.number,
            person_id=person.pk,
            locked=False,
            version=draft.version,
        )
    assert "changed since your page was loaded" in messages(refused.value)


def test_a_rerun_keeps_locked_people_in_their_sets(cast):
    draft = formed(cast)
    lead, number = cast.actor("lead"), draft.round.number
    chosen = [s.people[0] for s in draft.sets]
    for person in chosen:
        draft = forming.draft_lock(
            actor=lead,
            programme_id=cast.programme.pk,
            round_number=number,
            person_id=person.pk,
            locked=True,
        )
    where = {p.pk: int(draft.labels[draft.position(p.pk)]) for p in chosen}
    for _ in range(3):
        draft = forming.group_set_form(
            actor=lead, programme_id=cast.programme.pk, round_number=number
        )
        assert {p.pk: int(draft.labels[draft.position(p.pk)]) for p in chosen} == where
        assert draft.locked.sum() == len(chosen)
        assert draft.broken == 0


def test_a_locked_person_cannot_be_moved(cast):
    draft = formed(cast)
    person = draft.people[0]
    forming.draft_lock(
        actor=cast.actor("lead"),
        programme_id=cast.programme.pk,
        round_number=draft.round.number,
        person_id=person.pk,
        locked=True,
    )
    with pytest.raises(ValidationError) as refused:
        forming.draft_move(
            actor=cast.actor("lead"),
            programme_id=cast.programme.pk,
            round_number=draft.round.number,
            person_id=person.pk,
            to_set=first_other_set(draft, person).index + 1,
        )
    assert "is locked" in messages(refused.value)


def test_publishing_creates_the_sets_and_closes_the_draft(cast):
    draft = formed(cast)
    round_ = forming.round_publish(
        actor=cast.actor("lead"), programme_id=cast.programme.pk, round_number=draft.round.number
    )
    assert round_.status == Round.Status.PUBLISHED
    assert round_.groups.count() == len(draft.sets)
    members = Membership.objects.filter(group__round=round_)
    assert members.count() == 24
    assert not GroupingDraft.objects.exists()
    with pytest.raises(ValidationError, match="already has its sets"):
        forming.group_set_form(
            actor=cast.actor("lead"), programme_id=cast.programme.pk, round_number=round_.number
        )


def _published(cast):
    draft = formed(cast)
    return forming.round_publish(
        actor=cast.actor("lead"), programme_id=cast.programme.pk, round_number=draft.round.number
    )


def test_a_published_set_can_be_renamed_by_the_lead(cast):
    from palg.programmes.services import group_rename

    first = _published(cast).groups.get(name="Set 1")
    assert first.label == "Set 1"  # not "Set Set 1"
    renamed = group_rename(actor=cast.actor("lead"), group_id=first.pk, name="  Falcons ")
    assert renamed.name == "Falcons" and renamed.label == "Set Falcons"
    first.refresh_from_db()
    assert first.name == "Falcons"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("set 2", "There is already a set called set 2 in round 2."),
        ("   ", "This field cannot be blank."),
    ],
)
def test_a_set_name_taken_in_the_round_or_blank_is_refused(cast, name, message):
    from palg.programmes.services import group_rename

    first = _published(cast).groups.get(name="Set 1")
    with pytest.raises(ValidationError) as refused:
        group_rename(actor=cast.actor("lead"), group_id=first.pk, name=name)
    assert refused.value.message_dict == {"name": [message]}
    first.refresh_from_db()
    assert first.name == "Set 1"


def test_a_set_s_own_people_cannot_rename_it(cast):
    from palg.programmes.services import group_rename

    with pytest.raises(PermissionDenied):
        group_rename(actor=cast.actor("facilitator"), group_id=cast.alpha.pk, name="Ours")
    cast.alpha.refresh_from_db()
    assert cast.alpha.name != "Ours"


def test_publishing_refuses_a_draft_that_a_new_conflict_breaks(cast):
    draft = formed(cast)
    mates = next(s for s in draft.sets if len(s.people) >= 2).people[:2]
    Conflict.objects.create(
        organisation=cast.org,
        first=min(mates, key=lambda p: p.pk),
        second=max(mates, key=lambda p: p.pk),
    )
    with pytest.raises(ValidationError) as refused:
        forming.round_publish(
            actor=cast.actor("lead"),
            programme_id=cast.programme.pk,
            round_number=draft.round.number,
        )
    assert "declared conflict" in messages(refused.value)
    assert not Round.objects.get(pk=draft.round.pk).groups.exists()


def test_publishing_refuses_when_the_cohort_changed(cast):
    draft = formed(cast)
    add_cohort_late = cast.people["outsider"]
    from palg.programmes.models import ProgrammeRole

    ProgrammeRole.objects.create(
        programme=cast.programme, person=add_cohort_late, role="participant"
    )
    with pytest.raises(ValidationError) as refused:
        forming.round_publish(
            actor=cast.actor("lead"),
            programme_id=cast.programme.pk,
            round_number=draft.round.number,
        )
    assert "1 joined" in messages(refused.value)
    draft = forming.group_set_form(
        actor=cast.actor("lead"), programme_id=cast.programme.pk, round_number=draft.round.number
    )
    assert len(draft.people) == 25 and not draft.notes


def test_it_explains_why_no_grouping_exists(cast):
    add_cohort(cast)
    programme_sizes(cast)
    number = next_round(cast)
    with pytest.raises(ValidationError) as refused:
        # Five teams among 20 people, and 24 people in sets of 12: only two sets.
        forming.group_set_form(
            actor=cast.actor("lead"),
            programme_id=cast.programme.pk,
            round_number=number,
            criteria={"min_size": 12, "max_size": 12},
        )
    assert "T0" in messages(refused.value)
    assert not GroupingDraft.objects.exists()


def _impossible(cast):
    """Form round 2 in sets of 12: only two sets, but five teams of four must spread out."""
    add_cohort(cast)
    programme_sizes(cast)
    number = next_round(cast)
    with pytest.raises(forming.NoGrouping) as refused:
        forming.group_set_form(
            actor=cast.actor("lead"),
            programme_id=cast.programme.pk,
            round_number=number,
            criteria={"min_size": 12, "max_size": 12},
        )
    return number, refused.value


def test_when_no_grouping_keeps_every_rule_it_says_which_rule_fails_and_how_often(cast):
    _, refused = _impossible(cast)
    closest = next(m for m in refused.messages if m.startswith("The closest grouping"))
    assert "“no two from the same team”" in closest
    assert " times" in closest or " once" in closest
    team = next(r for r in refused.relaxations if r.rule == "no two from the same team")
    assert team.violations > 0
    assert team.criteria["separate"] == [] and team.criteria["min_size"] == 12
    assert team.label == "Form without “no two from the same team”"


def test_a_run_with_the_offered_relaxation_forms_the_sets(cast):
    number, refused = _impossible(cast)
    team = next(r for r in refused.relaxations if r.rule == "no two from the same team")
    draft = forming.group_set_form(
        actor=cast.actor("lead"),
        programme_id=cast.programme.pk,
        round_number=number,
        criteria=team.criteria,
    )
    assert draft.broken == 0
    assert [len(s.people) for s in draft.sets] == [12, 12]
    assert draft.criteria.separate == ()


@pytest.mark.django_db(transaction=True)
def test_the_search_runs_outside_any_transaction(cast, monkeypatch):
    from django.db import connection

    from palg.grouping import forming as grouping

    solve, seen = grouping.solve, []

    def watched(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return solve(*args, **kwargs)

    monkeypatch.setattr(grouping, "solve", watched)
    formed(cast)
    assert seen == [False]


def test_a_draft_changed_during_the_search_is_not_overwritten(cast, monkeypatch):
    from palg.grouping import forming as grouping

    draft = formed(cast)
    person = draft.people[0]
    solve = grouping.solve

    def meanwhile(*args, **kwargs):
        result = solve(*args, **kwargs)
        forming.draft_lock(  # another lead locks someone while this search runs
            actor=cast.actor("admin"),
            programme_id=cast.programme.pk,
            round_number=draft.round.number,
            person_id=person.pk,
            locked=True,
        )
        return result

    monkeypatch.setattr(grouping, "solve", meanwhile)
    with pytest.raises(ValidationError) as refused:
        forming.group_set_form(
            actor=cast.actor("lead"),
            programme_id=cast.programme.pk,
            round_number=draft.round.number,
        )
    assert messages(refused.value) == forming.MSG_STALE
    record = GroupingDraft.objects.get()
    assert record.version == draft.version + 1
    assert record.placements == [
        {**row, "locked": row["person"] == person.pk} for row in draft.record.placements
    ]


def test_bad_criteria_are_refused_field_by_field(cast):
    add_cohort(cast)
    number = next_round(cast)
    with pytest.raises(ValidationError) as refused:
        forming.group_set_form(
            actor=cast.actor("lead"),
            programme_id=cast.programme.pk,
            round_number=number,
            criteria={"min_size": 7, "max_size": 5, "diversify": ["shoe size"]},
        )
    assert refused.value.message_dict == {
        "min_size": ["The smallest set size cannot be larger than the largest."],
        "diversify": ["“shoe size” is not an attribute of the people in this programme."],
    }


@pytest.mark.parametrize("role", ["sponsor", "facilitator", "member"])
def test_only_leads_and_admins_form_sets(cast, role):
    add_cohort(cast)
    number = next_round(cast)
    with pytest.raises(PermissionDenied):
        forming.group_set_form(
            actor=cast.actor(role), programme_id=cast.programme.pk, round_number=number
        )


@pytest.mark.parametrize("role", ["outsider", "stranger"])
def test_people_outside_the_programme_do_not_see_it(cast, role):
    with pytest.raises(Http404):
        forming.draft_get(actor=cast.actor(role), programme_id=cast.programme.pk, round_number=1)


def test_a_new_round_waits_for_the_latest_to_have_sets(cast):
    number = next_round(cast)
    with pytest.raises(ValidationError, match=f"Round {number} is not published yet"):
        forming.round_create_next(actor=cast.actor("lead"), programme_id=cast.programme.pk)


def test_balance_keeps_each_set_s_mix_close_to_everyone_s(cast):
    people = add_cohort(cast)
    for i, person in enumerate(people):
        person.gender = "F" if i < 8 else "M"  # 8 of 20, plus 4 of the cast's with none
        person.save()
    programme_sizes(cast)
    number = next_round(cast)
    draft = forming.group_set_form(
        actor=cast.actor("lead"),
        programme_id=cast.programme.pk,
        round_number=number,
        criteria={"balance": ["gender"]},
    )
    women = [sum(p.gender == "F" for p in s.people) for s in draft.sets]
    assert max(women) - min(women) <= 1
    assert draft.criteria.balance == ("gender",)
