"""The front door: form groups that keep every hard rule and are as diverse as possible."""

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from palg_grouping import _construct, _memetic, _search_python, engine
from palg_grouping._model import Model, build_model
from palg_grouping.errors import MSG_NO_FEASIBLE_START, MSG_SIZES, Infeasible
from palg_grouping.problem import GroupingProblem
from palg_grouping.result import GroupingResult

MSG_KERNEL = "kernel must be 'auto', 'numba' or 'python'"
MSG_LABELS = "labels must hold one group index between 0 and G-1 per person"
MSG_LOCKED = "locked must hold one true/false value per person"
MSG_STRATEGY = "strategy must be 'auto', 'memetic' or 'tabu'"

SAMPLE_ABOVE = 1000  # above this many units each iteration scans a random sample of units
SAMPLE_SIZE = 48
CANDIDATE_GROUPS = 8  # a sampled unit moves or swaps only into its best few groups
SAMPLED_STALL = 2000
SAMPLED_STRENGTH = 30
CHUNK_SECONDS = 0.05  # the kernel runs in chunks this long, so the clock can stop it
ITERATIONS_PER_UNIT = 20  # default budget when neither time_limit nor max_iterations is given
MEMETIC_MIN_UNITS = 24  # below this the pool would hold copies of the same few groupings
# Up to the full-scan limit: with the pair cache a step at n = 480 takes about 40 us, so the
# pool sees enough generations (MDGPLIB n = 480, seed 0, 120 s: RanReal_n480_ds_01 0.23% below
# the best-known value against 0.52% for the tabu search alone; RanInt_n480_ds_01 0.15% above
# it, the tabu search 0.08% below).
MEMETIC_MAX_UNITS = SAMPLE_ABOVE
# A pool member's tabu search ends after this many steps per unit without a new best (and at
# least MEMETIC_MIN_STALL). Measured on RanReal/RanInt n = 120 (3 seeds) and 240 (2 seeds): 20
# beat 5, 10, 40 and 80 (n = 120: 0.054% mean gap against 0.102% for 5; n = 240: 0.065% against
# 0.126%), and at n = 480 20 beat 5 (mean -0.071% against 0.024% over four instances).
MEMETIC_STALL = 20
MEMETIC_MIN_STALL = 200


def _kernel_module(kernel: str):
    if kernel not in ("auto", "numba", "python"):
        raise ValueError(MSG_KERNEL)
    if kernel == "python":
        return _search_python
    try:
        from palg_grouping import _search_numba
    except ImportError:
        if kernel == "numba":
            raise
        engine.warn_slow_engine()
        return _search_python
    return _search_numba


def _check_labels(problem: GroupingProblem, labels) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.shape != (problem.n,) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(MSG_LABELS)
    if labels.size and (labels.min() < 0 or labels.max() >= problem.groups):
        raise ValueError(MSG_LABELS)
    return labels.astype(np.int64)


