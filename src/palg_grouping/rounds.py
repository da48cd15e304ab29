"""Plan several regroupings of the same people in which no pair meets twice (a social-golfer
schedule) wherever possible, then with as few repeats as possible, keeping groups diverse.

Objectives, in this order (lexicographic):
1. no group ever holds a `cannot_link` pair;
2. as few repeats as possible, counting max(0, meetings - 1) over pairs;
3. as much diversity as possible: the sum over rounds and groups of within-group diversity.

How: when every group has p people and the number of groups g is a prime power with p <= g,
rounds come from finite-field geometry (`_rounds_construct`: g rounds, g + 1 when p divides g;
for 32 people in groups of 4, `_rounds_binary` computes all 10), with people shuffled onto its
points by the seed. Further rounds start greedy, then a tabu search on swaps within a round
(after Dotú and Van Hentenryck, "Scheduling social golfers locally", 2005) removes repeats,
restarting from its best plan when it stalls. Last, an iterated descent raises diversity with
moves that never add a repeat: swaps within a round, and exchanging two people's places in every
round (which keeps a repeat-free plan repeat-free).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from palg_grouping import _rounds_search as search
from palg_grouping.errors import MSG_SIZES, Infeasible

__all__ = ["RoundsPlan", "plan_rounds", "MSG_ROUNDS", "MSG_PEOPLE", "MSG_KEPT_APART"]

MSG_ROUNDS = "rounds must be at least 1"
MSG_PEOPLE = "n must be at least 1"
MSG_DIVERSITY = "diversity must be an (n, n) matrix"
MSG_LINK = "cannot_link must be (k, 2) pairs of different people between 0 and n-1"
MSG_KEPT_APART = (
    "No plan was found that keeps every pair who must be kept apart in different groups in "
    "every round ({count} meetings of such pairs remain)."
)
# Tabu iterations (and as many descent steps) when neither a time limit nor a budget is given.
DEFAULT_ITERATIONS = 50_000
# Share of a time limit spent removing repeats; the rest raises diversity.
REPEAT_SHARE = 0.8


@dataclass(frozen=True)
class RoundsPlan:
    """R groupings of the same n people.

    `labels[r, i]` is person i's group in round r (rounds and groups count from 0). `repeats`
    lists every pair i < j that meets more than once, with the rounds in which it meets;
    `repeat_count` sums (meetings - 1) over those pairs. `diversity_per_round[r]` is the sum
    over round r's groups of within-group pairwise diversity (0 without a diversity matrix).
    """

    labels: np.ndarray
    repeats: list[tuple[int, int, list[int]]]
    repeat_count: int
    diversity_per_round: list[float]
    iterations: int = 0
    elapsed: float = 0.0


def plan_rounds(
    n: int,
    rounds: int,
    *,
    min_size: int,
    max_size: int,
    diversity: np.ndarray | None = None,
    cannot_link=None,
    seed: int = 0,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    kernel: str = "auto",
) -> RoundsPlan:
    """Plan `rounds` groupings of n people with as few repeated pairs as possible.

    The number of groups follows from n and the size range as `GroupingProblem.from_size_range`
    derives it, with sizes as even as possible and the same every round. `max_iterations`
    bounds each search phase (same seed and budget, same plan); `time_limit` bounds the whole
    run in seconds; without either, DEFAULT_ITERATIONS applies. Raises `Infeasible` when the
    sizes cannot be met or a cannot-link pair could not be kept apart.
    """
    started = time.monotonic()
    gsize = _sizes(n, rounds, min_size, max_size)
    div = _diversity(n, diversity)
    hard = _hard(n, cannot_link)
    rng = np.random.default_rng(seed)
    k = search.kernels(kernel)
    labels = search.starting_labels(n, rounds, gsize, hard, rng)
    state = search.Schedule.create(labels, gsize, hard, div, int(rng.integers(1, 2**32)), k)
    iterations = _budget(time_limit, max_iterations)
    deadline = math.inf if time_limit is None else started + time_limit
    repeat_deadline = math.inf if time_limit is None else started + REPEAT_SHARE * time_limit
    used = _optimise(state, k, n, rounds, iterations, repeat_deadline, deadline)
    if state.hard_meetings():
        raise Infeasible([MSG_KEPT_APART.format(count=state.hard_meetings())])
    return _plan(state.labels, div, used, time.monotonic() - started)


def _optimise(state, k, n, rounds, iterations, repeat_deadline, deadline) -> int:
    """Hard rule first, then repeats, then diversity; returns the iterations used."""
    has_hard = bool(state.hard.any())
    has_div = bool(state.div.any())
    used = 0
    if has_hard:
        # Exchanging people across all rounds often clears a hard pair without adding repeats.
        used += search.run_improve(
            state, k, iterations=iterations, deadline=deadline, relabel_only=True
        )
    target = search.repeat_lower_bound(n, rounds, state.gsize)
    if state.primary_cost() > target:
        used += search.run_tabu(
            state, k, target=target, iterations=iterations, deadline=repeat_deadline
        )
    if has_div:
        used += search.run_polish(state, k, iterations=iterations, deadline=deadline)
    elif has_hard:
        used += search.run_improve(state, k, iterations=iterations, deadline=deadline)
    return used


def _budget(time_limit: float | None, max_iterations: int | None) -> float:
    if max_iterations is not None:
        return float(max_iterations)
    return math.inf if time_limit is not None else float(DEFAULT_ITERATIONS)


def _sizes(n: int, rounds: int, min_size: int, max_size: int) -> np.ndarray:
    """Group sizes for every round: the group count aims at the middle of the size range."""
    if n < 1:
        raise ValueError(MSG_PEOPLE)
    if rounds < 1:
        raise ValueError(MSG_ROUNDS)
    fewest, most = math.ceil(n / max(max_size, 1)), n // max(min_size, 1)
    groups = min(max(round(2 * n / (min_size + max_size)), fewest), most)
    if min_size < 1 or min_size > max_size or groups < 1 or not fewest <= groups <= most:
        raise Infeasible([MSG_SIZES.format(n=n, low=min_size, high=max_size)])
    return search.group_sizes(n, groups)


def _diversity(n: int, diversity) -> np.ndarray:
    if diversity is None:
        return np.zeros((n, n), dtype=np.float64)
    div = np.asarray(diversity, dtype=np.float64)
    if div.shape != (n, n):
        raise ValueError(MSG_DIVERSITY)
    return np.ascontiguousarray(div)


def _hard(n: int, cannot_link) -> np.ndarray:
    hard = np.zeros((n, n), dtype=np.int64)
    if cannot_link is None or len(cannot_link) == 0:
        return hard
    pairs = np.asarray(cannot_link, dtype=np.int64)
    if pairs.ndim != 2 or pairs.shape[1] != 2 or pairs.min() < 0 or pairs.max() >= n:
        raise ValueError(MSG_LINK)
    if np.any(pairs[:, 0] == pairs[:, 1]):
        raise ValueError(MSG_LINK)
    hard[pairs[:, 0], pairs[:, 1]] = 1
    hard[pairs[:, 1], pairs[:, 0]] = 1
    return hard


def _plan(labels: np.ndarray, div: np.ndarray, iterations: int, elapsed: float) -> RoundsPlan:
    """Repeats and diversity measured from the labels themselves, not from the search's books."""
    labels = labels.copy()
    repeats = find_repeats(labels)
    count = sum(len(met) - 1 for _, _, met in repeats)
    per_round = [round_diversity(div, row) for row in labels]
    return RoundsPlan(labels, repeats, count, per_round, iterations, elapsed)


def find_repeats(labels: np.ndarray) -> list[tuple[int, int, list[int]]]:
    """Pairs i < j that share a group in more than one round, with those rounds."""
    rounds, n = labels.shape
    met: dict[tuple[int, int], list[int]] = {}
    for r in range(rounds):
        for g in np.unique(labels[r]):
            people = np.flatnonzero(labels[r] == g)
            for a_index, a in enumerate(people):
                for b in people[a_index + 1 :]:
                    met.setdefault((int(a), int(b)), []).append(r)
    return [(a, b, seen) for (a, b), seen in sorted(met.items()) if len(seen) > 1]


def round_diversity(div: np.ndarray, round_labels: np.ndarray) -> float:
    """Sum over groups of within-group pairwise diversity."""
    same = round_labels[:, None] == round_labels[None, :]
    return float((div * same).sum() / 2)
