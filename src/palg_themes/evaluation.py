"""palg's labelled evaluation set for the clustering, and how it is scored.

data/themes_eval.tsv has columns split, set, text, theme: 14 systemic themes and 45 unrelated
one-off statements in the `tune` part (the only part the settings were chosen on), 12 themes (10
of them shared, 2 new) and 34 one-off statements in the `heldout` part. theme is `-` for a
one-off statement. Statements of a theme were written to share few words.

Scoring: adjusted Rand index and normalised mutual information (scikit-learn) over every row,
where each statement in no cluster, and each one-off statement in the truth, is its own label.
This is the conservative choice: a theme's statement left out of its cluster costs, and so does
a one-off statement put into one. `singletons_out` is the share of one-off statements in no
cluster.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

EVAL_PATH = Path(__file__).parent / "data" / "themes_eval.tsv"
SPLITS = ("tune", "heldout")
ONE_OFF = "-"


@dataclass(frozen=True)
class Example:
    set: str
    text: str
    theme: str


@dataclass(frozen=True)
class Scores:
    ari: float
    nmi: float
    singletons_out: float
    clusters: int
    themes: int


def load_examples(split: str) -> list[Example]:
    """The examples of one part of the evaluation set, in file order."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    with EVAL_PATH.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    return [Example(r["set"], r["text"], r["theme"]) for r in rows if r["split"] == split]


def _own_labels(labels: Sequence, none) -> list[str]:
    return [f"#alone{i}" if label == none else f"={label}" for i, label in enumerate(labels)]


def score(themes: Sequence[str], labels: Sequence[int | None]) -> Scores:
    """Scores of predicted labels (None: in no cluster) against true themes (ONE_OFF: none)."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    truth = _own_labels(themes, ONE_OFF)
    found = _own_labels(labels, None)
    one_off = [i for i, theme in enumerate(themes) if theme == ONE_OFF]
    out = sum(labels[i] is None for i in one_off) / len(one_off) if one_off else 1.0
    return Scores(
        ari=float(adjusted_rand_score(truth, found)),
        nmi=float(normalized_mutual_info_score(truth, found)),
        singletons_out=out,
        clusters=len({label for label in labels if label is not None}),
        themes=len({theme for theme in themes if theme != ONE_OFF}),
    )


def kmeans_baseline(vectors, themes: Sequence[str], seed: int = 0) -> list[int]:
    """The issue's baseline: k-means at the true number of themes, every statement clustered."""
    from sklearn.cluster import KMeans

    k = len({theme for theme in themes if theme != ONE_OFF})
    return [int(x) for x in KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(vectors)]
