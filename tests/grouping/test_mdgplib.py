import numpy as np
import pytest

from palg_grouping.mdgplib import MSG_HEADER, read_instance, read_solution, write_solution
from tests.grouping.mdgp_files import instance_path


def test_it_reads_an_instance_with_its_group_bounds():
    problem = read_instance(instance_path("RanReal_n010_ds_01"))
    assert problem.n == 10 and problem.groups == 2
    assert problem.lower.tolist() == [5, 4] and problem.upper.tolist() == [6, 5]
    assert problem.diversity[0, 1] == problem.diversity[1, 0] == 80.829


def test_it_reads_equal_size_instances():
    problem = read_instance(instance_path("RanReal_n012_ss_01"))
    assert problem.lower.tolist() == problem.upper.tolist() == [3, 3, 3, 3]


def test_a_written_solution_reads_back_one_group_per_line(tmp_path):
    path = tmp_path / "solution.txt"
    write_solution(path, np.array([1, 0, 2]))
    assert path.read_text() == "1\n0\n2\n"
    assert read_solution(path).tolist() == [1, 0, 2]


def test_it_rejects_a_file_without_a_proper_header(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("3 x ss\n0 1 2.0\n")
    with pytest.raises(ValueError, match=MSG_HEADER.format(path=path)):
        read_instance(path)
