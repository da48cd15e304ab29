"""Small random grouping problems that are feasible by construction: a hidden grouping keeps
every rule, and the rules are drawn around it."""

import numpy as np

from palg_grouping import GroupingProblem


def planted_problem(seed: int, *, n_max: int = 14, rules: bool = True) -> GroupingProblem:
    """A random problem (n <= n_max) with cannot-links, must-links and availability."""
    rng = np.random.default_rng(seed)
    groups = int(rng.integers(2, 5))
    n = int(rng.integers(2 * groups, max(2 * groups + 1, n_max + 1)))
    hidden = np.concatenate([np.arange(groups), rng.integers(0, groups, n - groups)])
    rng.shuffle(hidden)
    sizes = np.bincount(hidden, minlength=groups)
    lower = np.maximum(sizes - rng.integers(0, 2, groups), 1)
    upper = sizes + rng.integers(0, 2, groups)
    d = rng.random((n, n)).round(3) * 10
    d = np.triu(d, 1)
    d = d + d.T
    if not rules:
        return GroupingProblem(d, lower, upper)
    pairs = rng.integers(0, n, size=(3 * n, 2))
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    apart = pairs[hidden[pairs[:, 0]] != hidden[pairs[:, 1]]][:n]
    together = pairs[hidden[pairs[:, 0]] == hidden[pairs[:, 1]]][:2]
    slots = int(rng.integers(1, 4))
    availability = rng.random((n, slots)) < 0.4
    availability[np.arange(n), rng.integers(0, slots, groups)[hidden]] = True
    return GroupingProblem(
        d, lower, upper, cannot_link=apart, must_link=together, availability=availability
    )
