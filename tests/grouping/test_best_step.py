"""The tabu search's step finder (moves scanned in one pass, swaps from a cache of the best swap
between each pair of groups, pruned by bounds) against its slow twin: every admissible move and
swap tried one by one, its gain recomputed from scratch."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from palg_grouping import _construct, solve
from palg_grouping import _search_python as kernel
from palg_grouping._model import build_model
from tests.grouping.random_instances import planted_problem


def searched_state(seed: int, steps: int, rules: bool):
    """A search on a random problem (some people locked) after `steps` steps: a warm cache,
    live tabu entries."""
    problem = planted_problem(seed, n_max=16, rules=rules)
    rng = np.random.default_rng(seed)
    locked = rng.random(problem.n) < 0.15
    free = build_model(problem, None, None)
    start = _construct.feasible_start(free, rng)
    assume(start is not None)
    initial = start[free.unit_of]
    model = build_model(problem, initial, locked)
    search = solve._Search(model, model.start.copy(), rng, kernel)
    search.par[kernel.P_STALL] = 10**9  # no perturbation: the cache must survive the steps
    search.run(steps)
    return model, search


def objective(model, labels) -> float:
    return solve._unit_objective(model.D, labels, model.lower.size)


def every_admissible_step(model, search, it: int) -> float:
    """The best gain over every admissible move and swap, each recomputed from the labels."""
    lab, tabu = search.lab, search.tabu
    # swap_ok's arguments; move_ok takes the same without `lower`
    args = (model.w, model.lower, model.upper, model.cl_ptr, model.cl_idx, model.avail, lab,
            search.size, search.nu, search.cnt, search.par)  # fmt: skip
    f, f_best = objective(model, lab), search.fst[1]
    best = -np.inf
    units = np.flatnonzero(~model.locked)
    for i in units:
        g = lab[i]
        for h in range(model.lower.size):
            if h == g or not kernel.leave_ok(model.w, model.lower, model.avail, search.size,
                                             search.nu, search.cnt, search.par, i, g):  # fmt: skip
                continue
            if not kernel.move_ok(args[0], *args[2:], i, h):
                continue
            moved = lab.copy()
            moved[i] = h
            delta = objective(model, moved) - f
            if tabu[i, h] < it or f + delta > f_best + kernel.tolerance(f_best):
                best = max(best, delta)
        for j in units:
            h = lab[j]
            if h == g or not kernel.swap_ok(*args, i, j):
                continue
            swapped = lab.copy()
            swapped[i], swapped[j] = h, g
            delta = objective(model, swapped) - f
            free = tabu[i, h] < it and tabu[j, g] < it
            if free or f + delta > f_best + kernel.tolerance(f_best):
                best = max(best, delta)
    return best


def found_step(model, search, it: int):
    return kernel.best_step(search.D, model.w, model.lower, model.upper, model.cl_ptr,
                            model.cl_idx, model.avail, model.locked, search.lab, search.C,
                            search.size, search.nu, search.cnt, search.members, search.tabu,
                            search.fst, search.par, search.rng, search.scratch, search.pbest,
                            search.pidx, it)  # fmt: skip


@settings(deadline=None, max_examples=60)
@given(st.integers(0, 2**32 - 1), st.integers(0, 40), st.booleans())
def test_the_step_found_is_the_best_admissible_move_or_swap(seed, steps, rules):
    model, search = searched_state(seed, steps, rules)
    it = search.iterations + 1
    expected = every_admissible_step(model, search, it)
    i, j, h, delta = found_step(model, search, it)
    if expected == -np.inf:
        assert i == -1
        return
    assert np.isclose(delta, expected, rtol=0, atol=1e-9)
    after = search.lab.copy()
    after[i] = h
    if j >= 0:
        after[j] = search.lab[i]
    assert np.isclose(objective(model, after) - objective(model, search.lab), delta, atol=1e-9)


@settings(deadline=None, max_examples=30)
@given(st.integers(0, 2**32 - 1))
def test_the_pair_cache_stays_right_through_a_walk_of_steps(seed):
    """Step by step, the cached answer equals the full scan, also as tabu entries run out."""
    model, search = searched_state(seed, 0, rules=seed % 2 == 0)
    for _ in range(25):
        it = search.iterations + 1
        expected = every_admissible_step(model, search, it)
        rng_state = search.rng.copy()
        _, _, _, delta = found_step(model, search, it)
        search.rng[:] = rng_state  # the real step below draws the same numbers
        if expected == -np.inf:
            break
        assert np.isclose(delta, expected, rtol=0, atol=1e-9)
        search.run(1)
