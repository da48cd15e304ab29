"""The same seed and iteration budget give the same grouping."""

from palg_grouping import form_groups
from palg_grouping.mdgplib import read_instance
from tests.grouping.mdgp_files import instance_path
from tests.grouping.random_instances import planted_problem


def test_the_same_seed_gives_the_same_labels():
    problem = read_instance(instance_path("RanInt_n060_ds_01"))
    first = form_groups(problem, seed=7, max_iterations=2000)
    second = form_groups(problem, seed=7, max_iterations=2000)
    assert first.labels.tolist() == second.labels.tolist()
    assert first.objective == second.objective


def test_the_same_seed_gives_the_same_labels_with_every_rule_in_play():
    problem = planted_problem(42)
    runs = [form_groups(problem, seed=3, max_iterations=300).labels.tolist() for _ in range(2)]
    assert runs[0] == runs[1]


def test_two_workers_give_the_same_result_for_a_seed():
    problem = read_instance(instance_path("RanReal_n030_ss_01"))
    first = form_groups(problem, seed=1, max_iterations=500, workers=2)
    second = form_groups(problem, seed=1, max_iterations=500, workers=2)
    assert first.labels.tolist() == second.labels.tolist()
    assert first.objective >= form_groups(problem, seed=1, max_iterations=500).objective - 1e-9
