"""The clustering engine as palg.themes sees it: three functions on plain lists, each a call into
the framework-free `palg_themes` (offline MiniLM embeddings from palg_embed, catalogue-guided
clustering without a fixed number of themes, class-based TF-IDF labels). The services, tests
and pages use only these:

    embed(texts)                  -> one unit vector per text (float32 rows)
    cluster(texts, confirmations) -> one cluster id per text, None for a text in no cluster
    labels(texts, assignment)     -> {cluster id: (label words, representative row)}
    similar(text, candidates)     -> [(candidate index, score)], most similar first

`cluster` and `labels` take the texts' vectors when the caller has them (palg.themes stores each
released statement's, so that it is embedded once).

`confirmations` are pairs of rows a set said are the same theme ("ours is the same"): the
engine puts them in one cluster (palg_themes' must-links).
"""

from __future__ import annotations

import numpy as np

import palg_themes
from palg_themes.cluster import Params, cluster_vectors
from palg_themes.embedding import catalogue_vectors, statement_vectors
from palg_themes.labels import NOISE, ctfidf_words, label_text, representative

# A theme three sets raise once each must be able to form a cluster: the release rule asks for
# 3 sets (and 10 people, which three sets of four or more reach with one statement each), so the
# engine's default of 4 statements is lowered to 3 here. (`palg themes cluster` keeps 4: there
# each statement is one person, and a released cluster needs 10 of them anyway.)
PARAMS = Params(min_size=3)


def embed(texts: list[str]) -> np.ndarray:
    """One unit vector per text (float32), as the clustering reads them."""
    return np.asarray(statement_vectors(texts), dtype=np.float32)


def cluster(
    texts: list[str], confirmations: list[tuple[int, int]], vectors: np.ndarray | None = None
) -> list[int | None]:
    """Cluster id per text (0, 1, ...), None for a text in no cluster."""
    if not texts:
        return []
    if vectors is None:
        found = palg_themes.cluster(texts, confirmations=confirmations, params=PARAMS)
    else:
        found = cluster_vectors(
            texts, vectors, guide=catalogue_vectors(), confirmations=confirmations, params=PARAMS
        )
    return [None if label is None else label - 1 for label in found.labels]


def labels(
    texts: list[str], assignment: list[int | None], vectors: np.ndarray | None = None
) -> dict[int, tuple[str, int]]:
    """Per cluster: its most characteristic words (class-based TF-IDF) and the row nearest its
    centre in meaning."""
    members: dict[int, list[int]] = {}
    for row, cid in enumerate(assignment):
        if cid is not None:
            members.setdefault(cid, []).append(row)
    if not members:
        return {}
    words = ctfidf_words(texts, [NOISE if cid is None else cid for cid in assignment])
    vectors = embed(texts) if vectors is None else vectors
    return {
        cid: (label_text(words.get(cid, ())), representative(vectors, rows))
        for cid, rows in members.items()
    }


def similar(text: str, candidates: list[str]) -> list[tuple[int, float]]:
    """Candidates whose meaning is close to `text` (palg_themes.similar's threshold), most similar
    first."""
    if not candidates:
        return []
    found = palg_themes.similar(text, candidates, top=len(candidates))
    return [(s.index, s.similarity) for s in found]
