"""A feasible starting grouping: randomised greedy placement, then a min-conflicts repair.

Both work on the units of `_model.Model`; locked units keep their starting group throughout.
"""

import numpy as np

from palg_grouping._model import Model

_NOISE = 0.1  # share of repair steps that take a random target group, to leave plateaus
_TABU = 7  # repair steps during which a unit may not go back to the group it left
_SWAP_SAMPLE = 30  # swap partners tried per repair step


def _neighbours(model: Model, u: int) -> np.ndarray:
    return model.cl_idx[model.cl_ptr[u] : model.cl_ptr[u + 1]]


class _Groups:
    """Sizes, unit counts and slot counts of a (possibly partial) grouping."""

    def __init__(self, model: Model, lab: np.ndarray):
        G, S = model.lower.size, model.avail.shape[1]
        self.model, self.lab = model, lab
        self.size = np.zeros(G, np.int64)
        self.nu = np.zeros(G, np.int64)
        self.cnt = np.zeros((G, S), np.int64)
        for u in np.flatnonzero(lab >= 0):
            self.add(int(u), int(lab[u]))

    def add(self, u: int, h: int) -> None:
        self.lab[u] = h
        self.size[h] += self.model.w[u]
        self.nu[h] += 1
        self.cnt[h] += self.model.avail[u]

    def remove(self, u: int) -> None:
        g = self.lab[u]
        self.size[g] -= self.model.w[u]
        self.nu[g] -= 1
        self.cnt[g] -= self.model.avail[u]
        self.lab[u] = -1

    def no_slot(self) -> np.ndarray:
        """Groups whose members share no slot."""
        shared = (self.cnt == self.nu[:, None]).any(axis=1)
        return ~shared & (self.nu > 0)

    def size_violation(self, size: np.ndarray) -> np.ndarray:
        return np.maximum(self.model.lower - size, 0) + np.maximum(size - self.model.upper, 0)


def target_sizes(lower: np.ndarray, upper: np.ndarray, n: int) -> np.ndarray:
    """Group sizes within the bounds, adding up to n, with the most pairs in all.

    Diversity is non-negative, so more pairs means more room for diversity: when the bounds
    allow different sizes, the best groupings sit at (or near) this size profile. Exact dynamic
    programme over groups and running totals."""
    G = lower.size
    value = np.full(n + 1, -np.inf)
    value[0] = 0.0
    choice = np.zeros((G, n + 1), dtype=np.int64)
    for g in range(G):
        nxt = np.full(n + 1, -np.inf)
        for s in range(int(lower[g]), int(min(upper[g], n)) + 1):
            cand = np.full(n + 1, -np.inf)
            cand[s:] = value[: n + 1 - s] + s * (s - 1) / 2
            better = cand > nxt
            nxt[better] = cand[better]
            choice[g, better] = s
        value = nxt
    sizes = np.zeros(G, dtype=np.int64)
    total = n
    for g in range(G - 1, -1, -1):
        sizes[g] = choice[g, total]
        total -= sizes[g]
    return sizes


def _greedy(model: Model, rng: np.random.Generator, lab: np.ndarray) -> np.ndarray:
    """Place every unplaced unit, hardest first, where it breaks no rule if it can; fill the
    groups towards `target_sizes`."""
    state = _Groups(model, lab)
    target = target_sizes(model.lower, model.upper, int(model.w.sum()))
    free = np.flatnonzero(lab < 0)
    slots = model.avail.sum(axis=1)
    degree = np.diff(model.cl_ptr)
    shuffled = rng.permutation(free)
    order = shuffled[np.lexsort((-degree[shuffled], slots[shuffled], -model.w[shuffled]))]
    for u in order:
        fits = state.size + model.w[u] <= model.upper
        placed = lab[_neighbours(model, u)]
        fits[placed[placed >= 0]] = False
        common = ((state.cnt + model.avail[u]) == (state.nu + 1)[:, None]).sum(axis=1)
        fits &= common > 0
        deficit = target - state.size
        score = np.where(fits, 0, -(10**9)) + np.minimum(deficit, 1) * 10**6 + common * 10**3
        score = score - state.size + rng.random(score.size)
        state.add(int(u), int(np.argmax(score)))
    return lab


