"""The shipped evaluation set and its scores: the issue's targets hold on the test split, which
the rules were never tuned on."""

from collections import Counter

import pytest

from palg_guardrail import ADVICE, OTHER, QUESTION, Example, Verdict, load_examples, score
from palg_guardrail.evaluation import SPLITS

LABEL_OF_KIND = {
    "open": QUESTION,
    "closed": QUESTION,
    "advice": ADVICE,
    "leading": ADVICE,
    "empathy": OTHER,
    "summary": OTHER,
    "observation": OTHER,
    "statement": OTHER,
}


def test_the_set_holds_at_least_240_contributions_split_about_evenly():
    sizes = Counter(e.split for e in load_examples())
    assert set(sizes) == set(SPLITS)
    assert sum(sizes.values()) >= 240
    assert abs(sizes["dev"] - sizes["test"]) <= 0.1 * sum(sizes.values())


def test_every_kind_appears_in_both_splits_with_the_label_it_implies():
    for split in SPLITS:
        examples = load_examples(split)
        assert {e.kind for e in examples} == set(LABEL_OF_KIND)
        assert all(e.label == LABEL_OF_KIND[e.kind] for e in examples)


def test_no_contribution_is_in_the_set_twice():
    texts = [e.text.casefold() for e in load_examples()]
    assert len(texts) == len(set(texts))


def test_the_test_split_meets_the_issue_s_targets():
    scores = score(load_examples("test"))
    assert scores.recall >= 0.9
    assert scores.questions_flagged <= 0.05


def test_scores_are_counted_from_the_confusion_matrix():
    examples = [
        Example("test", ADVICE, "advice", "a"),
        Example("test", ADVICE, "advice", "b"),
        Example("test", QUESTION, "open", "c"),
        Example("test", QUESTION, "closed", "d"),
        Example("test", OTHER, "empathy", "e"),
    ]
    guesses = {"a": ADVICE, "b": QUESTION, "c": ADVICE, "d": QUESTION, "e": OTHER}
    scores = score(examples, predict=lambda text: Verdict(guesses[text], guesses[text], ()))
    assert (scores.precision, scores.recall, scores.questions_flagged) == (0.5, 0.5, 0.5)
    assert scores.accuracy == pytest.approx(3 / 5)
    assert scores.confusion[(ADVICE, QUESTION)] == 1
