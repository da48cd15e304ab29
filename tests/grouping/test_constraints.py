"""No grouping the engine returns ever breaks a hard rule."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palg_grouping import GroupingProblem, Infeasible, form_groups, violations
from palg_grouping.errors import MSG_MUST_LINK_CANNOT_LINK, MSG_SIZES
from tests.grouping.random_instances import planted_problem

NO_VIOLATIONS = {"size": 0, "cannot_link": 0, "must_link": 0, "availability": 0}


@settings(deadline=None, max_examples=40)
@given(st.integers(0, 2**32 - 1), st.integers(0, 1000))
def test_no_returned_grouping_breaks_a_hard_rule(instance, seed):
    problem = planted_problem(instance)
    result = form_groups(problem, seed=seed, max_iterations=60, kernel="numba")
    assert violations(problem, result.labels) == NO_VIOLATIONS
    assert violations(problem, result.labels, result.slots) == NO_VIOLATIONS


@settings(deadline=None, max_examples=25)
@given(st.integers(0, 2**32 - 1))
def test_locked_people_keep_their_starting_group(instance):
    problem = planted_problem(instance)
    start = form_groups(problem, seed=1, max_iterations=5, kernel="numba").labels
    locked = np.random.default_rng(instance).random(problem.n) < 0.3
    result = form_groups(problem, seed=2, max_iterations=80, initial=start, locked=locked)
    assert np.array_equal(result.labels[locked], start[locked])
    assert violations(problem, result.labels) == NO_VIOLATIONS


def test_it_reports_the_chosen_slot_every_member_is_free_in():
    d = np.ones((4, 4)) - np.eye(4)
    free = np.array([[0, 1, 1], [0, 1, 0], [1, 0, 1], [1, 0, 0]], dtype=bool)
    problem = GroupingProblem(d, [2, 2], [2, 2], availability=free)
    result = form_groups(problem, max_iterations=10)
    for g, slot in enumerate(result.slots):
        assert free[result.labels == g, slot].all()


def test_it_keeps_must_link_pairs_together_and_cannot_link_pairs_apart():
    d = np.ones((6, 6)) - np.eye(6)
    problem = GroupingProblem(d, [3, 3], [3, 3], cannot_link=[(0, 1)], must_link=[(0, 2), (1, 3)])
    labels = form_groups(problem, max_iterations=50).labels
    assert labels[0] == labels[2] != labels[1] == labels[3]


def test_it_says_why_when_the_group_sizes_cannot_hold_everyone():
    problem = GroupingProblem(np.ones((5, 5)) - np.eye(5), [1, 1], [2, 2])
    with pytest.raises(Infeasible) as error:
        form_groups(problem, max_iterations=10)
    assert error.value.reasons == [MSG_SIZES.format(n=5, low=2, high=4)]


def test_it_refuses_a_pair_that_must_be_both_together_and_apart():
    problem = GroupingProblem(
        np.ones((4, 4)) - np.eye(4), [2, 2], [2, 2], cannot_link=[(0, 1)], must_link=[(0, 1)]
    )
    with pytest.raises(Infeasible) as error:
        form_groups(problem, max_iterations=10)
    assert error.value.reasons == [MSG_MUST_LINK_CANNOT_LINK]


def test_it_raises_infeasible_when_too_many_people_must_be_kept_apart():
    clique = [(a, b) for a in range(4) for b in range(a + 1, 4)]
    problem = GroupingProblem(np.ones((6, 6)) - np.eye(6), [1] * 3, [3] * 3, cannot_link=clique)
    with pytest.raises(Infeasible) as error:
        form_groups(problem, max_iterations=10)
    assert error.value.reasons
