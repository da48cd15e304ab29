"""The search model: people tied by must-link rules merged into units that always move together.

Every search kernel works on units. Unit diversity D[u, v] sums the diversity of every pair of
people across the two units; the pairs inside a unit add a constant to the objective.
"""

from dataclasses import dataclass

import numpy as np

from palg_grouping.errors import (
    MSG_LOCKED_WITHOUT_INITIAL,
    MSG_MUST_LINK_CANNOT_LINK,
    MSG_MUST_LINK_LOCKED_APART,
    MSG_PERSON_NO_SLOT,
    MSG_UNIT_NO_SLOT,
    MSG_UNIT_TOO_BIG,
    Infeasible,
)
from palg_grouping.problem import GroupingProblem


@dataclass
class Model:
    """Arrays the kernels read; every per-unit array has m rows."""

    unit_of: np.ndarray  # (n,) unit of each person
    D: np.ndarray  # (m, m) unit diversity (the problem's own matrix when there are no units)
    w: np.ndarray  # (m,) people per unit
    lower: np.ndarray
    upper: np.ndarray
    cl_ptr: np.ndarray  # (m + 1,) CSR offsets of each unit's cannot-link partners
    cl_idx: np.ndarray
    avail: np.ndarray  # (m, S) uint8, slots every member of the unit is free in (S = 1 if none)
    locked: np.ndarray  # (m,) bool
    start: np.ndarray | None  # (m,) starting unit labels or None
    constant: float  # diversity inside units, always counted
    has_avail: bool

    @property
    def m(self) -> int:
        return int(self.w.size)


def _components(n: int, pairs: np.ndarray) -> np.ndarray:
    """Union-find: a component number per person, numbered by first appearance."""
    parent = np.arange(n)

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in pairs:
        ra, rb = find(int(a)), find(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([find(i) for i in range(n)])
    _, unit_of = np.unique(roots, return_inverse=True)
    return unit_of.astype(np.int64)


def _unit_diversity(d: np.ndarray, unit_of: np.ndarray, m: int) -> tuple[np.ndarray, float]:
    order = np.argsort(unit_of, kind="stable")
    starts = np.searchsorted(unit_of[order], np.arange(m))
    rows = np.add.reduceat(d[order].astype(np.float64), starts, axis=0)
    full = np.add.reduceat(rows[:, order], starts, axis=1)
    inside = float(np.trace(full)) / 2.0
    np.fill_diagonal(full, 0.0)
    return full, inside


def _csr(m: int, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    both = np.concatenate([pairs, pairs[:, ::-1]]) if len(pairs) else pairs.reshape(0, 2)
    both = np.unique(both, axis=0) if len(both) else both
    counts = np.bincount(both[:, 0], minlength=m) if len(both) else np.zeros(m, np.int64)
    ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return ptr, np.ascontiguousarray(both[:, 1], dtype=np.int64)


def _unit_locks(unit_of, m, initial, locked) -> tuple[np.ndarray, np.ndarray | None]:
    unit_locked = np.zeros(m, dtype=bool)
    if initial is None:
        if locked is not None and np.any(locked):
            raise Infeasible([MSG_LOCKED_WITHOUT_INITIAL])
        return unit_locked, None
    initial = np.asarray(initial, dtype=np.int64)
    locked = np.zeros(unit_of.size, bool) if locked is None else np.asarray(locked, dtype=bool)
    start = np.full(m, -1, dtype=np.int64)
    start[unit_of[~locked]] = initial[~locked]
    start[unit_of[locked]] = initial[locked]  # a locked person decides where the unit starts
    unit_locked[unit_of[locked]] = True
    if np.any(locked & (start[unit_of] != initial)):
        raise Infeasible([MSG_MUST_LINK_LOCKED_APART])
    return unit_locked, start


def build_model(problem: GroupingProblem, initial=None, locked=None) -> Model:
    """Merge must-link components into units and translate every rule to units."""
    n = problem.n
    unit_of = _components(n, problem.must_link)
    m = int(unit_of.max()) + 1 if n else 0
    if m == n:
        D, constant = problem.diversity, 0.0
    else:
        D, constant = _unit_diversity(problem.diversity, unit_of, m)
    w = np.bincount(unit_of, minlength=m).astype(np.int64)
    cl = unit_of[problem.cannot_link] if len(problem.cannot_link) else problem.cannot_link
    if np.any(cl[:, 0] == cl[:, 1]):
        raise Infeasible([MSG_MUST_LINK_CANNOT_LINK])
    if w.max(initial=0) > problem.upper.max():
        raise Infeasible([MSG_UNIT_TOO_BIG.format(count=int(w.max()))])
    ptr, idx = _csr(m, cl)
    has_avail = problem.availability is not None
    if has_avail:
        avail = np.ones((m, problem.availability.shape[1]), dtype=bool)
        np.logical_and.at(avail, unit_of, problem.availability)
        empty = ~avail.any(axis=1)
        if np.any(empty & (w > 1)):
            raise Infeasible([MSG_UNIT_NO_SLOT.format(count=int(w[empty & (w > 1)].max()))])
        if np.any(empty):
            raise Infeasible([MSG_PERSON_NO_SLOT.format(count=int(empty.sum()))])
    else:
        avail = np.ones((m, 1), dtype=bool)
    unit_locked, start = _unit_locks(unit_of, m, initial, locked)
    return Model(
        unit_of=unit_of,
        D=D,
        w=w,
        lower=problem.lower,
        upper=problem.upper,
        cl_ptr=ptr,
        cl_idx=idx,
        avail=np.ascontiguousarray(avail, dtype=np.uint8),
        locked=unit_locked,
        start=start,
        constant=constant,
        has_avail=has_avail,
    )
