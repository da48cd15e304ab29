"""Vectors for statements and for the catalogue, from palg_embed's shared offline model."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from palg_themes.catalogue import PATTERNS

_catalogue_cache: dict[int, np.ndarray] = {}


def _embedder(embedder):
    if embedder is not None:
        return embedder
    from palg_embed import default_embedder

    return default_embedder()


def statement_vectors(texts: Sequence[str], embedder=None) -> np.ndarray:
    """Unit embeddings of texts, one row each."""
    return _embedder(embedder).embed(list(texts))


def catalogue_vectors(embedder=None) -> np.ndarray:
    """One unit vector per catalogue pattern: the mean of its phrasings' embeddings."""
    model = _embedder(embedder)
    key = id(model)
    if key not in _catalogue_cache:
        rows = [model.embed(list(phrasings)).mean(axis=0) for phrasings in PATTERNS.values()]
        guide = np.stack(rows)
        _catalogue_cache[key] = guide / np.linalg.norm(guide, axis=1, keepdims=True)
    return _catalogue_cache[key]
