"""Exact optimum of tiny instances with OR-Tools CP-SAT (an optional dependency).

For certifying the heuristic in tests: a few dozen people at most. CP-SAT needs integer
weights, so diversities are multiplied by `scale` and rounded; with scale=1000 that is exact for
data with up to three decimals, like MDGPLIB.
"""

import time

import numpy as np

from palg_grouping.errors import MSG_NO_FEASIBLE_START, Infeasible
from palg_grouping.problem import GroupingProblem
from palg_grouping.result import GroupingResult
from palg_grouping.solve import choose_slots, evaluate

MSG_NOT_PROVEN = "CP-SAT did not prove a grouping optimal within {seconds} s."


class NotProven(RuntimeError):
    """The time limit ran out before optimality was proven."""


def _interchangeable(problem: GroupingProblem) -> bool:
    return bool(
        np.all(problem.lower == problem.lower[0]) and np.all(problem.upper == problem.upper[0])
    )


def _add_rules(model, x, problem: GroupingProblem) -> None:
    n, G = problem.n, problem.groups
    for g in range(G):
        members = sum(x[i, g] for i in range(n))
        model.Add(members >= int(problem.lower[g]))
        model.Add(members <= int(problem.upper[g]))
    for a, b in problem.cannot_link:
        for g in range(G):
            model.Add(x[a, g] + x[b, g] <= 1)
    for a, b in problem.must_link:
        for g in range(G):
            model.Add(x[a, g] == x[b, g])
    if problem.availability is not None:
        S = problem.availability.shape[1]
        for g in range(G):
            slot = [model.NewBoolVar(f"t{g}_{s}") for s in range(S)]
            model.AddExactlyOne(slot)
            for i, s in zip(*np.nonzero(~problem.availability), strict=True):
                model.Add(x[i, g] + slot[s] <= 1)


def solve_exact(problem: GroupingProblem, *, time_limit: float, scale: float = 1000.0,
                workers: int = 2) -> GroupingResult:  # fmt: skip
    """The proven optimum; raises NotProven if time runs out, Infeasible if none exists."""
    from ortools.sat.python import cp_model

    t0 = time.perf_counter()
    n, G = problem.n, problem.groups
    model = cp_model.CpModel()
    x = {(i, g): model.NewBoolVar(f"x{i}_{g}") for i in range(n) for g in range(G)}
    for i in range(n):
        model.AddExactlyOne(x[i, g] for g in range(G))
        if _interchangeable(problem) and problem.availability is None:
            for g in range(i + 1, G):  # groups are interchangeable: person i uses group <= i
                model.Add(x[i, g] == 0)
    _add_rules(model, x, problem)
    weights = np.rint(problem.diversity * scale).astype(np.int64)
    terms, together = [], {}
    for i in range(n):
        for j in range(i + 1, n):
            pair = []
            for g in range(G):
                z = model.NewBoolVar(f"z{i}_{j}_{g}")
                model.Add(z <= x[i, g])
                model.Add(z <= x[j, g])
                pair.append(z)
            together[i, j] = together[j, i] = sum(pair)
            terms.append(int(weights[i, j]) * together[i, j])
    if _interchangeable(problem) and problem.lower[0] == problem.upper[0]:
        for i in range(n):  # a valid cut when sizes are fixed: i meets exactly its group
            model.Add(sum(together[i, j] for j in range(n) if j != i) == int(problem.lower[0]) - 1)
    model.Maximize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = workers
    status = solver.Solve(model)
    if status == cp_model.INFEASIBLE:
        raise Infeasible([MSG_NO_FEASIBLE_START])
    if status != cp_model.OPTIMAL:
        raise NotProven(MSG_NOT_PROVEN.format(seconds=time_limit))
    labels = np.array(
        [next(g for g in range(G) if solver.Value(x[i, g])) for i in range(n)], dtype=np.int64
    )
    return GroupingResult(
        labels=labels,
        objective=evaluate(problem, labels),
        slots=choose_slots(problem, labels),
        iterations=int(solver.NumBranches()),
        elapsed=time.perf_counter() - t0,
    )
