"""Identifying details in a theme statement, before a set releases it (issue 14, section 1).

A nudge, not a filter: the set sees the spans highlighted and decides whether to rewrite. The
checks are plain and explainable, on plain lists (no Django, no directory access here):

- names: every first and last name of the organisation's directory, as whole words,
  case-insensitive ("ann" flags "Ann" but not "annual");
- set names: the organisation's set names as whole phrases ("Falcon", "Set 3");
- emails and phone numbers (7 or more digits, optionally with +, spaces, dots, dashes, brackets);
- rare job titles: a title held by fewer than `rare_below` people of the directory is as good
  as a name ("the Head of Treasury"); common ones ("Manager") are not flagged.

Spans never overlap: where two checks match the same text, the longer match is kept (a set
called "Ann Street" is reported once, as the set).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

NAME = "name"
SET = "set"
EMAIL = "email"
PHONE = "phone"
TITLE = "title"

REASONS = {
    NAME: "matches a name in the organisation's directory",
    SET: "names a set",
    EMAIL: "is an email address",
    PHONE: "looks like a phone number",
    TITLE: "is a job title held by fewer than {rare_below} people, so it points to someone",
}
RARE_BELOW = 5
# Name parts shorter than this are initials or particles ("J.", "de"): flagging them everywhere
# would bury the real findings.
MIN_NAME_PART = 2

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of digits and separators holding at least 7 digits: "+44 20 7946 0000", "(020) 7946-0000".
PHONE_RE = re.compile(r"(?<![\w+])\+?\(?\d(?:[\d\s().-]*\d)?(?![\w])")
PHONE_MIN_DIGITS = 7
# "2019-2024" has eight digits but is a span of years, not a number to call.
YEAR_RANGE_RE = re.compile(r"(?:19|20)\d\d\s*[-/]\s*(?:19|20)\d\d")
SET_PREFIX = re.compile(r"^set\b", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    """Characters `start`..`end` of the text are identifying, as `kind`, for `reason`."""

    start: int
    end: int
    kind: str
    text: str
    reason: str


def name_tokens(names: Iterable[str]) -> set[str]:
    """The first and last names (every part) of full names, lower-cased."""
    tokens = set()
    for name in names:
        for part in re.findall(r"[^\W\d_][\w'’-]*", name):
            if len(part) >= MIN_NAME_PART:
                tokens.add(part.lower())
    return tokens


def set_phrases(set_names: Iterable[str]) -> set[str]:
    """The phrases that name a set: its name, and "set <name>"; a name too short or numeric to
    stand alone ("3", "A") only as "set 3"."""
    phrases = set()
    for name in set_names:
        name = " ".join(name.split()).lower()
        if not name:
            continue
        if SET_PREFIX.match(name):
            phrases.add(name)
            continue
        phrases.add(f"set {name}")
        if len(name) >= 3 and not name.isdigit():
            phrases.add(name)
    return phrases


def rare_titles(titles: Iterable[str], rare_below: int = RARE_BELOW) -> set[str]:
    """Titles (one per person in the directory) held by fewer than `rare_below` people."""
    counts = Counter(" ".join(t.split()).lower() for t in titles if t and t.strip())
    return {title for title, n in counts.items() if n < rare_below}


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern | None:
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return None
    words = (r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


def _matches(pattern: re.Pattern | None, text: str, kind: str, reason: str) -> list[Span]:
    if pattern is None:
        return []
    return [Span(m.start(), m.end(), kind, m.group(), reason) for m in pattern.finditer(text)]


def _phones(text: str) -> list[Span]:
    spans = []
    for m in PHONE_RE.finditer(text):
        if YEAR_RANGE_RE.fullmatch(m.group().strip()):
            continue
        if sum(c.isdigit() for c in m.group()) >= PHONE_MIN_DIGITS:
            spans.append(Span(m.start(), m.end(), PHONE, m.group(), REASONS[PHONE]))
    return spans


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """Longest first, then leftmost; a span overlapping a kept one is dropped."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def find_identifying(
    text: str,
    *,
    names: Iterable[str] = (),
    set_names: Iterable[str] = (),
    titles: Iterable[str] = (),
    rare_below: int = RARE_BELOW,
) -> list[Span]:
    """The identifying spans of `text`, left to right.

    `names`: full names of the directory; `set_names`: the organisation's sets; `titles`: the
    job title of every person in the directory (repeats count: rarity is decided here)."""
    title_reason = REASONS[TITLE].format(rare_below=rare_below)
    spans = [
        *_matches(EMAIL_RE, text, EMAIL, REASONS[EMAIL]),
        *_phones(text),
        *_matches(_phrase_pattern(set_phrases(set_names)), text, SET, REASONS[SET]),
        *_matches(_phrase_pattern(rare_titles(titles, rare_below)), text, TITLE, title_reason),
        *_matches(_phrase_pattern(name_tokens(names)), text, NAME, REASONS[NAME]),
    ]
    return _without_overlaps(spans)


def highlight(text: str, spans: list[Span]) -> list[tuple[str, Span | None]]:
    """`text` cut into pieces, each with the span it belongs to (None for plain text)."""
    pieces: list[tuple[str, Span | None]] = []
    at = 0
    for span in spans:
        if span.start > at:
            pieces.append((text[at : span.start], None))
        pieces.append((text[span.start : span.end], span))
        at = span.end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces
