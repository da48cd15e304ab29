"""The memetic layer: a small pool of tabu-optimised groupings, recombined group by group.

A child inherits whole groups from two parents, alternating between them and taking the
parent's group with the highest diversity per member among the units not yet placed (the
group-based crossover of the MDGP memetic literature, e.g. Yang et al. 2022). The units no
inherited group holds are placed by the feasibility greedy and repair of `_construct`, the
child is improved by the tabu search, and it replaces the worst member of the pool when it is
better and not already in it.

Every hard rule survives the crossover: an inherited group is a subset of a group that kept
every rule (so no cannot-link pair and a shared slot), it goes to a group index whose upper
bound it fits, locked units keep their group (a group holding locked units can only go to
their index), and the fill is the same greedy + repair that builds a feasible start. A child
whose repair fails is dropped.

The layer only sees labels and a `tabu(labels, iterations)` callable, so it runs the same with
either kernel, and with a fixed iteration budget the same seed gives the same result.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from palg_grouping import _construct
from palg_grouping._model import Model

POOL_SIZE = 4  # measured on MDGPLIB n = 120 and 240: 8 spreads the time too thin
MIN_POOL = 4
REPAIR_STEPS = 2000


@dataclass
class Member:
    labels: np.ndarray  # (m,) unit labels
    value: float  # unit objective


# tabu(start labels) -> (best labels, best value), or None when the budget or the clock ran
# out before anything was searched.
Tabu = Callable[[np.ndarray], tuple[np.ndarray, float] | None]


def partition_distance(a: np.ndarray, b: np.ndarray, groups: int) -> int:
    """Pairs of units together in exactly one of two groupings (0: the same partition,
    whatever the group numbers)."""
    table = np.zeros((groups, groups), dtype=np.int64)
    np.add.at(table, (a, b), 1)
    together_a = np.bincount(a, minlength=groups)
    together_b = np.bincount(b, minlength=groups)
    pairs = lambda c: int((c * (c - 1) // 2).sum())  # noqa: E731
    return pairs(together_a) + pairs(together_b) - 2 * pairs(table)


class _Parent:
    """One parent during a crossover: its groups shrink as their units are placed."""

    def __init__(self, model: Model, labels: np.ndarray):
        G = model.lower.size
        self.labels = labels.copy()
        onehot = np.zeros((labels.size, G))
        onehot[np.arange(labels.size), labels] = 1.0
        self.C = np.asarray(model.D, dtype=np.float64) @ onehot
        own = self.C[np.arange(labels.size), labels]
        self.total = np.bincount(labels, weights=own, minlength=G)
        self.count = np.bincount(labels, weights=model.w, minlength=G).astype(np.float64)
        self.D = model.D
        self.w = model.w

    def best_group(self, usable: np.ndarray) -> int:
        """The usable group with the most diversity per member (-1 if none is usable)."""
        score = np.where(usable & (self.count > 0), self.total / np.maximum(self.count, 1), -np.inf)
        g = int(np.argmax(score))
        return g if np.isfinite(score[g]) else -1

    def remove(self, u: int) -> None:
        g = self.labels[u]
        if g < 0:
            return
        self.total[g] -= 2.0 * self.C[u, g]  # total counts every pair twice
        self.C[:, g] -= self.D[u]
        self.count[g] -= self.w[u]
        self.labels[u] = -1


def _target_index(model: Model, g: int, units: np.ndarray, free: np.ndarray, reserved: np.ndarray,
                  rng: np.random.Generator) -> int:  # fmt: skip
    """Where a parent's group g goes in the child: its own index if it holds locked units (or
    if that index is free and fits), else a free, unreserved index whose upper bound fits."""
    if model.locked[units].any():
        return g if free[g] else -1
    size = int(model.w[units].sum())
    fits = free & ~reserved & (model.upper >= size)
    if fits[g]:
        return g
    options = np.flatnonzero(fits)
    return int(rng.choice(options)) if options.size else -1


def crossover(model: Model, a: np.ndarray, b: np.ndarray, rng: np.random.Generator):
    """A child of two feasible groupings that keeps every rule, or None if the repair failed."""
    G = model.lower.size
    parents = [_Parent(model, a), _Parent(model, b)]
    child = np.full(model.m, -1, dtype=np.int64)
    free = np.ones(G, dtype=bool)
    reserved = np.zeros(G, dtype=bool)
    reserved[a[model.locked]] = True
    turn = int(rng.integers(2))
    for _ in range(G):
        parent = parents[turn]
        turn = 1 - turn
        usable = np.ones(G, dtype=bool)
        while True:
            g = parent.best_group(usable)
            if g < 0:
                break
            units = np.flatnonzero(parent.labels == g)
            k = _target_index(model, g, units, free, reserved, rng)
            if k >= 0:
                break
            usable[g] = False
        if g < 0:
            continue
        child[units] = k
        free[k] = False
        for u in units:
            for p in parents:
                p.remove(int(u))
    return _fill(model, child, rng)


def _fill(model: Model, child: np.ndarray, rng: np.random.Generator):
    locked = model.locked
    if locked.any():
        child[locked] = model.start[locked]
    _construct._greedy(model, rng, child)
    if not _construct._repair(model, child, rng, REPAIR_STEPS):
        return None
    return child


def memetic(model: Model, starts: list[np.ndarray], tabu: Tabu,
            rng: np.random.Generator) -> Member | None:  # fmt: skip
    """Improve the starts with tabu search, then breed children until the budget runs out;
    the best grouping found (None if the budget ran out before the first search)."""
    pool: list[Member] = []
    for start in starts:
        found = tabu(start)
        if found is None:
            break
        _admit(pool, Member(*found), model, len(starts))
    if not pool:
        return None
    while True:
        child = None
        if len(pool) >= 2:
            i, j = rng.choice(len(pool), size=2, replace=False)
            child = crossover(model, pool[i].labels, pool[j].labels, rng)
        if child is None:  # a lone member or a failed repair: search on from a member
            child = pool[int(rng.integers(len(pool)))].labels.copy()
        found = tabu(child)
        if found is None:
            break
        _admit(pool, Member(*found), model, len(starts))
    return max(pool, key=lambda m: m.value)


def _admit(pool: list[Member], child: Member, model: Model, size: int) -> None:
    """Add the child while the pool is short; later it replaces the worst member if it is
    better and no member is the same partition."""
    G = model.lower.size
    if any(partition_distance(child.labels, m.labels, G) == 0 for m in pool):
        return
    if len(pool) < size:
        pool.append(child)
        return
    worst = min(range(len(pool)), key=lambda k: pool[k].value)
    if child.value > pool[worst].value:
        pool[worst] = child
