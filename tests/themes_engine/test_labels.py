"""Cluster labels by class-based TF-IDF, and the representative statement."""

import numpy as np

from palg_themes import ctfidf_words, representative

TEXTS = [
    "Too many meetings every day",  # 0: cluster 1
    "Meetings fill my calendar",  # 1: cluster 1
    "My calendar is full of meetings",  # 2: cluster 1
    "The hiring freeze means overtime",  # 3: cluster 2
    "No hiring, so overtime grows",  # 4: cluster 2
    "The canteen food is nice every day",  # 5: no cluster
]
LABELS = [1, 1, 1, 2, 2, -1]


def test_the_words_frequent_in_a_cluster_and_rare_elsewhere_come_first():
    words = ctfidf_words(TEXTS, LABELS, top=3)
    # "meetings" (3 times) beats "calendar" (twice); "day" is also in the unclustered statement,
    # so it ranks below both; stop words ("too", "many", "my", "is", "of") never appear.
    assert words[1] == ("meetings", "calendar", "day")
    # "hiring" and "overtime" twice each (tie: alphabetical), then "freeze" before "grows".
    assert words[2] == ("hiring", "overtime", "freeze")


def test_statements_in_no_cluster_get_no_label():
    assert set(ctfidf_words(TEXTS, LABELS)) == {1, 2}
    assert ctfidf_words(TEXTS, [-1] * 6) == {}


def test_a_cluster_of_stop_words_only_has_an_empty_label():
    assert ctfidf_words(["it is", "we are"], [1, 1]) == {1: ()}


def test_the_representative_is_the_member_closest_to_the_mean():
    vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.6, 0.8], [0.0, 1.0]])
    assert representative(vectors, [0, 1, 2, 3]) in (1, 2)
    assert representative(vectors, [0, 1, 3]) == 1
