"""The contribution matrix and the O(1) deltas the search is built on.

C[i, g] = sum of d[i, j] over the members j of group g. Moving i from g to h changes the
objective by C[i, h] - C[i, g]; swapping i (in g) with j (in h) changes it by
C[i, h] - C[i, g] + C[j, g] - C[j, h] - 2 d[i, j]. The kernels in `_search_python` inline these.
"""

import numpy as np


def contribution_matrix(d: np.ndarray, labels: np.ndarray, groups: int) -> np.ndarray:
    """(n, G) matrix: each element's total diversity to the members of each group."""
    onehot = np.zeros((labels.size, groups))
    onehot[np.arange(labels.size), labels] = 1.0
    return np.asarray(d, dtype=np.float64) @ onehot


def move_delta(C: np.ndarray, labels: np.ndarray, i: int, h: int) -> float:
    """Objective change when element i moves to group h."""
    return float(C[i, h] - C[i, labels[i]])


def swap_delta(C: np.ndarray, d: np.ndarray, labels: np.ndarray, i: int, j: int) -> float:
    """Objective change when elements i and j trade groups (none if they share one)."""
    g, h = labels[i], labels[j]
    if g == h:
        return 0.0
    return float(C[i, h] - C[i, g] + C[j, g] - C[j, h] - 2.0 * d[i, j])
