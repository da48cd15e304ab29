"""palg_themes: pooling consented themes across sets, offline (issue 14, sections 2 and 3).

- `cluster(texts, confirmations=…)`: embed statements with palg_embed's offline model and group
  them into themes without being told how many, leaving one-off statements in no cluster; each
  cluster has its most characteristic words (c-TF-IDF) and a representative statement.
  Confirmations (pairs of rows people said mean the same) are must-links.
- `similar(statement, released_themes, top=3)`: the released themes a draft most resembles.
- `release(members, sets, people, ReleaseRule(min_sets, min_people))`: the release rule; the
  floors 3 and 10 may be raised, never lowered; released counts are rounded to the nearest 5.
- `read_statements` / `output_rows`: the files of `palg themes cluster`.
- `load_examples` / `score`: the labelled evaluation set and its ARI / NMI scoring.

No Django, no palg; numpy, scikit-learn and palg_embed only.
"""

from palg_themes.catalogue import PATTERNS
from palg_themes.cluster import Cluster, Clustering, Params, cluster, cluster_vectors, components
from palg_themes.evaluation import Example, Scores, kmeans_baseline, load_examples, score
from palg_themes.labels import ctfidf_words, label_text, representative
from palg_themes.release import (
    MIN_PEOPLE,
    MIN_SETS,
    Release,
    ReleaseRule,
    release,
    release_cluster,
    rounded,
)
from palg_themes.suggest import MIN_SIMILARITY, Suggestion, similar
from palg_themes.tsvio import InputError, Statement, output_rows, read_statements

__all__ = [
    "MIN_PEOPLE",
    "MIN_SETS",
    "MIN_SIMILARITY",
    "PATTERNS",
    "Cluster",
    "Clustering",
    "Example",
    "InputError",
    "Params",
    "Release",
    "ReleaseRule",
    "Scores",
    "Statement",
    "Suggestion",
    "cluster",
    "cluster_vectors",
    "components",
    "ctfidf_words",
    "kmeans_baseline",
    "label_text",
    "load_examples",
    "output_rows",
    "read_statements",
    "release",
    "release_cluster",
    "representative",
    "rounded",
    "score",
    "similar",
]
