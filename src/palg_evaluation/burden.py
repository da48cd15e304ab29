"""How long a wave takes to answer on a phone: an estimate from the words on its screens and the
taps it needs, shown to participants ("about 3 minutes") and to the lead planning waves.

The model, stated so that it can be checked and replaced by measured times:
- reading: every item's text, each screen's instructions and each distinct set of response
  labels once per screen, at READING_WPM words a minute (Brysbaert 2019's mean silent reading
  rate for English non-fiction is 238; we take the slower 200);
- a phone is slower: times PHONE_FACTOR (1.4: Antoun & Cernat 2020, the same people answering
  on a smartphone and on a PC, doi:10.1177/0894439318823703);
- choosing and tapping each answer: SECONDS_PER_ANSWER, and moving to the next screen:
  SECONDS_PER_SCREEN (our own allowances, not taken from a study).
It is an estimate, not a measurement; the wave's one-tap-per-answer layout is checked by the
browser test, and real answering times are not recorded (they would be a record of behaviour).
"""

from collections.abc import Iterable
from math import floor

from palg_evaluation.instruments import instrument

READING_WPM = 200
PHONE_FACTOR = 1.4
SECONDS_PER_ANSWER = 1.5
SECONDS_PER_SCREEN = 3.0
# What palg tells a participant a whole wave of the three wave instruments takes: about three
# minutes. The estimate for it is 181 s with the answering page's notes (tests/evaluation).
PROMISED_SECONDS = 180


def _words(text: str) -> int:
    return len(text.split())


def answering_seconds(instrument_ids: Iterable[str], *, framing_words: int = 0) -> float:
    """The estimated seconds to answer one screen per instrument, on a phone (module docstring).
    `framing_words`: the words the app shows around the questions (its privacy and saving
    notes), read once."""
    words, answers, screens = framing_words, 0, 0
    for instrument_id in instrument_ids:
        found = instrument(instrument_id)
        screens += 1
        answers += len(found.items)
        words += _words(found.instructions) + sum(_words(item.text) for item in found.items)
        labels = {tuple(option.label for option in item.options) for item in found.items}
        words += sum(_words(" ".join(options)) for options in labels)
    reading = 60 * words / READING_WPM
    return PHONE_FACTOR * reading + answers * SECONDS_PER_ANSWER + screens * SECONDS_PER_SCREEN


def answering_minutes(instrument_ids: Iterable[str], *, framing_words: int = 0) -> int:
    """The estimate to the nearest minute (at least 1), as a participant reads it ("about 3
    minutes")."""
    seconds = answering_seconds(instrument_ids, framing_words=framing_words)
    return max(1, floor(seconds / 60 + 0.5))
