"""Drivers around the round-planning kernels: starting plans, time and iteration budgets,
restarts, and the choice between the numba and the pure-Python kernels."""

from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from palg_grouping import _rounds_kernel, engine
from palg_grouping._rounds_construct import construct, construction_rounds

KERNELS = ("rebuild", "perturb", "tabu_search", "improve")
MSG_KERNEL = "kernel must be 'auto', 'numba' or 'python'"
MSG_NO_NUMBA = "kernel='numba' was asked for but numba is not installed"
# Iterations between two looks at the clock: small enough to stop within ~0.1 s of a deadline.
CHUNK = 2000
# The tabu search restarts from its best plan after this many iterations without improvement,
# with a few random swaps so that it does not retrace the same path.
STALL = 4000
PERTURB_SWAPS = 3
TENURE_MIN, TENURE_SPAN = 1, 3
# People exchanged at random between two descents of the diversity polish.
KICK_SWAPS = 2


@functools.cache
def kernels(kind: str = "auto") -> SimpleNamespace:
    """The kernel functions, compiled by numba ("numba", or "auto" when importable) or pure."""
    if kind not in ("auto", "numba", "python"):
        raise ValueError(MSG_KERNEL)
    if kind != "python":
        try:
            from palg_grouping._twin import compiled
        except ImportError:
            if kind == "numba":
                raise ValueError(MSG_NO_NUMBA) from None
            engine.warn_slow_engine()
        else:
            namespace = compiled(_rounds_kernel.__name__)
            return SimpleNamespace(**{k: namespace[k] for k in KERNELS})
    return SimpleNamespace(**{k: getattr(_rounds_kernel, k) for k in KERNELS})


@dataclass
class Schedule:
    """Mutable search state for R rounds of n people (see `_rounds_kernel`)."""

    labels: np.ndarray
    members: np.ndarray
    pos: np.ndarray
    gsize: np.ndarray
    meet: np.ndarray
    hard: np.ndarray
    div: np.ndarray
    rng: np.ndarray
    hard_weight: int

    @classmethod
    def create(cls, labels, gsize, hard, div, seed: int, k) -> Schedule:
        rounds, n = labels.shape
        members = np.zeros((rounds, gsize.size, int(gsize.max())), dtype=np.int64)
        pos = np.zeros((rounds, n), dtype=np.int64)
        meet = np.zeros((n, n), dtype=np.int64)
        # One hard meeting outweighs every repeat the plan could ever have.
        hard_weight = rounds * n * n + 1
        rng = np.array([seed], dtype=np.int64)
        state = cls(labels, members, pos, gsize, meet, hard, div, rng, hard_weight)
        k.rebuild(labels, gsize, members, pos, meet)
        return state

    def primary_cost(self) -> int:
        """hard_weight * (meetings of hard pairs) + repeats of the other pairs."""
        hard_meetings = int((self.meet * self.hard).sum()) // 2
        repeats = int((np.maximum(self.meet - 1, 0) * (1 - self.hard)).sum()) // 2
        return self.hard_weight * hard_meetings + repeats

    def hard_meetings(self) -> int:
        return int((self.meet * self.hard).sum()) // 2


