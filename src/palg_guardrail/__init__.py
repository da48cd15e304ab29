"""palg_guardrail: an offline, explainable classifier for the questions-only phases of an action
learning set. It labels a contribution `question`, `advice` (advice, or a leading question) or
`other` (empathy, summary, observation), says which cue fired, and offers advice-shaped input a
kind rewrite to show its author privately. It never blocks anything itself.

Standard library only; no Django, no palg.
"""

from palg_guardrail.classifier import ADVICE, LABELS, OTHER, QUESTION, Cue, Verdict, classify
from palg_guardrail.evaluation import Example, Scores, load_examples, score

__all__ = [
    "ADVICE",
    "LABELS",
    "OTHER",
    "QUESTION",
    "Cue",
    "Example",
    "Scores",
    "Verdict",
    "classify",
    "load_examples",
    "score",
]
