"""Suggesting the released themes a new statement most resembles ("people help the machine").

When a set drafts a theme, palg shows the released themes closest in meaning; the set may say
"ours is the same" (a confirmation, which then feeds the clustering as a must-link) or keep it
new. Themes below `min_similarity` are not suggested: a suggestion that shares only the
workplace register would be noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Cosine similarity of all-MiniLM-L6-v2 below which two statements rarely mean the same pattern
# (on the evaluation set, statements of one theme average 0.24 and one-off statements 0.06).
MIN_SIMILARITY = 0.30


@dataclass(frozen=True)
class Suggestion:
    """released_themes[index] resembles the statement with this cosine similarity."""

    index: int
    similarity: float


def similar(
    statement: str,
    released_themes: Sequence[str],
    top: int = 3,
    *,
    min_similarity: float = MIN_SIMILARITY,
    embedder=None,
) -> list[Suggestion]:
    """Up to `top` released themes (their text: a representative statement or a summary) most
    similar to statement, best first; ties keep the themes' order."""
    if top < 1 or not released_themes or not statement.strip():
        return []
    from palg_themes.embedding import statement_vectors

    vectors = statement_vectors([statement, *released_themes], embedder)
    sims = vectors[1:] @ vectors[0]
    order = sorted(range(len(released_themes)), key=lambda i: (-round(float(sims[i]), 6), i))
    return [
        Suggestion(index=i, similarity=round(float(sims[i]), 4))
        for i in order[:top]
        if sims[i] >= min_similarity
    ]
