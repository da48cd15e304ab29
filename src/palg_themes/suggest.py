"""Suggesting the released themes a new statement most resembles ("people help the machine").

When a set drafts a theme, palg shows the released themes closest in meaning; the set may say
"ours is the same" (a confirmation, which then feeds the clustering as a must-link) or keep it
new. Themes below `min_similarity` are not suggested: a suggestion that shares only the
workplace register would be noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Cosine in the clustering's guided space (cluster.py) below which a theme is not suggested. On the
# evaluation set, a statement and a statement of its own theme reach 0.27 (median) there, a
# one-off statement and any theme statement 0.07 (median) and 0.20 (90th percentile).
MIN_SIMILARITY = 0.30


@dataclass(frozen=True)
class Suggestion:
    """released_themes[index] resembles the statement with this cosine similarity."""

    index: int
    similarity: float


def similar(
    statement: str,
    released_themes: Sequence[str | Sequence[str]],
    top: int = 3,
    *,
    min_similarity: float = MIN_SIMILARITY,
    guided: bool = True,
    embedder=None,
) -> list[Suggestion]:
    """Up to `top` released themes most similar to statement, best first (ties keep the themes'
    order). A theme is given by one text (its representative statement) or by several (its
    statements; their mean is compared). Similarity is measured in the space the clustering
    uses, so a suggestion agrees with where the statement would be clustered."""
    if top < 1 or not released_themes or not statement.strip():
        return []
    from palg_themes.cluster import Params, guided_space
    from palg_themes.embedding import catalogue_vectors, statement_vectors

    groups = [[theme] if isinstance(theme, str) else list(theme) for theme in released_themes]
    texts = [statement, *(text for group in groups for text in group)]
    x = statement_vectors(texts, embedder).astype(np.float64)
    guide = catalogue_vectors(embedder) if guided else None
    z = guided_space(x, guide, Params())[0]
    centres, start = [], 1
    for group in groups:
        centre = z[start : start + len(group)].mean(axis=0)
        centres.append(centre / max(float(np.linalg.norm(centre)), 1e-12))
        start += len(group)
    sims = np.stack(centres) @ z[0]
    order = sorted(range(len(groups)), key=lambda i: (-round(float(sims[i]), 6), i))
    return [
        Suggestion(index=i, similarity=round(float(sims[i]), 4))
        for i in order[:top]
        if sims[i] >= min_similarity
    ]