def _params(model: Model) -> np.ndarray:
    """Tabu tenure, stall length and perturbation strength, scaled by the number of units."""
    m = model.m
    par = np.zeros(_search_python.NPAR, dtype=np.int64)
    sampled = m > SAMPLE_ABOVE
    par[_search_python.P_TMIN] = max(2, min(m, SAMPLE_ABOVE) // 20)
    par[_search_python.P_TSPAN] = max(2, min(m, SAMPLE_ABOVE) // 20)
    # A full scan sees the whole neighbourhood, so a long stall means a deep local optimum; a
    # sampled scan wanders, so it goes back to the best grouping sooner and perturbs gently.
    par[_search_python.P_STALL] = SAMPLED_STALL if sampled else max(200, 20 * m)
    par[_search_python.P_STRENGTH] = SAMPLED_STRENGTH if sampled else max(3, m // 7)
    par[_search_python.P_SAMPLE] = SAMPLE_SIZE if sampled else 0
    par[_search_python.P_TOPK] = CANDIDATE_GROUPS
    par[_search_python.P_CL] = int(model.cl_idx.size > 0)
    par[_search_python.P_AVAIL] = int(model.has_avail)
    return par


class _Search:
    """Kernel state for one search; `run` advances it by a number of iterations."""

    def __init__(self, model: Model, start: np.ndarray, rng: np.random.Generator, kernel,
                 halt_after: int | None = None):  # fmt: skip
        G, S = model.lower.size, model.avail.shape[1]
        self.model, self.kernel = model, kernel
        self.D = np.ascontiguousarray(model.D)
        self.par = _params(model)
        if halt_after is not None:  # stop (stuck) after this many steps without a new best
            self.par[_search_python.P_STALL] = halt_after
            self.par[_search_python.P_HALT] = 1
        self.lab = start.astype(np.int64).copy()
        self.C = np.zeros((model.m, G))
        self.size = np.zeros(G, np.int64)
        self.nu = np.zeros(G, np.int64)
        self.cnt = np.zeros((G, S), np.int64)
        self.members = np.zeros((G, int(model.upper.max()) + 1), np.int64)
        self.mpos = np.zeros(model.m, np.int64)
        kernel.rebuild(self.D, model.w, model.avail, self.lab, self.C, self.size, self.nu,
                       self.cnt, self.members, self.mpos)  # fmt: skip
        f = float(_unit_objective(self.D, self.lab, G))
        self.fst = np.array([f, f])
        self.ist = np.zeros(_search_python.NIST, np.int64)
        wide = self.par[_search_python.P_SAMPLE] == 0  # (unit, group) tabu when scanning all
        self.tabu = np.zeros((model.m, G if wide else 1), np.int64)
        self.best = self.lab.copy()
        self.rng = np.array([int(rng.integers(1, 2**32 - 1))], dtype=np.int64)
        self.scratch = np.zeros(CANDIDATE_GROUPS, np.int64)
        pairs = G if self.par[_search_python.P_SAMPLE] == 0 else 1
        self.pbest = np.zeros((pairs, pairs, 4))
        self.pidx = np.full((pairs, pairs, 6), -1, np.int64)
        self.pidx[:, :, 5] = 0  # nothing cached, no bound known

    def run(self, iterations: int) -> None:
        m = self.model
        self.kernel.search(self.D, m.w, m.lower, m.upper, m.cl_ptr, m.cl_idx, m.avail, m.locked,
                           self.lab, self.C, self.size, self.nu, self.cnt, self.members,
                           self.mpos, self.tabu, self.best, self.fst, self.ist, self.par,
                           self.rng, self.scratch, self.pbest, self.pidx,
                           iterations)  # fmt: skip

    @property
    def iterations(self) -> int:
        return int(self.ist[_search_python.I_IT])

    @property
    def stuck(self) -> bool:
        return bool(self.ist[_search_python.I_STUCK])


def _unit_objective(D: np.ndarray, lab: np.ndarray, groups: int) -> float:
    total = 0.0
    for g in range(groups):
        idx = np.flatnonzero(lab == g)
        total += float(D[np.ix_(idx, idx)].sum(dtype=np.float64)) / 2.0
    return total


def _explain(problem: GroupingProblem) -> list[str]:
    """Plain-words reasons from the feasibility checks, when that module is present."""
    try:
        from palg_grouping.feasibility import explain
    except ImportError:
        return [MSG_NO_FEASIBLE_START]
    reasons = list(explain(problem) or [])
    return reasons or [MSG_NO_FEASIBLE_START]


def _check_totals(problem: GroupingProblem) -> None:
    low, high = int(problem.lower.sum()), int(problem.upper.sum())
    if not low <= problem.n <= high:
        raise Infeasible([MSG_SIZES.format(n=problem.n, low=low, high=high)])


class _Budget:
    """The iteration budget and clock shared by every search of one call, and progress."""

    def __init__(self, time_limit, max_iterations, progress, constant: float):
        self.time_limit, self.max_iterations = time_limit, max_iterations
        self.progress, self.constant = progress, constant
        self.used = 0
        self.best = -np.inf
        self.t0 = time.perf_counter()

    def start_clock(self) -> None:
        self.t0 = time.perf_counter()

    def left(self, wanted: int) -> int:
        """Iterations a search may still take, at most `wanted` (0 once the clock ran out)."""
        if self.time_limit is not None and time.perf_counter() - self.t0 >= self.time_limit:
            return 0
        if self.max_iterations is not None:
            return max(0, min(wanted, self.max_iterations - self.used))
        return wanted

    def report(self, search: "_Search", now: float) -> None:
        self.best = max(self.best, float(search.fst[1]))
        if self.progress is None:
            return
        done = self.used / self.max_iterations if self.max_iterations else 0.0
        if self.time_limit is not None:
            done = max(done, (now - self.t0) / self.time_limit)
        self.progress(min(done, 1.0), self.best + self.constant)


def _drive(search: _Search, budget: _Budget, limit: int) -> None:
    """Run the kernel in chunks until `limit` iterations, the budget or the clock run out."""
    chunk = 1
    start = search.iterations
    while not search.stuck:
        left = budget.left(limit - (search.iterations - start))
        if left <= 0:
            return
        t = time.perf_counter()
        before = search.iterations
        search.run(min(chunk, left))
        budget.used += search.iterations - before
        now = time.perf_counter()
        if now - t < CHUNK_SECONDS:
            chunk *= 2
        budget.report(search, now)


def form_groups(
    problem: GroupingProblem,
    *,
    seed: int = 0,
    time_limit: float | None = None,
    max_iterations: int | None = None,
    initial=None,
    locked=None,
    progress: Callable[[float, float], None] | None = None,
    kernel: str = "auto",
    workers: int = 1,
    strategy: str = "auto",
) -> GroupingResult:
    """Maximise within-group diversity keeping every hard rule; raise Infeasible if impossible.

    Stops at `time_limit` seconds (wall clock, counted once the kernel is loaded) or
    `max_iterations` search steps, whichever comes first; with neither, runs 20 steps per
    person. The same seed and `max_iterations`
    give the same labels, with either kernel. `locked` people keep their group in `initial`.
    `workers` > 1 runs that many independent searches in separate processes (seeds derived
    from `seed`) and keeps the best; `progress` is then only called at the end.
    `strategy`: "tabu" runs one iterated tabu search; "memetic" a small pool of tabu searches
    recombined by crossover (`_memetic`); "auto" the memetic layer from 24 to 1,000 units
    (must-link groups count as one), where it measured better, and the tabu search otherwise.
    """
    t0 = time.perf_counter()
    if initial is not None:
        initial = _check_labels(problem, initial)
    if locked is not None:
        locked = np.asarray(locked, dtype=bool)
        if locked.shape != (problem.n,):
            raise ValueError(MSG_LOCKED)
    kernel_module = _kernel_module(kernel)
    if time_limit is None and max_iterations is None:
        max_iterations = ITERATIONS_PER_UNIT * problem.n
    if workers > 1:
        return _parallel(problem, seed, time_limit, max_iterations, initial, locked, progress,
                         kernel, workers, t0, strategy)  # fmt: skip
    _check_totals(problem)
    model = build_model(problem, initial, locked)
    rng = np.random.default_rng(seed)
    start = _construct.feasible_start(model, rng)
    if start is None:
        raise Infeasible(_explain(problem))
    budget = _Budget(time_limit, max_iterations, progress, model.constant)
    if _use_memetic(model, strategy):
        best = _run_memetic(model, start, rng, kernel_module, budget)
    else:
        best = _run_tabu(model, start, rng, kernel_module, budget)
    labels = best[model.unit_of]
    return GroupingResult(
        labels=labels,
        objective=evaluate(problem, labels),
        slots=choose_slots(problem, labels),
        iterations=budget.used,
        elapsed=time.perf_counter() - t0,
    )


def closest_grouping(problem: GroupingProblem, *, seed: int = 0, initial=None, locked=None):
    """Labels of a grouping with sizes in bounds that breaks as few of the other rules as the
    construction manages, for saying which rules stand in the way when `form_groups` finds no
    grouping (count them with `violations`). Raises Infeasible when the sizes or must-links alone
    allow none."""
    _check_totals(problem)
    if initial is not None:
        initial = _check_labels(problem, initial)
    model = build_model(problem, initial, locked)
    labels = _construct.closest_start(model, np.random.default_rng(seed))
    return labels[model.unit_of]


def _use_memetic(model: Model, strategy: str) -> bool:
    if strategy not in ("auto", "memetic", "tabu"):
        raise ValueError(MSG_STRATEGY)
    if strategy == "auto":
        return MEMETIC_MIN_UNITS <= model.m <= MEMETIC_MAX_UNITS
    return strategy == "memetic"


def _run_tabu(model: Model, start, rng, kernel_module, budget: _Budget) -> np.ndarray:
    """One iterated tabu search for the whole budget; its best unit labels."""
    search = _Search(model, start, rng, kernel_module)
    search.run(0)  # loads (or compiles) the kernel before the clock starts
    budget.start_clock()
    _drive(search, budget, np.iinfo(np.int64).max)
    return search.best


def _run_memetic(model: Model, start, rng, kernel_module, budget: _Budget) -> np.ndarray:
    """A pool of tabu searches recombined by crossover (`_memetic`); its best unit labels."""
    _Search(model, start, rng, kernel_module).run(0)  # load the kernel before the clock
    budget.start_clock()
    starts = [start]
    for _ in range(_memetic.POOL_SIZE - 1):
        other = _construct.feasible_start(model, rng)
        starts.append(start if other is None else other)
    stall = max(MEMETIC_MIN_STALL, MEMETIC_STALL * model.m)

    def tabu(labels):
        if budget.left(1) <= 0:
            return None
        search = _Search(model, labels, rng, kernel_module, halt_after=stall)
        _drive(search, budget, np.iinfo(np.int64).max)
        return search.best.copy(), float(search.fst[1])

    best = _memetic.memetic(model, starts, tabu, rng)
    return start if best is None else best.labels


def _solve_one(args) -> GroupingResult:
    problem, seed, time_limit, max_iterations, initial, locked, kernel, strategy = args
    return form_groups(problem, seed=seed, time_limit=time_limit, max_iterations=max_iterations,
                       initial=initial, locked=locked, kernel=kernel,
                       strategy=strategy)  # fmt: skip


def _parallel(problem, seed, time_limit, max_iterations, initial, locked, progress, kernel,
              workers, t0, strategy) -> GroupingResult:  # fmt: skip
    seeds = np.random.default_rng(seed).integers(0, 2**31 - 1, size=workers)
    jobs = [(problem, int(s), time_limit, max_iterations, initial, locked, kernel, strategy)
            for s in seeds]  # fmt: skip
    # forkserver, not fork: the caller may be multi-threaded (a web server, numba's threads),
    # and forking a threaded process can deadlock the child.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = list(pool.map(_solve_one, jobs))
    best = max(results, key=lambda r: r.objective)  # ties: the first worker's result
    if progress is not None:
        progress(1.0, best.objective)
    return GroupingResult(
        labels=best.labels,
        objective=best.objective,
        slots=best.slots,
        iterations=sum(r.iterations for r in results),
        elapsed=time.perf_counter() - t0,
    )


def evaluate(problem: GroupingProblem, labels) -> float:
    """Sum over groups of the diversity of every pair inside the group."""
    labels = _check_labels(problem, labels)
    return _unit_objective(problem.diversity, labels, problem.groups)


def _slot_table(problem: GroupingProblem, labels: np.ndarray) -> np.ndarray:
    """(G, S) bool: every member of group g is free in slot s."""
    G = problem.groups
    busy = np.zeros((G, problem.availability.shape[1]), dtype=np.int64)
    np.add.at(busy, labels, ~problem.availability)
    return busy == 0


def choose_slots(problem: GroupingProblem, labels) -> np.ndarray:
    """The lowest-numbered slot all members of each group are free in; -1 if none or no slots."""
    labels = _check_labels(problem, labels)
    slots = np.full(problem.groups, -1, dtype=np.int64)
    if problem.availability is None:
        return slots
    table = _slot_table(problem, labels)
    table[np.bincount(labels, minlength=problem.groups) == 0] = False
    has = table.any(axis=1)
    slots[has] = np.argmax(table[has], axis=1)
    return slots


def violations(problem: GroupingProblem, labels, slots=None) -> dict[str, int]:
    """How many times each hard rule is broken: groups outside their size bounds, cannot-link
    and must-link pairs broken, groups without a shared slot (or whose given slot does not
    suit every member)."""
    labels = _check_labels(problem, labels)
    sizes = np.bincount(labels, minlength=problem.groups)
    cl, ml = problem.cannot_link, problem.must_link
    counts = {
        "size": int(np.sum((sizes < problem.lower) | (sizes > problem.upper))),
        "cannot_link": int(np.sum(labels[cl[:, 0]] == labels[cl[:, 1]])),
        "must_link": int(np.sum(labels[ml[:, 0]] != labels[ml[:, 1]])),
        "availability": 0,
    }
    if problem.availability is not None:
        table = _slot_table(problem, labels)
        used = sizes > 0
        if slots is None:
            counts["availability"] = int(np.sum(used & ~table.any(axis=1)))
        else:
            slots = np.asarray(slots, dtype=np.int64)
            ok = (slots >= 0) & table[np.arange(problem.groups), np.maximum(slots, 0)]
            counts["availability"] = int(np.sum(used & ~ok))
    return counts
