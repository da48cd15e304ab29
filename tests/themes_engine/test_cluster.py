"""Clustering without k: groups found, one-off statements left out, confirmations honoured,
the same input always giving the same output."""

import numpy as np
import pytest

from palg_themes import Params, cluster, cluster_vectors, components, load_examples
from palg_themes.embedding import catalogue_vectors, statement_vectors


def synthetic(seed=0):
    """Three tight groups of 8 in 40 dimensions, and 6 vectors far from everything."""
    rng = np.random.default_rng(seed)
    rows = []
    for axis in range(3):
        centre = np.zeros(40)
        centre[axis] = 1.0
        rows += [centre + 0.25 * rng.standard_normal(40) / np.sqrt(40) for _ in range(8)]
    rows += [np.eye(40)[10 + k] for k in range(6)]
    vectors = np.array(rows)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_groups_are_found_without_being_told_how_many_and_loners_stay_out():
    vectors = synthetic()
    texts = [f"statement {i}" for i in range(len(vectors))]
    result = cluster_vectors(texts, vectors)
    assert len(result.clusters) == 3
    for group in range(3):
        assert len({result.labels[i] for i in range(8 * group, 8 * group + 8)}) == 1
    assert result.labels[24:] == (None,) * 6


def test_cluster_ids_count_from_one_in_order_of_first_row():
    result = cluster_vectors([f"s{i}" for i in range(30)], synthetic())
    assert [c.id for c in result.clusters] == [1, 2, 3]
    assert result.labels[0] == 1 and result.labels[8] == 2 and result.labels[16] == 3
    assert all(
        c.members == tuple(i for i, x in enumerate(result.labels) if x == c.id)
        for c in result.clusters
    )


def test_fewer_statements_than_a_cluster_needs_form_no_cluster():
    result = cluster_vectors(["a", "b", "c"], synthetic()[:3])
    assert result.labels == (None, None, None) and result.clusters == ()
    assert cluster_vectors([], np.zeros((0, 40))).labels == ()


def test_a_confirmation_pulls_a_loner_into_the_confirmed_cluster():
    vectors = synthetic()
    texts = [f"s{i}" for i in range(30)]
    result = cluster_vectors(texts, vectors, confirmations=[(25, 3)])
    assert result.labels[25] is not None
    assert result.labels[25] == result.labels[3]


def test_confirmations_chain_statements_of_two_clusters_into_one():
    vectors = synthetic()
    result = cluster_vectors([f"s{i}" for i in range(30)], vectors, confirmations=[(0, 8), (8, 26)])
    assert result.labels[0] == result.labels[8] == result.labels[26] is not None


def test_a_confirmation_naming_a_missing_statement_is_refused():
    with pytest.raises(ValueError, match="names statement 30, but there are only 30"):
        cluster_vectors([f"s{i}" for i in range(30)], synthetic(), confirmations=[(1, 30)])


def test_confirmations_are_joined_transitively():
    assert components(6, [(0, 1), (1, 2), (4, 5)]) == [[0, 1, 2], [4, 5]]


@pytest.fixture(scope="module")
def tune():
    examples = load_examples("tune")
    texts = [e.text for e in examples]
    return examples, texts, statement_vectors(texts), catalogue_vectors()


def test_on_real_statements_confirming_a_one_off_statement_puts_it_in_that_theme(tune):
    examples, texts, vectors, guide = tune
    plain = cluster_vectors(texts, vectors, guide=guide)
    loner = next(i for i, e in enumerate(examples) if e.theme == "-" and plain.labels[i] is None)
    anchor = next(i for i, label in enumerate(plain.labels) if label is not None)
    helped = cluster_vectors(texts, vectors, guide=guide, confirmations=[(loner, anchor)])
    assert helped.labels[loner] == helped.labels[anchor] is not None


def test_on_real_statements_the_same_input_gives_the_same_output(tune):
    _, texts, _, _ = tune
    first = cluster(texts)
    assert cluster(texts) == first
    assert len(first.clusters) >= 5
    for c in first.clusters:
        assert c.words and c.representative in c.members


def test_stricter_thresholds_leave_more_statements_out(tune):
    _, texts, vectors, guide = tune
    loose = cluster_vectors(texts, vectors, guide=guide)
    strict = cluster_vectors(texts, vectors, guide=guide, params=Params(gate_similarity=0.5))
    assert strict.labels.count(None) > loose.labels.count(None)
