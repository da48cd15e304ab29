"""The classifier labels a contribution question, advice or other, says which cue decided it
with the author's own words, and offers advice-shaped input a kind rewrite."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from palg_guardrail import ADVICE, LABELS, OTHER, QUESTION, classify

DISGUISED_ADVICE = [
    ("Have you thought about just moving the launch to May?", "have-you-tried"),
    ("Why don't you ask finance for a second opinion?", "why-dont-you"),
    ("Wouldn't it be better to tell the team before the rumours start?", "would-it-be-better"),
    ("Could you not simply hand the project back?", "could-you-do"),
    ("Have you considered a job share?", "have-you-tried"),
    ("Have you tried a walking one-to-one?", "have-you-tried"),
    ("Why not pilot it in one region?", "why-not"),
    ("What about asking the customer panel?", "what-about-doing"),
    ("How about a rota for the late shift?", "how-about"),
    ("What if you just cancelled the weekly report?", "what-if-you"),
    ("Is it worth talking to legal first?", "worth-doing"),
    ("Could you ask the regional director to chair it?", "could-you-do"),
    ("Would you consider an interim manager?", "would-you-consider"),
    ("Isn't it time to let the contract lapse?", "is-it-better"),
]

PLAIN_ADVICE = [
    ("You should put it in writing.", "you-should"),
    ("If I were you I'd take the week off.", "if-i-were-you"),
    ("I'd just tell him straight.", "i-would"),
    ("In my experience a clear deadline works wonders.", "in-my-experience"),
    ("Delegate the budget to your deputy.", "imperative"),
    ("Make sure HR is in the room.", "make-sure"),
    ("My advice would be to wait.", "i-suggest"),
]

LEADING = [
    ("Don't you think she is out of her depth?", "dont-you-think"),
    ("Surely the board knew?", "surely"),
    ("Are you sure it is about the money?", "are-you-sure"),
    ("It's a capacity problem, isn't it?", "tag-question"),
    ("Could it be that you want to leave?", "hypothesis"),
]

OPEN_QUESTIONS = [
    "What would a good week look like for you?",
    "How do you think the team sees it?",
    "Who else is affected by the decision?",
    "What do you think you should do next?",
    "Tell me more about the night shift.",
    "Could you say more about the promise you made?",
    "what is it that you want from your manager",
]

CLOSED_QUESTIONS = [
    "Is the budget fixed?",
    "Did the board sign off the plan?",
    "Do you have the authority to hire?",
    "Has anyone else raised it?",
    "Is there anything you could delegate?",
    "I wonder whether the union knows",
]

OTHER_KINDS = [
    ("That sounds exhausting.", "empathy"),
    ("I'm so sorry, that must have been a shock.", "empathy"),
    ("What I'm hearing is that the timing is the problem.", "summary"),
    ("So you're saying the two directors disagree.", "summary"),
    ("I noticed you smiled when you mentioned leaving.", "observation"),
    ("What strikes me is how loyal you are to them.", "observation"),
    ("Still thinking.", "statement"),
]


@pytest.mark.parametrize("text,cue", DISGUISED_ADVICE)
def test_each_kind_of_advice_dressed_as_a_question_is_flagged_with_its_cue(text, cue):
    verdict = classify(text)
    assert verdict.label == ADVICE
    assert cue in [c.name for c in verdict.cues]


@pytest.mark.parametrize("text,cue", PLAIN_ADVICE)
def test_plain_advice_is_flagged_with_its_cue(text, cue):
    verdict = classify(text)
    assert (verdict.label, verdict.kind) == (ADVICE, "advice")
    assert cue in [c.name for c in verdict.cues]


@pytest.mark.parametrize("text,cue", LEADING)
def test_a_leading_question_counts_as_advice_and_is_labelled_leading(text, cue):
    verdict = classify(text)
    assert (verdict.label, verdict.kind) == (ADVICE, "leading")
    assert cue in [c.name for c in verdict.cues]


@pytest.mark.parametrize("text", OPEN_QUESTIONS)
def test_open_questions_are_labelled_open(text):
    verdict = classify(text)
    assert (verdict.label, verdict.kind, verdict.suggestion) == (QUESTION, "open", "")


@pytest.mark.parametrize("text", CLOSED_QUESTIONS)
def test_closed_questions_are_labelled_closed(text):
    assert (classify(text).label, classify(text).kind) == (QUESTION, "closed")


@pytest.mark.parametrize("text,kind", OTHER_KINDS)
def test_empathy_summaries_and_observations_are_other(text, kind):
    assert (classify(text).label, classify(text).kind) == (OTHER, kind)


def test_the_explanation_quotes_the_author_s_words_and_offers_a_rewrite():
    verdict = classify("Why don’t you just ask HR?")
    first = verdict.cues[0]
    assert first.span == "Why don’t you"
    assert "‘Why don’t you…’" in first.explanation
    assert verdict.suggestion.startswith(first.explanation)
    assert "Try ‘What options do you see?’" in verdict.suggestion


def test_one_advice_sentence_makes_the_whole_contribution_advice():
    verdict = classify("That sounds really hard. What's your plan? I'd take some leave.")
    assert verdict.label == ADVICE
    assert [c.name for c in verdict.cues] == ["i-would"]


def test_a_question_after_empathy_is_still_a_question():
    assert classify("That sounds hard. What would help most right now?").kind == "open"


def test_casing_curly_quotes_and_missing_punctuation_do_not_change_the_verdict():
    assert classify("WHY DON’T YOU ASK HR").label == ADVICE
    assert classify("have you thought about going part time").label == ADVICE
    assert classify("what would success look like").kind == "open"


@pytest.mark.parametrize("text", ["", "   ", "🙂", "?!", "x" * 5000, "İstanbul office?"])
def test_odd_input_gets_a_verdict_rather_than_an_error(text):
    assert classify(text).label in LABELS


@given(st.text(max_size=200))
def test_every_cue_points_at_the_author_s_own_text(text):
    verdict = classify(text)
    assert verdict.label in LABELS
    assert (verdict.suggestion != "") == (verdict.label == ADVICE)
    for cue in verdict.cues:
        assert text[cue.start : cue.end].strip() == cue.span
