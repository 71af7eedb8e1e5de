"""Sentence embeddings with all-MiniLM-L6-v2 in ONNX (int8): onnxruntime and tokenizers, no torch.

Input: sentences. Output: an ``(n, 384)`` float32 array of L2-normalised mean-pooled
embeddings, as sentence-transformers computes them (to within int8 quantisation). The model
folder is made by :mod:`marsad.learned.export_encoder` and ships in the package; the runtime
needs the ``accurate`` extra (``onnxruntime``, ``tokenizers``).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

ENCODER_DIR = Path(__file__).resolve().parent / "models" / "minilm-l6-int8"
MAX_TOKENS = 128
DIMENSIONS = 384


class OnnxEncoderUnavailable(ImportError):
    """onnxruntime/tokenizers are not installed, or the model folder is missing."""


def load_onnx(
    directory: Path, error: type[ImportError], builder: str, threads: int | None = None
) -> tuple[Any, Any]:
    """(onnxruntime session, tokenizer) of a model folder holding ``model.onnx`` and
    ``tokenizer.json``; ``error`` (naming ``builder``, the command that makes the folder) when
    the runtime or the folder is missing."""
    try:
        import onnxruntime as ort
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise error(f"this model needs onnxruntime and tokenizers ({exc})") from exc
    if not (directory / "model.onnx").exists():
        raise error(f"no ONNX model in {directory}; run `{builder}`")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads or onnx_threads()
    opts.inter_op_num_threads = 1
    session = ort.InferenceSession(str(directory / "model.onnx"), opts, providers=["CPUExecutionProvider"])
    return session, Tokenizer.from_file(str(directory / "tokenizer.json"))


def onnx_threads() -> int:
    """Threads of one ONNX session: ``OMP_NUM_THREADS`` where set (Dask sets it to 1 in each
    worker, so that worker processes do not overbook the cores), else up to 4 cores."""
    try:
        return max(1, int(os.environ["OMP_NUM_THREADS"]))
    except (KeyError, ValueError):
        return max(1, min(4, os.cpu_count() or 1))


class OnnxSentenceEncoder:
    def __init__(self, directory: Path = ENCODER_DIR, threads: int | None = None) -> None:
        self.session, self.tokenizer = load_onnx(
            directory, OnnxEncoderUnavailable, "python -m marsad.learned.export_encoder", threads
        )
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        self.inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        out = []
        for i in range(0, len(texts), batch_size):
            enc = self.tokenizer.encode_batch([" ".join(t.split()) for t in texts[i : i + batch_size]])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]
            m = mask[..., None].astype(np.float32)
            pooled = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            out.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))
        return np.vstack(out).astype(np.float32)


@lru_cache(maxsize=1)
def default_encoder() -> OnnxSentenceEncoder:
    return OnnxSentenceEncoder()
