"""The answer of the grouping engine."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class GroupingResult:
    """A grouping that keeps every hard rule, with its objective and chosen meeting slots.

    `slots[g]` is the lowest-numbered slot that every member of group g is free in (-1 when
    the problem has no availability, or for an empty group).
    """

    labels: np.ndarray
    objective: float
    slots: np.ndarray
    iterations: int
    elapsed: float
