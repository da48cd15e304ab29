"""The memetic layer: crossover keeps every hard rule, and the search it drives is as safe and
as repeatable as the plain tabu search."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from palg_grouping import _construct, _memetic, form_groups, violations
from palg_grouping._model import build_model
from palg_grouping.solve import MSG_STRATEGY
from tests.grouping.random_instances import planted_problem

NO_VIOLATIONS = {"size": 0, "cannot_link": 0, "must_link": 0, "availability": 0}


def _two_parents(problem, seed: int):
    """A model of `problem` and two feasible unit groupings of it (None if no start is found)."""
    model = build_model(problem, None, None)
    rng = np.random.default_rng(seed)
    a = _construct.feasible_start(model, rng)
    b = _construct.feasible_start(model, rng)
    return model, a, b, rng


@settings(deadline=None, max_examples=40)
@given(st.integers(0, 2**32 - 1), st.integers(0, 1000))
def test_a_crossover_child_keeps_every_hard_rule(instance, seed):
    problem = planted_problem(instance, n_max=24)
    model, a, b, rng = _two_parents(problem, seed)
    assume(a is not None and b is not None)  # the greedy start can miss a tight planted case
    child = _memetic.crossover(model, a, b, rng)
    if child is None:  # a failed repair is dropped, never returned broken
        return
    assert violations(problem, child[model.unit_of]) == NO_VIOLATIONS


@settings(deadline=None, max_examples=20)
@given(st.integers(0, 2**32 - 1))
def test_a_child_of_a_grouping_with_itself_is_that_grouping(instance):
    problem = planted_problem(instance, n_max=40, rules=False)
    model, a, _, rng = _two_parents(problem, 0)
    assume(a is not None)
    child = _memetic.crossover(model, a, a, rng)
    assert child is not None
    assert _memetic.partition_distance(child, a, model.lower.size) == 0


def test_partition_distance_ignores_how_the_groups_are_numbered():
    a = np.array([0, 0, 1, 1, 2, 2])
    renumbered = np.array([2, 2, 0, 0, 1, 1])
    assert _memetic.partition_distance(a, renumbered, 3) == 0
    one_swap = np.array([0, 1, 0, 1, 2, 2])  # pairs (0,1) and (2,3) split, (0,2) and (1,3) made
    assert _memetic.partition_distance(a, one_swap, 3) == 4


@settings(deadline=None, max_examples=25)
@given(st.integers(0, 2**32 - 1), st.integers(0, 1000))
def test_the_memetic_search_never_returns_a_grouping_that_breaks_a_rule(instance, seed):
    problem = planted_problem(instance)
    result = form_groups(problem, seed=seed, max_iterations=200, strategy="memetic")
    assert violations(problem, result.labels, result.slots) == NO_VIOLATIONS


@settings(deadline=None, max_examples=15)
@given(st.integers(0, 2**32 - 1))
def test_locked_people_keep_their_group_through_crossover(instance):
    problem = planted_problem(instance)
    start = form_groups(problem, seed=1, max_iterations=5, strategy="tabu").labels
    locked = np.random.default_rng(instance).random(problem.n) < 0.3
    result = form_groups(
        problem, seed=2, max_iterations=300, initial=start, locked=locked, strategy="memetic"
    )
    assert np.array_equal(result.labels[locked], start[locked])
    assert violations(problem, result.labels) == NO_VIOLATIONS


def test_the_same_seed_gives_the_same_memetic_result():
    problem = planted_problem(7, n_max=60, rules=False)
    runs = [form_groups(problem, seed=3, max_iterations=2000, strategy="memetic") for _ in range(2)]
    assert np.array_equal(runs[0].labels, runs[1].labels)
    assert runs[0].iterations == runs[1].iterations <= 2000


def test_both_kernels_give_the_same_memetic_result():
    problem = planted_problem(11, n_max=40, rules=False)
    runs = [
        form_groups(problem, seed=5, max_iterations=1500, strategy="memetic", kernel=kernel)
        for kernel in ("python", "numba")
    ]
    assert np.array_equal(runs[0].labels, runs[1].labels)


def test_the_memetic_search_does_at_least_as_well_as_its_best_start():
    problem = planted_problem(3, n_max=60, rules=False)
    short = form_groups(problem, seed=0, max_iterations=50, strategy="memetic")
    longer = form_groups(problem, seed=0, max_iterations=3000, strategy="memetic")
    assert longer.objective >= short.objective


def test_an_unknown_strategy_is_refused_by_name():
    problem = planted_problem(1, n_max=30)
    with pytest.raises(ValueError, match="strategy must be"):
        form_groups(problem, max_iterations=10, strategy="annealing")
    assert "'memetic'" in MSG_STRATEGY
