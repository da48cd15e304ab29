"""The O(1) deltas from the contribution matrix equal a full recomputation of the objective."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from palg_grouping import GroupingProblem, evaluate
from palg_grouping import _search_python as kernel
from palg_grouping._contrib import contribution_matrix, move_delta, swap_delta


def random_grouping(seed: int):
    rng = np.random.default_rng(seed)
    n, groups = int(rng.integers(3, 16)), int(rng.integers(2, 5))
    d = np.triu(rng.random((n, n)) * 100, 1)
    d = d + d.T
    labels = rng.integers(0, groups, n)
    problem = GroupingProblem(d, np.zeros(groups, np.int64), np.full(groups, n))
    return problem, labels, rng


@settings(deadline=None, max_examples=60)
@given(st.integers(0, 2**32 - 1))
def test_every_move_delta_equals_the_recomputed_change(seed):
    problem, labels, rng = random_grouping(seed)
    C = contribution_matrix(problem.diversity, labels, problem.groups)
    before = evaluate(problem, labels)
    for i in range(problem.n):
        for h in range(problem.groups):
            moved = labels.copy()
            moved[i] = h
            assert np.isclose(move_delta(C, labels, i, h), evaluate(problem, moved) - before)


@settings(deadline=None, max_examples=60)
@given(st.integers(0, 2**32 - 1))
def test_every_swap_delta_equals_the_recomputed_change(seed):
    problem, labels, rng = random_grouping(seed)
    C = contribution_matrix(problem.diversity, labels, problem.groups)
    before = evaluate(problem, labels)
    for i in range(problem.n):
        for j in range(problem.n):
            swapped = labels.copy()
            swapped[i], swapped[j] = labels[j], labels[i]
            delta = swap_delta(C, problem.diversity, labels, i, j)
            assert np.isclose(delta, evaluate(problem, swapped) - before)


@settings(deadline=None, max_examples=40)
@given(st.integers(0, 2**32 - 1))
def test_the_kernel_keeps_the_contribution_matrix_exact_after_moves(seed):
    problem, labels, rng = random_grouping(seed)
    n, G = problem.n, problem.groups
    lab = labels.astype(np.int64).copy()
    C, size, nu = np.zeros((n, G)), np.zeros(G, np.int64), np.zeros(G, np.int64)
    cnt, members, mpos = (
        np.zeros((G, 1), np.int64),
        np.zeros((G, n + 1), np.int64),
        np.zeros(n, np.int64),
    )
    w, avail = np.ones(n, np.int64), np.ones((n, 1), np.uint8)
    kernel.rebuild(problem.diversity, w, avail, lab, C, size, nu, cnt, members, mpos)
    for _ in range(10):
        kernel.apply_move(problem.diversity, w, avail, lab, C, size, nu, cnt, members, mpos,
                          int(rng.integers(n)), int(rng.integers(G)))  # fmt: skip
    assert np.allclose(C, contribution_matrix(problem.diversity, lab, G))
    assert size.tolist() == np.bincount(lab, minlength=G).tolist()
    for g in range(G):
        assert sorted(members[g, : nu[g]].tolist()) == np.flatnonzero(lab == g).tolist()
