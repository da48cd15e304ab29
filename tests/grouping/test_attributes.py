"""Turning people's attributes into a diversity matrix, cannot-link pairs and availability."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palg_grouping import attributes as attrs
from palg_grouping.attributes import Attribute, balance_matrix, diversity_matrix


def test_it_counts_one_per_differing_categorical_value():
    matrix = diversity_matrix([Attribute("function", ["HR", "IT", "HR"])])
    assert matrix.tolist() == [[0, 1, 0], [1, 0, 1], [0, 1, 0]]


def test_it_sums_weighted_attributes():
    matrix = diversity_matrix(
        [
            Attribute("function", ["HR", "IT"], weight=2.0),
            Attribute("location", ["Leeds", "Leeds"]),
            Attribute("seniority", ["Director", "Manager"], weight=0.5),
        ]
    )
    assert matrix[0, 1] == matrix[1, 0] == 2.5


def test_it_scales_numeric_differences_by_the_range():
    matrix = diversity_matrix([Attribute("tenure_years", [0, 5, 10], kind="numeric")])
    assert matrix[0, 1] == pytest.approx(0.5)
    assert matrix[0, 2] == pytest.approx(1.0)
    assert matrix[1, 2] == pytest.approx(0.5)


def test_it_counts_unknown_values_as_half_a_difference():
    matrix = diversity_matrix(
        [
            Attribute("function", ["HR", "", None, "IT"]),
            Attribute("tenure_years", ["1", "", "3", None], kind="numeric"),
        ]
    )
    assert matrix[0, 1] == pytest.approx(0.5 + 0.5)
    assert matrix[0, 2] == pytest.approx(0.5 + 1.0)
    assert matrix[1, 2] == pytest.approx(0.5 + 0.5)
    assert matrix[0, 3] == pytest.approx(1.0 + 0.5)


def test_a_numeric_attribute_with_one_value_adds_nothing():
    matrix = diversity_matrix([Attribute("tenure_years", [4, 4, 4], kind="numeric")])
    assert not matrix.any()


def test_the_matrix_is_symmetric_with_a_zero_diagonal_in_the_dtype_asked_for():
    rng = np.random.default_rng(3)
    values = rng.choice(["a", "b", "c", ""], size=2500).tolist()
    numbers = rng.random(2500).tolist()
    matrix = diversity_matrix(
        [Attribute("x", values), Attribute("y", numbers, kind="numeric", weight=3)],
        dtype=np.float32,
    )
    assert matrix.dtype == np.float32
    assert np.array_equal(matrix, matrix.T)
    assert not np.diagonal(matrix).any()
    assert matrix.min() >= 0


def reference_matrix(attributes: list[Attribute]) -> np.ndarray:
    """The definition, pair by pair: the slow twin of diversity_matrix."""
    n = len(attributes[0].values)
    matrix = np.zeros((n, n))
    for attribute in attributes:
        if attribute.kind == attrs.CATEGORICAL:
            values = [None if attrs.is_unknown(v) else v for v in attribute.values]
        else:
            numbers = attrs.numeric_values(attribute)
            known = numbers[~np.isnan(numbers)]
            spread = known.max() - known.min() if known.size else 0
            values = [None if np.isnan(x) else (x - known.min()) / (spread or 1) for x in numbers]
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                if values[i] is None or values[j] is None:
                    share = attrs.UNKNOWN_SHARE
                elif attribute.kind == attrs.CATEGORICAL:
                    share = float(values[i] != values[j])
                else:
                    share = abs(values[i] - values[j])
                matrix[i, j] += attribute.weight * share
    return matrix


@st.composite
def attribute_lists(draw):
    n = draw(st.integers(1, 12))
    weights = st.sampled_from([0.0, 0.3, 1.0, 2.5])
    attributes = []
    for index in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            values = draw(
                st.lists(st.sampled_from(["a", "b", "c", "", None]), min_size=n, max_size=n)
            )
            attributes.append(Attribute(f"c{index}", values, weight=draw(weights)))
        else:
            numbers = st.one_of(st.none(), st.integers(0, 40))
            values = draw(st.lists(numbers, min_size=n, max_size=n))
            attributes.append(Attribute(f"n{index}", values, attrs.NUMERIC, draw(weights)))
    return attributes


@settings(max_examples=80)
@given(attribute_lists(), st.sampled_from([np.float64, np.float32]))
def test_the_matrix_equals_the_pair_by_pair_definition(attributes, dtype):
    matrix = diversity_matrix(attributes, dtype=dtype)
    assert matrix.dtype == dtype
    assert np.allclose(matrix, reference_matrix(attributes), atol=1e-5)
    assert np.array_equal(matrix, matrix.T)
    assert matrix.min() >= 0


@settings(max_examples=40)
@given(attribute_lists())
def test_balanced_attributes_add_their_balance_terms(attributes):
    both = diversity_matrix(attributes, balance=attributes[:2], balance_weight=0.7)
    expected = reference_matrix(attributes)
    for attribute in attributes[:2]:
        expected += balance_matrix(attribute, weight=0.7)
    assert np.allclose(both, expected)


def test_it_names_a_value_that_is_not_a_number():
    with pytest.raises(ValueError) as error:
        diversity_matrix([Attribute("tenure_years", ["3", "ten"], kind="numeric")])
    assert str(error.value) == attrs.MSG_NOT_NUMBER.format(
        name="tenure_years", index=1, value="ten"
    )


def test_it_rejects_attributes_of_different_lengths():
    with pytest.raises(ValueError) as error:
        diversity_matrix([Attribute("a", [1, 2]), Attribute("b", [1])])
    assert str(error.value) == attrs.MSG_LENGTHS.format(name="b", found=1, n=2)


def test_it_rejects_an_unknown_kind_and_a_negative_weight():
    with pytest.raises(ValueError, match="ordinal"):
        diversity_matrix([Attribute("a", [1, 2], kind="ordinal")])
    with pytest.raises(ValueError, match="weight -1"):
        diversity_matrix([Attribute("a", [1, 2], weight=-1)])


def test_separate_pairs_link_everyone_with_the_same_known_value():
    pairs = attrs.separate_pairs(["T1", "T2", "T1", "", "T1", None, "T2"])
    assert pairs.tolist() == [[0, 2], [0, 4], [1, 6], [2, 4]]


def test_manager_pairs_link_each_person_to_their_direct_manager_only():
    ids = ["ceo", "vp", "lead", "dev"]
    managers = ["", "ceo", "vp", "lead"]
    assert attrs.manager_pairs(ids, managers).tolist() == [[0, 1], [1, 2], [2, 3]]


def test_manager_pairs_ignore_managers_who_are_not_participants():
    assert attrs.manager_pairs(["a", "b"], ["boss", "a"]).tolist() == [[0, 1]]


def test_conflict_pairs_ignore_people_who_are_not_participants():
    ids = ["a", "b", "c"]
    pairs = attrs.conflict_pairs(ids, [("c", "a"), ("a", "zed"), ("a", "c")])
    assert pairs.tolist() == [[0, 2]]
    assert attrs.unknown_ids(ids, ["a", "zed", "c", "zed"]) == ["zed"]


def test_history_pairs_link_people_who_shared_a_group_in_any_earlier_round():
    ids = ["a", "b", "c", "d"]
    history = [
        ("a", 1, "1"),
        ("b", 1, "1"),
        ("c", 1, "2"),
        ("d", 1, "2"),
        ("a", 2, "1"),
        ("c", 2, "1"),
        ("gone", 2, "1"),
    ]
    assert attrs.history_pairs(ids, history).tolist() == [[0, 1], [0, 2], [2, 3]]


def test_merge_pairs_drops_repeats_and_self_pairs():
    merged = attrs.merge_pairs(np.array([[2, 1], [0, 3]]), np.array([[1, 2], [4, 4]]))
    assert merged.tolist() == [[0, 3], [1, 2]]
    assert attrs.merge_pairs().shape == (0, 2)


def test_availability_matrix_treats_people_without_slots_as_free_in_every_slot():
    free, names, silent = attrs.availability_matrix(
        [["mon-am"], [], ["tue-pm", "mon-am"]], slots=["mon-am", "tue-pm"]
    )
    assert names == ["mon-am", "tue-pm"]
    assert free.tolist() == [[True, False], [True, True], [True, True]]
    assert silent.tolist() == [False, True, False]
