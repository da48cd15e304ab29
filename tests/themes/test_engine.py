"""The engine's contract as palg.themes uses it (palg.themes.engine over palg_themes): one
cluster id or None per text, three statements enough for a cluster, confirmations always
honoured, labels with a representative row of the cluster, and similar() most similar first."""

from palg.themes import engine
from tests.themes.builders import BUDGET, CROSS_SITE

TEXTS = [*CROSS_SITE[:3], *BUDGET[:3], "The canteen closes early on Fridays"]


def test_it_gives_one_cluster_or_none_per_text():
    assignment = engine.cluster(TEXTS, [])
    assert len(assignment) == len(TEXTS)
    assert assignment[0] == assignment[1] == assignment[2] is not None
    assert assignment[3] == assignment[4] == assignment[5] is not None
    assert assignment[0] != assignment[3]
    assert assignment[6] is None


def test_a_confirmation_always_puts_two_texts_together():
    assignment = engine.cluster(TEXTS, [(6, 3)])
    assert assignment[6] == assignment[3] is not None


def test_labels_name_each_cluster_with_a_row_of_its_own():
    assignment = engine.cluster(TEXTS, [])
    found = engine.labels(TEXTS, assignment)
    assert set(found) == {c for c in assignment if c is not None}
    for cid, (words, row) in found.items():
        assert words
        assert assignment[row] == cid


def test_similar_puts_the_closest_first_and_leaves_out_the_unrelated():
    ranked = engine.similar("Who owns the training budget?", TEXTS)
    assert ranked[0][0] in (3, 4, 5)
    assert 6 not in [i for i, _ in ranked]


def test_it_copes_with_nothing_to_cluster():
    assert engine.cluster([], []) == []
    assert engine.cluster(["one"], []) == [None]
    assert engine.cluster(["the and of", "it is"], []) == [None, None]
    assert engine.labels([], []) == {}
    assert engine.similar("x", []) == []
