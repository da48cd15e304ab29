"""Words that characterise each cluster: class-based TF-IDF (c-TF-IDF, as BERTopic uses).

All statements of a cluster are read as one document. A word scores high when it is frequent
in that cluster and rare across clusters: tf(w, c) / words(c) * log(1 + A / f(w)), with A the
average number of words per class and f(w) the word's count over every class. Statements in no
cluster form one more class, so a word common everywhere does not label any cluster. English
stop words are removed; ties are broken alphabetically so the label is the same on every run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

# Words of two letters or fewer say little ("it", "we") and many are stop words anyway.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]{2,}\b"
NOISE = -1


def ctfidf_words(
    texts: Sequence[str], labels: Sequence[int], top: int = 4
) -> dict[int, tuple[str, ...]]:
    """The `top` most characteristic words of every cluster id in labels (noise excluded)."""
    clusters = sorted({label for label in labels if label != NOISE})
    if not clusters:
        return {}
    classes = clusters + [NOISE]
    parts: dict[int, list[str]] = {c: [] for c in classes}
    for text, label in zip(texts, labels, strict=True):
        parts[label].append(text)
    joined = [" ".join(parts[c]) for c in classes]
    vectorizer = CountVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS), token_pattern=TOKEN_PATTERN, lowercase=True
    )
    try:
        counts = vectorizer.fit_transform(joined).toarray().astype(float)
    except ValueError:  # no word at all survives the stop list
        return {c: () for c in clusters}
    words = vectorizer.get_feature_names_out()
    per_class = counts.sum(axis=1, keepdims=True)
    tf = counts / np.maximum(per_class, 1.0)
    average = per_class.mean()
    idf = np.log(1.0 + average / np.maximum(counts.sum(axis=0), 1.0))
    scores = tf * idf
    out: dict[int, tuple[str, ...]] = {}
    for row, cluster in enumerate(clusters):
        present = np.nonzero(counts[row])[0]
        ranked = sorted(present, key=lambda j: (-round(scores[row, j], 12), words[j]))
        out[cluster] = tuple(str(words[j]) for j in ranked[:top])
    return out


def label_text(words: Sequence[str]) -> str:
    """How a label is written: its words separated by commas."""
    return ", ".join(words)


def representative(vectors: np.ndarray, members: Sequence[int]) -> int:
    """The member closest to the cluster's mean direction (lowest index on a tie)."""
    rows = np.asarray(members)
    centre = vectors[rows].mean(axis=0)
    centre = centre / max(float(np.linalg.norm(centre)), 1e-12)
    sims = np.round(vectors[rows] @ centre, 9)
    return int(rows[int(np.argmax(sims))])


def words_by_cluster(
    texts: Sequence[str], members: Mapping[int, Sequence[int]], top: int = 4
) -> dict[int, tuple[str, ...]]:
    """ctfidf_words for clusters given as id -> member rows."""
    labels = [NOISE] * len(texts)
    for cluster, rows in members.items():
        for row in rows:
            labels[row] = cluster
    return ctfidf_words(texts, labels, top=top)
