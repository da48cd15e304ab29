"""Balancing an attribute across groups: the pair terms added to the diversity matrix, the
identities that make them exact for equal group sizes, and the balance the search reaches."""

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palg.grouping import csvio, forming
from palg_grouping.attributes import NUMERIC, Attribute, balance_codes, balance_matrix
from palg_grouping.report import balance_score, best_share_gap, worst_share_gap


@st.composite
def grouped(draw, values=None):
    """Values of people in `groups` groups of `size`, in a random grouping."""
    values = st.integers(0, 3) if values is None else values
    groups, size = draw(st.integers(1, 5)), draw(st.integers(1, 6))
    people = draw(st.lists(values, min_size=groups * size, max_size=groups * size))
    labels = draw(st.permutations([g for g in range(groups) for _ in range(size)]))
    return people, np.array(labels), groups


def within_groups(matrix: np.ndarray, labels: np.ndarray) -> float:
    """The sum of the matrix over every pair of people in the same group."""
    same = labels[:, None] == labels[None, :]
    return float(np.triu(np.where(same, matrix, 0.0), k=1).sum())


@given(grouped())
def test_the_squared_counts_of_a_grouping_are_its_sizes_plus_twice_its_same_value_pairs(case):
    values, labels, groups = case
    count_form = sum(
        sum(1 for i in range(len(values)) if labels[i] == g and values[i] == v) ** 2
        for g in range(groups)
        for v in set(values)
    )
    same_pairs = sum(
        1
        for i, j in combinations(range(len(values)), 2)
        if labels[i] == labels[j] and values[i] == values[j]
    )
    assert count_form == len(values) + 2 * same_pairs


@settings(max_examples=60)
@given(grouped(st.sampled_from(["f", "m", "x", ""])))
def test_balancing_pairs_move_exactly_opposite_to_the_spread_of_counts(case):
    # For equal sizes, spread + 2 * (1 - sum p^2) / weight * within-group term is the same for
    # every grouping: raising the term lowers the spread of counts by exactly that much.
    values, labels, groups = case
    attribute = Attribute("gender", values)
    weight = 1.7
    matrix = balance_matrix(attribute, weight=weight)
    codes, _ = balance_codes(attribute)
    shares = np.bincount(codes) / len(codes)
    mixed = 1 - float(np.square(shares).sum())
    if mixed == 0:
        assert not matrix.any()
        return
    for grouping in (labels, np.sort(labels), np.random.default_rng(0).permutation(labels)):
        counts = np.zeros((groups, len(shares)))
        np.add.at(counts, (grouping, codes), 1)
        fair = np.outer(np.bincount(grouping, minlength=groups), shares)
        spread = float(np.square(counts - fair).sum())
        invariant = spread + 2 * mixed / weight * within_groups(matrix, grouping)
        if grouping is labels:
            expected = invariant
        assert invariant == pytest.approx(expected, abs=1e-6)


@settings(max_examples=60)
@given(grouped(st.one_of(st.none(), st.floats(-50, 50).map(lambda x: round(x, 2)))))
def test_balancing_pairs_are_within_group_sums_of_squares_leaving_the_spread_of_means(case):
    # Standardised values (unknowns at the mean, 0): total = within + between sums of squares,
    # and the term is weight / 2 * size * within, so the group means spread less as it grows.
    values, labels, groups = case
    attribute = Attribute("tenure_years", values, kind=NUMERIC)
    weight = 0.8
    matrix = balance_matrix(attribute, weight=weight)
    known = np.array([v for v in values if v is not None], dtype=float)
    if known.size == 0 or known.max() == known.min():
        assert not matrix.any()
        return
    z = np.array([0.0 if v is None else (v - known.mean()) / known.std() for v in values])
    size = len(values) // groups
    means = np.bincount(labels, weights=z) / size
    between = size * float(np.square(means).sum())
    within = 2 / (weight * size) * within_groups(matrix, labels)
    total = float(np.square(z).sum())
    assert between + within == pytest.approx(total, rel=1e-6, abs=1e-6)


