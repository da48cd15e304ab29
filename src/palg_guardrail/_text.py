"""Text helpers that keep character offsets, so that a cue can quote the author's own words.

Every function works on the *normalised* text, which has exactly the length of the original:
cue spans found in it index the original contribution unchanged.
"""

import re
from dataclasses import dataclass

# Curly apostrophes and quotes typed on phones and in word processors, mapped one to one.
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"'})

# A sentence ends at . ? ! or … followed by space (so "3.5" and "e.g.x" stay whole) or a newline.
_SENTENCE_BREAK = re.compile(r"(?<=[.?!…])[\"')\]]*\s+|\n+")
# Clauses: commas, semicolons, colons and dashes between words.
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s+[-–—]+\s+|[—–]")
# Words that open a clause without changing what kind of clause it is ("So, what next?",
# "Can I ask whether…", "Honestly, just tell him."). Stripped before the start is read.
_FILLERS = re.compile(
    r"^(?:(?:and|but|so|ok|okay|well|right|also|then|now|just|maybe|perhaps|honestly|genuinely"
    r"|really|actually|um+|erm+|hmm+|sorry|oh|first|firstly|secondly|finally|alternatively"
    r"|otherwise|instead|equally|personally|again|out of (?:interest|curiosity)"
    r"|(?:a |one )?quick question|one question|my question (?:is|would be)|i guess|i suppose"
    r"|i mean|(?:i'?m|i am) (?:curious|wondering)(?: to know)?|i (?:was |'?m )?wonder(?:ing)?"
    r"|(?:can|could|may|might) i (?:ask|check)|i'?d (?:like|love|want) to ask"
    r"|i (?:want|wanted) to ask|let me ask|just to check|to check|just checking"
    r"|building on that|following up|on that)\b[\s,:]*)+"
)


@dataclass(frozen=True)
class Segment:
    """A stretch of the normalised text: `text == normalised[start:end]`."""

    start: int
    end: int
    text: str


def normalise(text: str) -> str:
    """Lower-case `text` and straighten its quotes without changing its length."""
    lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_QUOTES)


def _trimmed(norm: str, start: int, end: int) -> Segment | None:
    piece = norm[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    if right <= left:
        return None
    return Segment(start + left, start + right, piece[left:right])


def _pieces(norm: str, start: int, end: int, breaks: re.Pattern) -> list[Segment]:
    pieces, cursor = [], start
    for match in breaks.finditer(norm, start, end):
        pieces.append(_trimmed(norm, cursor, match.start()))
        cursor = match.end()
    pieces.append(_trimmed(norm, cursor, end))
    return [p for p in pieces if p is not None]


def sentences(norm: str) -> list[Segment]:
    """The sentences of a normalised contribution (a line without punctuation is one)."""
    return _pieces(norm, 0, len(norm), _SENTENCE_BREAK)


def clauses(norm: str, sentence: Segment) -> list[Segment]:
    """The clauses of a sentence, each with its leading filler words removed."""
    found = []
    for piece in _pieces(norm, sentence.start, sentence.end, _CLAUSE_BREAK):
        skip = _FILLERS.match(piece.text)
        start = piece.start + (skip.end() if skip else 0)
        trimmed = _trimmed(norm, start, piece.end)
        if trimmed is not None:
            found.append(trimmed)
    return found


def ends_with_question_mark(sentence: Segment) -> bool:
    return sentence.text.rstrip("\"') ").endswith("?")
