from typer.testing import CliRunner

from palg.cli import app
from palg.commands.mdgp import MSG_OBJECTIVE
from palg_grouping.mdgplib import read_solution
from tests.grouping.mdgp_files import best_known, instance_path


def test_it_solves_an_instance_writes_the_solution_and_prints_the_objective(tmp_path):
    out = tmp_path / "solution.txt"
    path = instance_path("RanReal_n010_ss_01")
    result = CliRunner().invoke(
        app, ["mdgp", str(path), "--seconds", "0.3", "--seed", "2", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    labels = read_solution(out)
    assert labels.size == 10 and sorted(labels.tolist()) == [0] * 5 + [1] * 5
    optimum = best_known()["RanReal_n010_ss_01"][0]
    assert MSG_OBJECTIVE.format(objective=optimum) in result.output


def test_it_refuses_a_missing_instance_file(tmp_path):
    result = CliRunner().invoke(
        app, ["mdgp", str(tmp_path / "nope.txt"), "--seconds", "1", "--out", "x"]
    )
    assert result.exit_code != 0
    assert "does not exist" in result.output


def test_it_runs_either_search_strategy_to_the_same_optimum(tmp_path):
    path = instance_path("RanReal_n012_ss_01")
    optimum = best_known()["RanReal_n012_ss_01"][0]
    for strategy in ("memetic", "tabu"):
        out = tmp_path / f"{strategy}.txt"
        result = CliRunner().invoke(
            app,
            ["mdgp", str(path), "--seconds", "0.5", "--strategy", strategy, "--out", str(out)],
        )
        assert result.exit_code == 0, result.output
        assert MSG_OBJECTIVE.format(objective=optimum) in result.output


def test_it_refuses_an_unknown_strategy_by_naming_the_choices(tmp_path):
    path = instance_path("RanReal_n010_ss_01")
    out = tmp_path / "solution.txt"
    result = CliRunner().invoke(
        app, ["mdgp", str(path), "--seconds", "1", "--strategy", "annealing", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "annealing" in result.output and "memetic" in result.output
    assert not out.exists()
