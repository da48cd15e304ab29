"""The answering-time estimate: words read at 200 a minute, 1.4 times slower on a phone, 1.5 s a
tap and 3 s a screen; the three wave instruments come to about the three minutes palg tells
participants."""

import pytest

from palg_evaluation.burden import PROMISED_SECONDS, answering_minutes, answering_seconds


def test_ucla_3_is_estimated_by_hand():
    # 7 words of instructions, 24 of item texts, 7 of its one set of labels (Hardly ever /
    # Some of the time / Often): 38 words = 11.4 s of reading, x 1.4 on a phone = 15.96 s;
    # 3 taps x 1.5 s and one screen of 3 s.
    assert answering_seconds(["ucla3"]) == pytest.approx(15.96 + 4.5 + 3.0)
    assert answering_minutes(["ucla3"]) == 1


def test_the_framing_is_read_once_and_counts():
    assert answering_seconds(["ucla3"], framing_words=20) == pytest.approx(
        answering_seconds(["ucla3"]) + 1.4 * 6.0
    )


def test_a_whole_wave_of_the_three_instruments_is_about_three_minutes():
    # 22 words of the answering page's notes (palg.surveys.models.FRAMING_WORDS): 180.8 s, at
    # the three minutes palg tells participants, not under them (the estimate is a model).
    seconds = answering_seconds(["cbi", "psych_safety", "ucla3"], framing_words=22)
    assert seconds == pytest.approx(PROMISED_SECONDS, abs=5)
    assert answering_minutes(["cbi", "psych_safety", "ucla3"], framing_words=22) == 3


def test_minutes_are_rounded_to_the_nearest_and_never_zero():
    assert answering_minutes(["ucla3"]) == 1  # 23 s
    assert answering_minutes(["cbi"]) == 1  # 87 s
    assert answering_minutes(["cbi", "psych_safety"]) == 2  # 148 s


def test_an_unknown_instrument_is_named():
    with pytest.raises(KeyError, match="nope"):
        answering_seconds(["nope"])
