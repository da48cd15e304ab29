"""The numba kernel is the Python kernel compiled: same seed, same labels."""

import pytest

from palg_grouping import form_groups, solve
from palg_grouping.mdgplib import read_instance
from tests.grouping.mdgp_files import instance_path
from tests.grouping.random_instances import planted_problem


@pytest.mark.parametrize("instance", range(8))
def test_both_kernels_return_identical_labels_with_constraints(instance):
    problem = planted_problem(instance)
    python = form_groups(problem, seed=instance, max_iterations=150, kernel="python")
    numba = form_groups(problem, seed=instance, max_iterations=150, kernel="numba")
    assert python.labels.tolist() == numba.labels.tolist()
    assert python.objective == numba.objective


@pytest.mark.parametrize("name", ["RanReal_n030_ds_01", "Geo_n030_ss_01"])
def test_both_kernels_return_identical_labels_on_benchmark_instances(name):
    problem = read_instance(instance_path(name))
    python = form_groups(problem, seed=3, max_iterations=300, kernel="python")
    numba = form_groups(problem, seed=3, max_iterations=300, kernel="numba")
    assert python.labels.tolist() == numba.labels.tolist()


def test_both_kernels_agree_in_the_sampled_neighbourhood_used_at_large_scale(monkeypatch):
    monkeypatch.setattr(solve, "SAMPLE_ABOVE", 5)
    monkeypatch.setattr(solve, "SAMPLE_SIZE", 4)
    problem = planted_problem(11)
    python = form_groups(problem, seed=5, max_iterations=200, kernel="python")
    numba = form_groups(problem, seed=5, max_iterations=200, kernel="numba")
    assert python.labels.tolist() == numba.labels.tolist()
