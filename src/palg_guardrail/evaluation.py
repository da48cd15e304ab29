"""The shipped evaluation set and the scores the issue asks for (precision and recall of
`advice`, and the share of genuine questions flagged as advice)."""

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources

from palg_guardrail.classifier import ADVICE, LABELS, QUESTION, classify

DATA_FILE = "contributions.tsv"
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class Example:
    split: str
    label: str
    kind: str
    text: str


@dataclass(frozen=True)
class Scores:
    """`confusion[(gold, predicted)]` counts examples; the rates are of the `advice` label."""

    n: int
    precision: float
    recall: float
    f1: float
    questions_flagged: float
    accuracy: float
    kind_accuracy: float
    confusion: dict[tuple[str, str], int]


def load_examples(split: str | None = None) -> list[Example]:
    """The labelled contributions shipped with the package, of one split or all."""
    source = resources.files("palg_guardrail").joinpath("data", DATA_FILE)
    with source.open(encoding="utf-8", newline="") as handle:
        rows = [Example(**row) for row in csv.DictReader(handle, delimiter="\t", quoting=3)]
    return [r for r in rows if split is None or r.split == split]


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def score(examples: Iterable[Example], predict: Callable = classify) -> Scores:
    """Score `predict` (text -> Verdict) against the gold labels of `examples`."""
    examples = list(examples)
    verdicts = [predict(e.text) for e in examples]
    confusion = Counter((e.label, v.label) for e, v in zip(examples, verdicts, strict=True))
    hits = confusion[(ADVICE, ADVICE)]
    flagged = sum(confusion[(gold, ADVICE)] for gold in LABELS)
    gold_advice = sum(confusion[(ADVICE, p)] for p in LABELS)
    questions = sum(confusion[(QUESTION, p)] for p in LABELS)
    precision, recall = _ratio(hits, flagged), _ratio(hits, gold_advice)
    return Scores(
        n=len(examples),
        precision=precision,
        recall=recall,
        f1=_ratio(2 * precision * recall, precision + recall),
        questions_flagged=_ratio(confusion[(QUESTION, ADVICE)], questions),
        accuracy=_ratio(sum(confusion[(g, g)] for g in LABELS), len(examples)),
        kind_accuracy=_ratio(
            sum(e.kind == v.kind for e, v in zip(examples, verdicts, strict=True)), len(examples)
        ),
        confusion={(g, p): confusion[(g, p)] for g in LABELS for p in LABELS},
    )