def group_sizes(n: int, groups: int) -> np.ndarray:
    """Sizes of `groups` groups for n people, as even as possible, larger groups first."""
    sizes = np.full(groups, n // groups, dtype=np.int64)
    sizes[: n % groups] += 1
    return sizes


def repeat_lower_bound(n: int, rounds: int, gsize: np.ndarray) -> int:
    """Repeats no plan can avoid: meetings per round times rounds beyond the n(n-1)/2 pairs."""
    meetings = rounds * int((gsize * (gsize - 1) // 2).sum())
    return max(0, meetings - n * (n - 1) // 2)


def starting_labels(n: int, rounds: int, gsize, hard, rng: np.random.Generator) -> np.ndarray:
    """Finite-field rounds where the sizes admit them, then greedy rounds for the rest; people
    are shuffled onto the construction's points so that the seed decides who meets whom."""
    labels = np.zeros((rounds, n), dtype=np.int64)
    built = 0
    if np.all(gsize == gsize[0]):
        built = min(rounds, construction_rounds(int(gsize.size), int(gsize[0])))
    if built:
        labels[:built, rng.permutation(n)] = construct(int(gsize.size), int(gsize[0]), built)
    meet = np.zeros((n, n), dtype=np.int64)
    for r in range(built):
        _add_round(meet, labels[r])
    for r in range(built, rounds):
        labels[r] = greedy_round(meet, hard, gsize, rng)
        _add_round(meet, labels[r])
    return labels


def _add_round(meet: np.ndarray, round_labels: np.ndarray) -> None:
    same = round_labels[:, None] == round_labels[None, :]
    np.fill_diagonal(same, False)
    meet += same


def greedy_round(meet, hard, gsize, rng: np.random.Generator) -> np.ndarray:
    """Fill groups one seat at a time with the person who adds the fewest repeats (and never a
    hard pair when avoidable), ties broken at random."""
    n = meet.shape[0]
    labels = np.full(n, -1, dtype=np.int64)
    free = rng.permutation(n)
    penalty = (meet > 0).astype(np.int64) + hard * (n + 1)
    for g, size in enumerate(gsize):
        seats = [int(free[0])]
        free = free[1:]
        for _ in range(int(size) - 1):
            score = penalty[np.ix_(free, seats)].sum(axis=1)
            choice = rng.choice(np.flatnonzero(score == score.min()))
            seats.append(int(free[choice]))
            free = np.delete(free, choice)
        labels[seats] = g
    return labels


def _chunk(iterations: float, used: int) -> int:
    """Iterations for the next kernel call: a chunk, or what is left of a finite budget."""
    return CHUNK if math.isinf(iterations) else int(min(CHUNK, iterations - used))


def run_tabu(state: Schedule, k, *, target: int, iterations: float, deadline: float) -> int:
    """Tabu search until the target cost, the iteration budget or the deadline; leaves the best
    plan found in `state` and returns the iterations used."""
    rounds, n = state.labels.shape
    cost = state.primary_cost()
    stats = np.array([0, cost, cost, 0], dtype=np.int64)
    tabu = np.zeros((rounds, n, state.gsize.size), dtype=np.int64)
    best = state.labels.copy()
    params = np.array(
        [0, state.hard_weight, TENURE_MIN, TENURE_SPAN, STALL, target], dtype=np.int64
    )
    args = (state.labels, state.members, state.pos, state.gsize, state.meet, state.hard)
    while stats[0] < iterations and time.monotonic() < deadline:
        params[0] = _chunk(iterations, int(stats[0]))
        code = k.tabu_search(*args, tabu, best, state.rng, stats, params)
        if code == 1:
            break
        if code == 2:
            state.labels[:] = best
            k.rebuild(state.labels, state.gsize, state.members, state.pos, state.meet)
            k.perturb(*args[:5], state.rng, PERTURB_SWAPS)
            stats[1] = state.primary_cost()
            stats[3] = 0
            tabu[:] = 0
    state.labels[:] = best
    k.rebuild(state.labels, state.gsize, state.members, state.pos, state.meet)
    return int(stats[0])


def run_improve(
    state: Schedule, k, *, iterations: float, deadline: float, relabel_only: bool = False
) -> int:
    """Descent, lexicographic on (primary cost, -diversity), until no move helps, the iteration
    budget or the deadline; returns the steps used. `relabel_only` keeps every round's
    structure and only exchanges people's places."""
    rounds, n = state.labels.shape
    stats = np.zeros(3, dtype=np.int64)
    patience = 2 * (1 if relabel_only else rounds + 1) * n
    params = np.array([0, state.hard_weight, 1, patience, int(relabel_only)], dtype=np.int64)
    while stats[0] < iterations and time.monotonic() < deadline:
        params[0] = _chunk(iterations, int(stats[0]))
        code = k.improve(
            state.labels, state.members, state.pos, state.gsize, state.meet, state.hard,
            state.div, state.rng, stats, params,
        )  # fmt: skip
        if code == 1:
            break
    return int(stats[0])


def total_diversity(state: Schedule) -> float:
    """Sum over rounds and groups of within-group diversity."""
    total = 0.0
    for row in state.labels:
        total += float((state.div * (row[:, None] == row[None, :])).sum()) / 2
    return total


def run_polish(state: Schedule, k, *, iterations: float, deadline: float) -> int:
    """Iterated descent on (primary cost, -diversity): descend, then exchange a few random
    people everywhere (which leaves the repeats as they are) and descend again, keeping the
    best plan; until the iteration budget or the deadline. Returns the steps used."""
    rng = np.random.default_rng(int(state.rng[0]))
    used = run_improve(state, k, iterations=iterations, deadline=deadline)
    best = state.labels.copy()
    best_key = (state.primary_cost(), -total_diversity(state))
    n = state.labels.shape[1]
    while used < iterations and time.monotonic() < deadline:
        for _ in range(KICK_SWAPS):
            a, b = rng.choice(n, size=2, replace=False)
            state.labels[:, [a, b]] = state.labels[:, [b, a]]
        k.rebuild(state.labels, state.gsize, state.members, state.pos, state.meet)
        used += run_improve(state, k, iterations=iterations - used, deadline=deadline)
        key = (state.primary_cost(), -total_diversity(state))
        if key < best_key:
            best, best_key = state.labels.copy(), key
        else:
            state.labels[:] = best
            k.rebuild(state.labels, state.gsize, state.members, state.pos, state.meet)
    state.labels[:] = best
    k.rebuild(state.labels, state.gsize, state.members, state.pos, state.meet)
    return used