def _violations(model: Model, state: _Groups) -> tuple[int, np.ndarray]:
    """Total violations and the units that take part in one."""
    lab = state.lab
    src = np.repeat(np.arange(model.m), np.diff(model.cl_ptr))
    clash = lab[src] == lab[model.cl_idx]
    bad_group = (state.size > model.upper) | state.no_slot()
    total = int(clash.sum() // 2 + state.size_violation(state.size).sum() + state.no_slot().sum())
    units = bad_group[lab]
    units[src[clash]] = True
    if not units.any() and total:  # only groups below their minimum: a donor may help
        units = state.size[lab] - model.w >= model.lower[lab]
        if not (units & ~model.locked).any():  # no donor: a swap of unequal units may
            units = np.ones(model.m, dtype=bool)
    return total, np.flatnonzero(units & ~model.locked)


def _move_costs(model: Model, state: _Groups, u: int) -> np.ndarray:
    """Change in the number of violations for moving unit u to each group."""
    g, w = state.lab[u], model.w[u]
    size = state.size
    cost = state.size_violation(size + w) - state.size_violation(size)
    leave = state.size.copy()
    leave[g] -= w
    cost = cost + (state.size_violation(leave)[g] - state.size_violation(size)[g])
    placed = state.lab[_neighbours(model, u)]
    near = np.bincount(placed, minlength=size.size)
    cost = cost + near - near[g]
    if model.has_avail:
        before = state.no_slot()
        after_in = ~((state.cnt + model.avail[u]) == (state.nu + 1)[:, None]).any(axis=1)
        cost = cost + after_in - before
        rest = state.cnt[g] - model.avail[u]
        left_ok = state.nu[g] == 1 or bool((rest == state.nu[g] - 1).any())
        cost = cost + (int(not left_ok) - int(before[g]))
    cost = cost.astype(np.float64)
    cost[g] = np.inf
    return cost


def _best_swap(model: Model, state: _Groups, u: int, rng: np.random.Generator):
    """The swap partner of u (among a sample) that leaves the fewest violations, and how many."""
    g = int(state.lab[u])
    others = np.flatnonzero((state.lab != g) & ~model.locked)
    if others.size > _SWAP_SAMPLE:
        others = rng.choice(others, _SWAP_SAMPLE, replace=False)
    best, partner = np.inf, -1
    for v in others:
        h = int(state.lab[v])
        state.remove(u), state.remove(int(v))
        state.add(u, h), state.add(int(v), g)
        total = _violations(model, state)[0]
        state.remove(u), state.remove(int(v))
        state.add(u, g), state.add(int(v), h)
        if total < best or (total == best and rng.random() < 0.5):  # random among ties
            best, partner = total, int(v)
    return partner, best


def _repair(model: Model, lab: np.ndarray, rng: np.random.Generator, steps: int) -> bool:
    """Min-conflicts moves until no rule is broken; False if `steps` run out first."""
    state = _Groups(model, lab)
    tabu: dict[int, tuple[int, int]] = {}
    for step in range(steps):
        total, units = _violations(model, state)
        if total == 0:
            return True
        if units.size == 0:
            return False
        u = int(rng.choice(units))
        cost = _move_costs(model, state, u)
        back = tabu.get(u)
        if back and back[1] > step:
            cost[back[0]] = np.inf
        partner, after = _best_swap(model, state, u, rng)
        if partner >= 0 and after < total + cost.min():
            g, h = int(state.lab[u]), int(state.lab[partner])
            state.remove(u), state.remove(partner)
            state.add(u, h), state.add(partner, g)
            continue
        finite = np.flatnonzero(np.isfinite(cost))
        if finite.size == 0:
            continue
        if rng.random() < _NOISE:
            h = int(rng.choice(finite))
        else:
            h = int(rng.choice(np.flatnonzero(cost == cost.min())))
        tabu[u] = (int(state.lab[u]), step + _TABU)
        state.remove(u)
        state.add(u, h)
    return _violations(model, state)[0] == 0


def feasible_start(model: Model, rng: np.random.Generator, attempts: int = 5) -> np.ndarray | None:
    """Unit labels that keep every hard rule, or None when none was found."""
    steps = max(2000, min(20 * model.m, 20000))
    if model.start is not None:
        lab = model.start.copy()
        lab[lab < 0] = -1
        _greedy(model, rng, lab)
        if _repair(model, lab, rng, steps):
            return lab
    for _ in range(attempts):
        lab = np.full(model.m, -1, dtype=np.int64)
        if model.start is not None:
            lab[model.locked] = model.start[model.locked]
        _greedy(model, rng, lab)
        if _repair(model, lab, rng, steps):
            return lab
    return None


def closest_start(model: Model, rng: np.random.Generator) -> np.ndarray:
    """Unit labels that break as few rules as the greedy placement and its repair manage: what
    `feasible_start` ends with when it finds no grouping that keeps every rule, to show which
    rules stand in the way and how often."""
    steps = max(2000, min(20 * model.m, 20000))
    lab = np.full(model.m, -1, dtype=np.int64)
    if model.start is not None:
        lab[model.locked] = model.start[model.locked]
    _greedy(model, rng, lab)
    _repair(model, lab, rng, steps)
    return lab