def test_an_unknown_value_is_a_value_of_its_own_when_balancing():
    codes, values = balance_codes(Attribute("gender", ["f", "", "m", None, "f"]))
    assert codes.tolist() == [0, 2, 1, 2, 0]
    assert values == ["f", "m", None]


def test_balancing_pairs_average_the_weight_over_all_pairs():
    attribute = Attribute("gender", ["f", "f", "m", "x", "f", "m"])
    matrix = balance_matrix(attribute, weight=2.0)
    assert matrix.sum() / matrix.size == pytest.approx(2.0)
    numbers = Attribute("tenure_years", [1, 4, 4, 9, 30, 2], kind=NUMERIC)
    assert balance_matrix(numbers).sum() / 36 == pytest.approx(1.0)


def test_a_count_can_be_no_closer_to_its_fair_share_than_the_nearest_whole_number():
    codes = np.array([0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2])  # shares 5/12, 2/12, 5/12
    assert best_share_gap(codes, [4, 4, 4]) == pytest.approx(1 / 3)
    # Groups 0 and 1 hold every 0 and every 2: 4 against a fair share of 5/3.
    labels = np.array([0, 0, 0, 0, 1, 2, 2, 1, 1, 1, 2, 2])
    assert worst_share_gap(codes, labels) == pytest.approx(4 - 5 / 3)


def people(gender: list[str], tenure: list[float] | None = None) -> csvio.Participants:
    ids = [f"p{i}" for i in range(len(gender))]
    columns = {"id": ids, "name": ids, "gender": gender}
    if tenure is not None:
        columns["tenure_years"] = [str(t) for t in tenure]
    return csvio.Participants(
        ids=ids,
        names=ids,
        columns=columns,
        manager_ids=[""] * len(ids),
        availability=[[] for _ in ids],
        rows=list(range(2, len(ids) + 2)),
        source="people.csv",
    )


def worst_after_search(participants, column: str, **criteria) -> float:
    prepared = forming.build(participants, forming.Criteria(**criteria))
    result = forming.solve(prepared, seconds=10, seed=1, max_iterations=3000)
    attribute = next(a for a in prepared.attributes if a.name == column)
    return balance_score(attribute, result.labels).worst


def test_balance_gathers_no_group_of_people_who_did_not_say():
    # Diversity counts a pair with an unknown gender as half different, so every grouping that
    # is best for diversity alone puts 3 of the 5 who did not say in one group of 4 (4/3 above
    # a fair share of 5/3); balance treats "did not say" as a value and spreads it.
    gender = ["m"] * 5 + ["f"] * 2 + [""] * 5
    sizes = {"min_size": 4, "max_size": 4, "diversify": ("gender",)}
    alone = worst_after_search(people(gender), "gender", **sizes)
    balanced = worst_after_search(people(gender), "gender", balance=("gender",), **sizes)
    assert alone == pytest.approx(4 / 3)
    assert balanced == pytest.approx(2 / 3)


def test_balance_brings_group_means_together_where_diversity_alone_spreads_values():
    # Found by trying every grouping: the groupings best for diversity alone have means at
    # least 1.5 from the overall 15, the best one with balance 0.75.
    tenure = [9, 11, 13, 13, 14, 15, 15, 30]
    sizes = {"min_size": 4, "max_size": 4, "diversify": ("tenure_years",)}
    participants = people(["f"] * 8, tenure)
    alone = worst_after_search(participants, "tenure_years", **sizes)
    balanced = worst_after_search(participants, "tenure_years", balance=("tenure_years",), **sizes)
    assert alone >= 1.5
    assert balanced == pytest.approx(0.75)


def test_balance_alone_needs_no_diversity_columns():
    gender = ["m"] * 6 + ["f"] * 6
    prepared = forming.build(
        people(gender), forming.Criteria(min_size=4, max_size=4, diversify=(), balance=("gender",))
    )
    result = forming.solve(prepared, seconds=10, seed=1, max_iterations=2000)
    assert balance_score(prepared.balance[0], result.labels).worst == pytest.approx(0.0)
