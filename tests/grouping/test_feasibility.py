"""Why no grouping exists, in words a programme lead understands: crafted impossible cases."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from palg_grouping import feasibility as f
from palg_grouping.attributes import separate_pairs
from palg_grouping.feasibility import explain
from palg_grouping.problem import GroupingProblem

NAMES = ["Ann", "Bob", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kim", "Lea"]


def problem(n, groups, low, high, **rules):
    return GroupingProblem(np.zeros((n, n)), [low] * groups, [high] * groups, **rules)


def test_it_finds_nothing_wrong_with_a_possible_problem():
    free = np.ones((10, 2), dtype=bool)
    team = ["T1", "T2", "T3", "T4", "T5"] * 2
    possible = problem(10, 2, 5, 5, cannot_link=separate_pairs(team), availability=free)
    assert explain(possible, context={f.SEPARATE: {"team": team}}) == []


def test_it_says_when_no_number_of_groups_fits_the_size_range():
    # 9 people: one group holds at most 7, two need at least 10.
    assert explain(problem(9, 2, 5, 7)) == ["9 people cannot be split into groups of 5-7."]
    assert f.some_count_fits(11, 5, 7)
    assert not f.some_count_fits(9, 5, 7)


def test_it_says_when_there_are_too_few_people_for_the_groups():
    assert explain(problem(12, 3, 5, 7)) == [
        "12 people are too few for 3 groups of 5-7: they need at least 15."
    ]


def test_it_says_when_there_are_too_many_people_for_the_groups():
    assert explain(problem(12, 1, 6, 6))[0] == (
        "12 people are too many for 1 group of 6: they hold at most 6."
    )


def test_it_names_the_team_with_more_members_than_groups():
    team = ["T-12"] * 9 + ["T-3"] * 7
    impossible = problem(16, 8, 2, 2, cannot_link=separate_pairs(team))
    assert explain(impossible, context={f.SEPARATE: {"team": team}}) == [
        "team T-12 has 9 members but only 8 groups can be formed.",
        "Keeping them apart needs at least 9 groups: too many for 16 people in groups of two or "
        "more.",
    ]


def test_without_context_it_names_the_people_who_must_all_be_apart():
    everyone_apart = np.array([(a, b) for a in range(4) for b in range(a + 1, 4)])
    impossible = problem(6, 3, 2, 2, cannot_link=everyone_apart)
    assert explain(impossible, labels_for_people=NAMES[:6]) == [
        "Ann, Bob, Cat and Dan must all be kept apart from one another (4 people), but only 3 "
        "groups can be formed.",
        "Keeping them apart needs at least 4 groups: too many for 6 people in groups of two or "
        "more.",
    ]


def test_it_names_people_who_must_be_together_and_apart():
    impossible = problem(4, 2, 2, 2, must_link=[[0, 1]], cannot_link=[[1, 0]])
    assert explain(impossible, labels_for_people=NAMES) == [
        "Ann and Bob must be in the same group but must also be kept apart."
    ]


def test_it_explains_a_must_link_chain_that_joins_two_people_kept_apart():
    impossible = problem(6, 2, 3, 3, must_link=[[0, 1], [1, 2]], cannot_link=[[0, 2]])
    assert explain(impossible, labels_for_people=NAMES) == [
        "Ann and Cat must be kept apart, but must-link pairs put them in the same group "
        "(through Bob)."
    ]


def test_it_explains_a_must_link_chain_larger_than_any_group():
    chain = [[i, i + 1] for i in range(7)]
    impossible = problem(12, 2, 5, 6, must_link=chain)
    assert explain(impossible, labels_for_people=NAMES) == [
        "Ann, Bob, Cat, Dan, Eve and 3 others must all be in the same group (8 people), but the "
        "largest group holds 6."
    ]


def test_it_names_a_person_free_in_no_slot():
    free = np.ones((4, 2), dtype=bool)
    free[2] = False
    impossible = problem(4, 2, 1, 2, availability=free)
    assert explain(impossible, labels_for_people=NAMES) == ["Cat is free in no meeting slot."]


def test_it_counts_several_people_free_in_no_slot():
    free = np.zeros((4, 1), dtype=bool)
    free[0] = True
    impossible = problem(4, 4, 1, 1, availability=free)
    assert explain(impossible) == [
        "3 people are free in no meeting slot: person 2, person 3 and person 4."
    ]


def test_it_explains_a_must_link_pair_with_no_common_slot():
    free = np.array([[True, False], [False, True], [True, True], [True, True]])
    impossible = problem(4, 2, 1, 2, must_link=[[0, 1]], availability=free)
    assert explain(impossible, labels_for_people=NAMES) == [
        "Ann and Bob must be in the same group but share no meeting slot."
    ]


def test_it_explains_a_slot_with_too_few_people_for_a_group():
    free = np.zeros((10, 2), dtype=bool)
    free[:7, 0] = True
    free[7:, 1] = True  # Hal, Ivy and Jon can only meet on Fri am
    impossible = problem(10, 2, 4, 6, availability=free)
    context = {f.SLOTS: ["Mon am", "Fri am"]}
    assert explain(impossible, labels_for_people=NAMES, context=context) == [
        "Hal, Ivy and Jon can meet only on Fri am, when at most 3 people are free: too few for a "
        "group of at least 4."
    ]


def test_it_explains_a_person_kept_apart_from_almost_everyone():
    apart = [[0, other] for other in range(1, 6)]
    impossible = problem(8, 2, 4, 4, cannot_link=apart)
    assert explain(impossible, labels_for_people=NAMES) == [
        "Ann can join at most 2 other people (everyone else is kept apart from them or never free "
        "at the same time): too few for a group of at least 4."
    ]


def test_it_reports_overlapping_groups_of_people_kept_apart_once():
    apart = [[0, other] for other in range(1, 5)] + [[1, other] for other in range(2, 5)]
    impossible = problem(8, 2, 4, 4, cannot_link=apart)
    assert explain(impossible, labels_for_people=NAMES) == [
        "Ann, Bob and Cat must all be kept apart from one another (3 people), but only 2 groups "
        "can be formed.",
        "Keeping them apart needs at least 3 groups: groups of 2-3 would allow that, or relax the "
        "rule that keeps them apart.",
    ]


def test_it_lists_every_reason_it_finds():
    free = np.ones((9, 1), dtype=bool)
    free[8] = False
    impossible = problem(9, 2, 5, 7, availability=free, must_link=[[0, 1]], cannot_link=[[0, 1]])
    assert explain(impossible, labels_for_people=NAMES) == [
        "9 people cannot be split into groups of 5-7.",
        "Ann and Bob must be in the same group but must also be kept apart.",
        "Ivy is free in no meeting slot.",
    ]


def test_it_says_which_sizes_would_make_room_for_everyone_kept_apart():
    team = ["T-12"] * 9 + ["T-3"] * 9 + [""] * 18
    impossible = problem(36, 6, 6, 6, cannot_link=separate_pairs(team))
    reasons = explain(impossible, context={f.SEPARATE: {"team": team}})
    assert reasons[-1] == (
        "Keeping them apart needs at least 9 groups: groups of 4 would allow that, or relax the "
        "rule that keeps them apart."
    )


def test_people_text_shortens_long_lists():
    assert f.people_text(["A"]) == "A"
    assert f.people_text(["A", "B"]) == "A and B"
    assert f.people_text(list("ABCDEFG")) == "A, B, C, D, E and 2 others"


def test_people_text_names_a_sixth_person_rather_than_counting_one_other():
    assert f.people_text(list("ABCDEF")) == "A, B, C, D, E and F"


def feasible_by_brute_force(p) -> bool:
    """Try every assignment of people to groups (tiny problems only)."""
    n, groups = p.n, p.groups
    labels = np.array(np.meshgrid(*[np.arange(groups)] * n, indexing="ij")).reshape(n, -1).T
    sizes = np.stack([(labels == g).sum(axis=1) for g in range(groups)], axis=1)
    ok = ((sizes >= p.lower) & (sizes <= p.upper)).all(axis=1)
    for a, b in p.cannot_link:
        ok &= labels[:, a] != labels[:, b]
    for a, b in p.must_link:
        ok &= labels[:, a] == labels[:, b]
    if p.availability is not None:
        for g in range(groups):
            # A slot is shared by group g when no member of g is busy then.
            busy = (labels[:, :, None] == g) & ~p.availability[None, :, :]
            ok &= ~busy.any(axis=1).all(axis=1)
    return bool(ok.any())


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_reason_it_gives_is_true(data):
    n = data.draw(st.integers(2, 7))
    groups = data.draw(st.integers(1, 3))
    low = data.draw(st.integers(0, 4))
    high = data.draw(st.integers(low, 5))
    pair = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda t: t[0] != t[1])
    cannot = data.draw(st.lists(pair, max_size=8))
    must = data.draw(st.lists(pair, max_size=3))
    slots = data.draw(st.integers(0, 3))
    free = None
    if slots:
        free = np.array(data.draw(st.lists(st.lists(st.booleans(), min_size=slots,
                        max_size=slots), min_size=n, max_size=n)))  # fmt: skip
    p = GroupingProblem(
        np.zeros((n, n)), [low] * groups, [high] * groups,
        cannot_link=np.array(cannot, dtype=np.int64).reshape(-1, 2),
        must_link=np.array(must, dtype=np.int64).reshape(-1, 2),
        availability=free,
    )  # fmt: skip
    if explain(p):
        assert not feasible_by_brute_force(p)


def test_it_says_one_group_in_the_singular():
    team = ["Audit", "Audit", ""]
    impossible = problem(3, 1, 1, 3, cannot_link=separate_pairs(team))
    assert explain(impossible, context={f.SEPARATE: {"team": team}}) == [
        "team Audit has 2 members but only 1 group can be formed.",
        "Keeping them apart needs at least 2 groups: too many for 3 people in groups of two or "
        "more.",
    ]


def test_it_names_a_team_only_when_its_members_are_really_kept_apart():
    team = ["T-12"] * 9 + ["T-3"] * 7
    not_separated = problem(16, 8, 2, 2)
    assert explain(not_separated, context={f.SEPARATE: {"team": team}}) == []


def test_the_closest_grouping_keeps_the_sizes_and_breaks_as_few_rules_as_it_can():
    import pytest

    from palg_grouping.errors import Infeasible
    from palg_grouping.solve import closest_grouping, form_groups, violations

    # Three people who must all be apart, but only two groups of three for six people.
    apart = [[0, 1], [0, 2], [1, 2]]
    impossible = problem(6, 2, 3, 3, cannot_link=apart)
    with pytest.raises(Infeasible):
        form_groups(impossible, max_iterations=100)
    labels = closest_grouping(impossible, seed=1)
    assert sorted(np.bincount(labels, minlength=2).tolist()) == [3, 3]
    assert violations(impossible, labels) == {
        "size": 0, "cannot_link": 1, "must_link": 0, "availability": 0
    }  # fmt: skip
