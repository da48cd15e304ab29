"""Classify one contribution: question, advice or other, with the cues that decided it.

Each sentence gets one kind, in this order of precedence: advice, leading, open or closed
question, then empathy, summary, observation or statement. A contribution is `advice` when any
sentence is advice-shaped ("That sounds hard. I'd take some leave." is advice), otherwise a
`question` when any sentence asks one, otherwise `other`.
"""

from dataclasses import dataclass

from palg_guardrail import _rules as rules
from palg_guardrail._text import Segment, clauses, normalise, sentences

QUESTION, ADVICE, OTHER = "question", "advice", "other"
LABELS = (QUESTION, ADVICE, OTHER)
STATEMENT = "statement"
_LABEL_OF_KIND = {
    rules.ADVICE: ADVICE,
    rules.LEADING: ADVICE,
    rules.OPEN: QUESTION,
    rules.CLOSED: QUESTION,
}


@dataclass(frozen=True)
class Cue:
    """A rule that fired, with the author's own words it matched (`text[start:end]`)."""

    name: str
    kind: str
    span: str
    start: int
    end: int
    explanation: str
    suggestion: str = ""


@dataclass(frozen=True)
class Verdict:
    """`label` is question, advice or other; `kind` is finer (open, closed, advice, leading,
    empathy, summary, observation, statement). `suggestion` is empty unless the label is
    advice: then it is the kind, private nudge to show the author (never a block)."""

    label: str
    kind: str
    cues: tuple[Cue, ...]
    suggestion: str = ""


def _cue(rule: rules.Rule, text: str, offset: int, start: int, end: int) -> Cue:
    span = text[offset + start : offset + end].strip()
    return Cue(
        name=rule.name,
        kind=rule.kind,
        span=span,
        start=offset + start,
        end=offset + end,
        explanation=rule.explanation.format(span=span),
        suggestion=rule.suggestion,
    )


def _start_cues(text: str, norm: str, sentence: Segment, parts: list[Segment]) -> list[Cue]:
    """The first start rule that fits each clause."""
    scope = rules.Scope(sentence.text, None)
    found = []
    for part in parts:
        for rule in rules.START:
            match = rule.pattern.match(part.text)
            if match and (rule.guard is None or rule.guard(part.text, match, scope)):
                end = match.end() if match.end() > 0 else len(part.text)
                found.append(_cue(rule, text, part.start, 0, end))
                break
    return found


def _anywhere_cues(text: str, sentence: Segment, table, wh_at: int | None) -> list[Cue]:
    scope = rules.Scope(sentence.text, wh_at)
    found = []
    for rule in table:
        for match in rule.pattern.finditer(sentence.text):
            if rule.guard is None or rule.guard(sentence.text, match, scope):
                found.append(_cue(rule, text, sentence.start, match.start(), match.end()))
    return found


def _sentence_cues(text: str, norm: str, sentence: Segment) -> tuple[str, list[Cue]]:
    """The kind of one sentence and the cues that decided it."""
    starts = _start_cues(text, norm, sentence, clauses(norm, sentence))
    wh_at = next((c.start - sentence.start for c in starts if c.name == "question-word"), None)
    shaped = [c for c in starts if c.kind in (rules.ADVICE, rules.LEADING)]
    shaped += _anywhere_cues(text, sentence, rules.ANYWHERE, wh_at)
    for kind in (rules.ADVICE, rules.LEADING):
        if any(c.kind == kind for c in shaped):
            return kind, sorted(shaped, key=lambda c: c.start)
    asked = [c for c in starts if c.kind in (rules.OPEN, rules.CLOSED)]
    asked = asked or _anywhere_cues(text, sentence, rules.QUESTION_ANYWHERE, wh_at)[:1]
    if asked:
        kind = rules.OPEN if any(c.kind == rules.OPEN for c in asked) else rules.CLOSED
        return kind, asked
    other = _anywhere_cues(text, sentence, rules.OTHER, wh_at)[:1]
    return (other[0].kind, other) if other else (STATEMENT, [])


def _nudge(cues: list[Cue]) -> str:
    """The explanation of the first advice-shaped cue and its rewrite offer."""
    first = next(c for c in cues if c.kind in (rules.ADVICE, rules.LEADING))
    return f"{first.explanation} {first.suggestion}".strip()


def classify(text: str) -> Verdict:
    """Classify one contribution (any number of sentences, any casing or punctuation)."""
    norm = normalise(text)
    kinds, cues_by_kind = [], {}
    for sentence in sentences(norm):
        kind, cues = _sentence_cues(text, norm, sentence)
        kinds.append(kind)
        cues_by_kind.setdefault(kind, []).extend(cues)
    for group in ((rules.ADVICE, rules.LEADING), (rules.OPEN, rules.CLOSED)):
        present = [k for k in group if k in cues_by_kind]
        if present:
            cues = sorted((c for k in present for c in cues_by_kind[k]), key=lambda c: c.start)
            label = _LABEL_OF_KIND[present[0]]
            nudge = _nudge(cues) if label == ADVICE else ""
            return Verdict(label, present[0], tuple(cues), nudge)
    kind = next((k for k in kinds if k != STATEMENT), STATEMENT)
    return Verdict(OTHER, kind, tuple(cues_by_kind.get(kind, ())))
