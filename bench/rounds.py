"""Time `plan_rounds` on the social-golfer cases of issue 3: 32 people in groups of 4 for 9 and
10 rounds, 40 in groups of 5 for 8 and 9 rounds, plus the tabu search alone (no finite-field
start) on 32 people for 8 and 9 rounds.

Run with `.venv/bin/python bench/rounds.py [--seconds S] [--seeds N]`. Times are wall-clock
seconds per run after numba has compiled (the first call compiles and is not counted).
"""

import argparse
import math
import time

import numpy as np

from palg_grouping import _rounds_search as search
from palg_grouping.rounds import plan_rounds

CASES = [(32, 4, 9), (32, 4, 10), (40, 5, 8), (40, 5, 9)]
SEARCH_ONLY = [(32, 4, 8), (32, 4, 9)]


def plan_case(n, size, rounds, seed, seconds):
    started = time.monotonic()
    plan = plan_rounds(n, rounds, min_size=size, max_size=size, seed=seed, time_limit=seconds)
    return plan.repeat_count, time.monotonic() - started, plan.iterations


def search_only_case(n, size, rounds, seed, seconds):
    """Greedy rounds, then tabu search: what the engine does when no construction applies."""
    started = time.monotonic()
    kernels = search.kernels("auto")
    rng = np.random.default_rng(seed)
    gsize = search.group_sizes(n, n // size)
    hard = np.zeros((n, n), dtype=np.int64)
    meet = np.zeros((n, n), dtype=np.int64)
    labels = np.zeros((rounds, n), dtype=np.int64)
    for r in range(rounds):
        labels[r] = search.greedy_round(meet, hard, gsize, rng)
        meet += (labels[r][:, None] == labels[r][None, :]) & ~np.eye(n, dtype=bool)
    state = search.Schedule.create(labels, gsize, hard, np.zeros((n, n)), seed + 1, kernels)
    deadline = started + seconds
    used = search.run_tabu(state, kernels, target=0, iterations=math.inf, deadline=deadline)
    return state.primary_cost(), time.monotonic() - started, used


def report(label, runs):
    solved = [t for repeats, t, _ in runs if repeats == 0]
    best = min(repeats for repeats, _, _ in runs)
    times = ", ".join(f"{t:.2f}" for _, t, _ in runs)
    print(f"{label:<28} zero repeats in {len(solved)}/{len(runs)} runs; fewest repeats {best}; "
          f"seconds per run: {times}")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit per run")
    parser.add_argument("--seeds", type=int, default=3, help="runs (seeds 0..N-1) per case")
    args = parser.parse_args()
    plan_rounds(16, 2, min_size=4, max_size=4, diversity=np.ones((16, 16)) - np.eye(16))
    plan_rounds(8, 2, min_size=4, max_size=4, max_iterations=10)
    for n, size, rounds in CASES:
        runs = [plan_case(n, size, rounds, seed, args.seconds) for seed in range(args.seeds)]
        report(f"plan_rounds {n}/{size}/{rounds}", runs)
    for n, size, rounds in SEARCH_ONLY:
        runs = [search_only_case(n, size, rounds, s, args.seconds) for s in range(args.seeds)]
        report(f"tabu alone {n}/{size}/{rounds}", runs)


if __name__ == "__main__":
    main()
