"""A sparse linear softmax classifier: the runtime of the learned event model.

Input: feature strings (``marsad.learned.features``). Output: a probability per label. The
weights are a vocabulary and one dense matrix per head, stored as int8 with a scale per label
in a compressed ``.npz`` beside a JSON card; inference is one gather-and-sum in NumPy (which spaCy already needs), so the
default install needs no extra runtime and a sentence costs microseconds. The matrices come
from scikit-learn's multinomial logistic regression (``marsad.learned.train_events``);
``tests/learned`` checks that the two give the same probabilities.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class Head:
    """One classification head: labels, a weight matrix (features × labels) and biases, and for
    models with a dense part (sentence embeddings) a second matrix (dimensions × labels)."""

    name: str
    labels: list[str]
    weights: np.ndarray
    bias: np.ndarray
    dense_weights: np.ndarray | None = None

    def proba_many(
        self, rows: list[list[int]], values: list[float], dense: np.ndarray | None = None
    ) -> np.ndarray:
        """Probabilities (one row per sentence) of sentences given as their feature rows, each
        row of a sentence weighing its ``values[i]``; one gather for them all."""
        z = np.tile(self.bias.astype(np.float64), (len(rows), 1))
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        if lengths.any():
            flat = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(lengths.sum()))
            gathered = (
                self.weights[flat].astype(np.float64)
                * np.repeat(np.asarray(values, np.float64), lengths)[:, None]
            )
            has = lengths > 0
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[has]
            z[has] += np.add.reduceat(gathered, starts, axis=0)
        if self.dense_weights is not None and dense is not None:
            z += dense.astype(np.float64) @ self.dense_weights.astype(np.float64)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)


def _weights(arrays, name: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    if f"{name}__Wq" in arrays:
        return arrays[f"{name}__Wq"].astype(np.float32) * arrays[f"{name}__s"][None, :]
    return arrays[f"{name}__W"].astype(np.float32)


class SparseLinearModel:
    """Heads sharing one feature vocabulary; features are binary, L2-normalised per sentence."""

    def __init__(self, vocab: dict[str, int], heads: dict[str, Head], meta: dict) -> None:
        self.vocab = vocab
        self.heads = heads
        self.meta = meta

    def encode(self, feats: list[str]) -> tuple[list[int], list[float]]:
        rows = sorted({self.vocab[f] for f in feats if f in self.vocab})
        if not rows:
            return [], []
        value = 1.0 / np.sqrt(len(rows))
        return rows, [value] * len(rows)

    @property
    def dense(self) -> str | None:
        """Name of the sentence encoder whose embeddings the model also reads (None: sparse only)."""
        return self.meta.get("dense")

    def predict(self, feats: list[str], dense: np.ndarray | None = None) -> dict[str, dict[str, float]]:
        return self.predict_many([feats], None if dense is None else dense[None, :])[0]

    def predict_many(
        self, feats: list[list[str]], dense: np.ndarray | None = None
    ) -> list[dict[str, dict[str, float]]]:
        """``predict`` of several sentences (``dense``: their embeddings, one row each) at once."""
        encoded = [self.encode(f) for f in feats]
        rows = [r for r, _ in encoded]
        values = [c[0] if c else 0.0 for _, c in encoded]
        if dense is not None:
            dense = dense * float(self.meta.get("dense_scale", 1.0))
        out: list[dict[str, dict[str, float]]] = [{} for _ in feats]
        for name, h in self.heads.items():
            for i, p in enumerate(h.proba_many(rows, values, dense).tolist()):
                out[i][name] = dict(zip(h.labels, p, strict=True))
        return out

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {}
        for name, h in self.heads.items():
            # int8 with one scale per label column: a quarter of float32, no measurable change
            scale = np.maximum(np.abs(h.weights).max(axis=0), 1e-12) / 127.0
            arrays[f"{name}__Wq"] = np.round(h.weights / scale).astype(np.int8)
            arrays[f"{name}__s"] = scale.astype(np.float32)
            arrays[f"{name}__b"] = h.bias.astype(np.float32)
            if h.dense_weights is not None:
                arrays[f"{name}__D"] = h.dense_weights.astype(np.float32)
        np.savez_compressed(directory / "weights.npz", **arrays)
        vocab = sorted(self.vocab, key=self.vocab.__getitem__)
        (directory / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
        meta = dict(self.meta, heads={n: h.labels for n, h in self.heads.items()})
        (directory / "model.json").write_text(
            json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path) -> SparseLinearModel:
        meta = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        words = (directory / "vocab.txt").read_text(encoding="utf-8").split("\n")
        vocab = {w: i for i, w in enumerate(w for w in words if w)}
        with np.load(directory / "weights.npz") as arrays:
            heads = {
                name: Head(
                    name,
                    labels,
                    _weights(arrays, name),
                    arrays[f"{name}__b"],
                    arrays.get(f"{name}__D"),
                )
                for name, labels in meta["heads"].items()
            }
        return cls(vocab, heads, meta)
