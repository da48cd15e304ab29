"""CP-SAT certifies the proven optima of the tiny shared instances, and the heuristic reaches
them."""

import numpy as np
import pytest

from palg_grouping import GroupingProblem, form_groups
from palg_grouping.exact import MSG_NOT_PROVEN, NotProven, solve_exact
from palg_grouping.mdgplib import read_instance
from tests.grouping.mdgp_files import best_known, instance_path

TINY = [
    "RanReal_n010_ss_01",
    "RanReal_n010_ds_01",
    "RanReal_n012_ss_01",
    "Geo_n010_ss_01",
    "RanInt_n010_ss_01",
]


@pytest.mark.parametrize("name", TINY)
def test_cp_sat_proves_the_published_optimum(name):
    problem = read_instance(instance_path(name))
    value, kind = best_known()[name]
    assert kind == "optimum"
    assert solve_exact(problem, time_limit=60).objective == pytest.approx(value, abs=1e-6)


@pytest.mark.parametrize("name", TINY)
def test_form_groups_reaches_the_proven_optimum(name):
    problem = read_instance(instance_path(name))
    value, _ = best_known()[name]
    assert form_groups(problem, seed=0, max_iterations=3000).objective == pytest.approx(value)


def test_the_exact_optimum_keeps_every_rule():
    rng = np.random.default_rng(4)
    d = np.triu(rng.random((8, 8)), 1)
    free = np.array([[1, 1]] + [[1, 0]] * 3 + [[0, 1]] * 3 + [[1, 1]], dtype=bool)
    problem = GroupingProblem(d + d.T, [4, 4], [4, 4], cannot_link=[(1, 7)], availability=free)
    result = solve_exact(problem, time_limit=20)
    assert result.labels[0] == result.labels[1] != result.labels[7] == result.labels[4]
    assert result.slots[result.labels[0]] == 0 and result.slots[result.labels[7]] == 1
    assert form_groups(problem, max_iterations=200).objective <= result.objective + 1e-9


def test_it_says_when_the_time_limit_ran_out_before_a_proof():
    problem = read_instance(instance_path("RanReal_n060_ss_01"))
    with pytest.raises(NotProven, match=MSG_NOT_PROVEN.format(seconds=0.2)):
        solve_exact(problem, time_limit=0.2)
