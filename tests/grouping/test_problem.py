import re

import numpy as np
import pytest

from palg_grouping import GroupingProblem, Infeasible
from palg_grouping.problem import MSG_BOUNDS, MSG_PAIRS, MSG_SELF_PAIR, MSG_SYMMETRIC


def diversity(n: int) -> np.ndarray:
    d = np.ones((n, n))
    np.fill_diagonal(d, 0.0)
    return d


def test_equal_sizes_makes_groups_that_differ_by_at_most_one():
    problem = GroupingProblem.equal_sizes(diversity(10), 3)
    assert problem.groups == 3
    assert problem.lower.tolist() == [3, 3, 3]
    assert problem.upper.tolist() == [4, 4, 4]


def test_a_size_range_derives_the_number_of_groups_from_the_middle_size():
    problem = GroupingProblem.from_size_range(diversity(60), 5, 7)
    assert problem.groups == 10
    assert problem.lower.tolist() == [5] * 10 and problem.upper.tolist() == [7] * 10


def test_a_size_range_that_cannot_fit_the_people_is_infeasible():
    with pytest.raises(Infeasible) as error:
        GroupingProblem.from_size_range(diversity(11), 6, 7)
    assert error.value.reasons == [
        "11 people cannot be split into groups of these sizes (between 6 and 7 in all)."
    ]


def test_it_rejects_an_asymmetric_diversity_matrix():
    d = diversity(4)
    d[0, 1] = 5.0
    with pytest.raises(ValueError, match=MSG_SYMMETRIC):
        GroupingProblem(d, [2, 2], [2, 2])


def test_it_rejects_bounds_where_the_minimum_exceeds_the_maximum():
    with pytest.raises(ValueError, match=MSG_BOUNDS):
        GroupingProblem(diversity(4), [3, 2], [2, 2])


def test_it_rejects_pairs_that_name_unknown_people():
    with pytest.raises(ValueError, match=re.escape(MSG_PAIRS.format(name="cannot_link"))):
        GroupingProblem(diversity(4), [2, 2], [2, 2], cannot_link=[(0, 4)])


def test_it_rejects_a_person_paired_with_themself():
    with pytest.raises(ValueError, match=MSG_SELF_PAIR.format(name="must_link")):
        GroupingProblem(diversity(4), [2, 2], [2, 2], must_link=[(1, 1)])


def test_it_keeps_a_float32_matrix_as_float32():
    problem = GroupingProblem(diversity(4).astype(np.float32), [2, 2], [2, 2])
    assert problem.diversity.dtype == np.float32
