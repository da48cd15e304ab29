"""The clustering engine as palg.themes sees it: three pure functions on plain lists.

STAND-IN, TO BE REPLACED AT MERGE. The real engine (sentence embeddings, class-based TF-IDF
labels) is being built in the framework-free package `palg_themes` on another branch. Until it
lands, the functions below run an honest, simple fallback with scikit-learn: TF-IDF vectors,
agglomerative clustering on cosine distance with a distance threshold (so the number of themes
is not fixed), class-based TF-IDF labels. It matches words, not meanings: statements of one
theme in different words will often stay apart. To swap, keep the three signatures and make
each body a call into `palg_themes` (the services, tests and pages only use these functions):

    cluster(texts, confirmations) -> one cluster id per text, None for a text in no cluster
    labels(texts, assignment)     -> {cluster id: (label words, representative row)}
    similar(text, candidates)     -> [(candidate index, score)], most similar first

`confirmations` are pairs of rows a set said are the same theme ("ours is the same"): the
engine must put them in one cluster.
"""

from __future__ import annotations

import numpy as np

# Average-linkage cosine distance under which two groups of statements are one theme. TF-IDF
# vectors of unrelated short statements are near-orthogonal (distance close to 1).
DISTANCE_THRESHOLD = 0.8
LABEL_WORDS = 3
MIN_SIMILARITY = 0.1


def _tfidf(texts: list[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        return vectoriser.fit_transform(texts), vectoriser
    except ValueError:  # nothing but stop words and punctuation: no vocabulary at all
        return None, None


def cluster(texts: list[str], confirmations: list[tuple[int, int]]) -> list[int | None]:
    """Cluster id per text (0, 1, ...), None for a text that joins no other. STAND-IN."""
    if len(texts) < 2:
        return [None] * len(texts)
    vectors, _ = _tfidf(texts)
    if vectors is None:
        return [None] * len(texts)
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics.pairwise import cosine_distances

    distances = cosine_distances(vectors)
    for a, b in confirmations:
        distances[a, b] = distances[b, a] = 0.0
    model = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=DISTANCE_THRESHOLD,
    )
    raw = model.fit_predict(distances)
    raw = _join_confirmed(list(raw), confirmations)
    return _renumber(raw)


def _join_confirmed(raw: list[int], confirmations: list[tuple[int, int]]) -> list[int]:
    """Average linkage may still split a confirmed pair; a confirmation always wins."""
    for a, b in confirmations:
        if raw[a] != raw[b]:
            old, new = raw[b], raw[a]
            raw = [new if x == old else x for x in raw]
    return raw


def _renumber(raw: list[int]) -> list[int | None]:
    """Singletons become None; clusters are numbered 0, 1, ... in order of first appearance."""
    sizes: dict[int, int] = {}
    for x in raw:
        sizes[x] = sizes.get(x, 0) + 1
    ids: dict[int, int] = {}
    out: list[int | None] = []
    for x in raw:
        if sizes[x] < 2:
            out.append(None)
            continue
        out.append(ids.setdefault(x, len(ids)))
    return out


def labels(texts: list[str], assignment: list[int | None]) -> dict[int, tuple[str, int]]:
    """Per cluster: its most characteristic words (class-based TF-IDF) and the row nearest its
    centre. STAND-IN."""
    members: dict[int, list[int]] = {}
    for row, cid in enumerate(assignment):
        if cid is not None:
            members.setdefault(cid, []).append(row)
    if not members:
        return {}
    return {
        cid: (words, _representative(texts, rows))
        for cid, (words, rows) in zip(members, _class_words(texts, members), strict=True)
    }


def _class_words(texts: list[str], members: dict[int, list[int]]) -> list[tuple[str, list[int]]]:
    from sklearn.feature_extraction.text import CountVectorizer

    documents = [" ".join(texts[r] for r in rows) for rows in members.values()]
    try:
        counter = CountVectorizer(stop_words="english")
        counts = counter.fit_transform(documents).toarray().astype(float)
    except ValueError:
        return [("", rows) for rows in members.values()]
    vocabulary = counter.get_feature_names_out()
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    average_words = counts.sum() / len(documents)
    idf = np.log(1 + average_words / np.maximum(counts.sum(axis=0), 1))
    scores = tf * idf
    result = []
    for i, rows in enumerate(members.values()):
        top = [vocabulary[j] for j in np.argsort(-scores[i], kind="stable")[:LABEL_WORDS]
               if scores[i, j] > 0]  # fmt: skip
        result.append((" · ".join(top), rows))
    return result


def _representative(texts: list[str], rows: list[int]) -> int:
    ranked = similar_rows(texts, rows)
    return ranked[0] if ranked else rows[0]


def similar_rows(texts: list[str], rows: list[int]) -> list[int]:
    """`rows` ordered by closeness to their TF-IDF centre (most central first)."""
    vectors, _ = _tfidf([texts[r] for r in rows])
    if vectors is None:
        return list(rows)
    centre = np.asarray(vectors.mean(axis=0))
    scores = np.asarray(vectors @ centre.T).ravel()
    return [rows[i] for i in np.argsort(-scores, kind="stable")]


def similar(text: str, candidates: list[str]) -> list[tuple[int, float]]:
    """Candidates that resemble `text` (cosine of TF-IDF vectors at least MIN_SIMILARITY), most
    similar first. STAND-IN."""
    if not candidates:
        return []
    vectors, _ = _tfidf([text, *candidates])
    if vectors is None:
        return []
    scores = np.asarray((vectors[1:] @ vectors[0].T).todense()).ravel()
    order = np.argsort(-scores, kind="stable")
    return [(int(i), float(scores[i])) for i in order if scores[i] >= MIN_SIMILARITY]
