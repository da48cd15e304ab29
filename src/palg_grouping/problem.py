"""The grouping problem: who is how different from whom, group sizes and the hard rules."""

import math
from dataclasses import dataclass, field

import numpy as np

from palg_grouping.errors import MSG_SIZES, Infeasible

MSG_SQUARE = "diversity must be a square (n, n) matrix"
MSG_SYMMETRIC = "diversity must be symmetric with a zero diagonal and no negative values"
MSG_BOUNDS = "lower and upper must have one entry per group with 0 <= lower <= upper"
MSG_PAIRS = "{name} must be an array of (k, 2) person indices between 0 and n-1"
MSG_SELF_PAIR = "{name} may not pair a person with themself"
MSG_AVAILABILITY = "availability must be an (n, S) boolean matrix"

# Checking symmetry costs a full (n, n) temporary; above this size only sampled rows are checked.
_FULL_CHECK_LIMIT = 3000


def _empty_pairs() -> np.ndarray:
    return np.zeros((0, 2), dtype=np.int64)


def _pairs(value, name: str, n: int) -> np.ndarray:
    pairs = np.asarray(value, dtype=np.int64).reshape(-1, 2) if len(value) else _empty_pairs()
    if pairs.size and (pairs.min() < 0 or pairs.max() >= n):
        raise ValueError(MSG_PAIRS.format(name=name))
    if np.any(pairs[:, 0] == pairs[:, 1]):
        raise ValueError(MSG_SELF_PAIR.format(name=name))
    return pairs


def _check_diversity(d: np.ndarray) -> None:
    if d.ndim != 2 or d.shape[0] != d.shape[1]:
        raise ValueError(MSG_SQUARE)
    n = d.shape[0]
    rows = np.arange(n)
    if n > _FULL_CHECK_LIMIT:
        rows = np.random.default_rng(0).choice(n, size=64, replace=False)
    block = d[rows]
    ok = np.all(block >= 0) and np.all(d[rows, rows] == 0)
    if not ok or not np.allclose(block, d[:, rows].T):
        raise ValueError(MSG_SYMMETRIC)


@dataclass(frozen=True)
class GroupingProblem:
    """n people, their pairwise diversity, per-group size bounds and the hard rules.

    `diversity` is symmetric with a zero diagonal (float64, or float32 to halve memory at large
    n). Group g must hold between `lower[g]` and `upper[g]` people. `cannot_link` pairs never
    share a group, `must_link` pairs always do, and with `availability` (n, S) every group must
    have at least one slot in which all its members are free.
    """

    diversity: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    cannot_link: np.ndarray = field(default_factory=_empty_pairs)
    must_link: np.ndarray = field(default_factory=_empty_pairs)
    availability: np.ndarray | None = None

    def __post_init__(self):
        d = np.asarray(self.diversity)
        if d.dtype not in (np.float32, np.float64):
            d = d.astype(np.float64)
        _check_diversity(d)
        n = d.shape[0]
        lower = np.asarray(self.lower, dtype=np.int64).ravel()
        upper = np.asarray(self.upper, dtype=np.int64).ravel()
        if lower.shape != upper.shape or lower.size == 0 or np.any(lower < 0):
            raise ValueError(MSG_BOUNDS)
        if np.any(lower > upper):
            raise ValueError(MSG_BOUNDS)
        set_ = object.__setattr__
        set_(self, "diversity", d)
        set_(self, "lower", lower)
        set_(self, "upper", upper)
        set_(self, "cannot_link", _pairs(self.cannot_link, "cannot_link", n))
        set_(self, "must_link", _pairs(self.must_link, "must_link", n))
        if self.availability is not None:
            avail = np.asarray(self.availability)
            if avail.ndim != 2 or avail.shape[0] != n:
                raise ValueError(MSG_AVAILABILITY)
            set_(self, "availability", avail.astype(bool))

    @property
    def n(self) -> int:
        """Number of people."""
        return int(self.diversity.shape[0])

    @property
    def groups(self) -> int:
        """Number of groups."""
        return int(self.lower.size)

    @classmethod
    def equal_sizes(cls, diversity, groups: int, **rules) -> "GroupingProblem":
        """`groups` groups as equal as possible (sizes differ by at most one)."""
        n = np.asarray(diversity).shape[0]
        lower = np.full(groups, n // groups, dtype=np.int64)
        upper = np.full(groups, -(-n // groups), dtype=np.int64)
        return cls(diversity, lower, upper, **rules)

    @classmethod
    def from_size_range(
        cls, diversity, min_size: int, max_size: int, *, groups: int | None = None, **rules
    ) -> "GroupingProblem":
        """Groups of `min_size` to `max_size` people, as many groups as the middle size gives."""
        n = np.asarray(diversity).shape[0]
        fewest, most = math.ceil(n / max_size), n // min_size
        if groups is None:
            groups = min(max(round(2 * n / (min_size + max_size)), fewest), most)
        if groups < 1 or not fewest <= groups <= most:
            raise Infeasible([MSG_SIZES.format(n=n, low=min_size, high=max_size)])
        lower = np.full(groups, min_size, dtype=np.int64)
        upper = np.full(groups, max_size, dtype=np.int64)
        return cls(diversity, lower, upper, **rules)
