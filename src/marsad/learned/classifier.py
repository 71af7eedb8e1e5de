"""A PLOVER event-type classifier over sentence embeddings (multinomial logistic regression).

Input: sentences (embedded by :mod:`marsad.learned.encoder`) or embeddings. Output: a
probability per label — the 16 PLOVER event types and ``NONE`` (no event) — and the top label.

The weights are a plain JSON file shipped in ``marsad/learned/data`` (384 × 17 floats plus
biases) with its provenance: the encoder it was trained on, the SHA-256 and size of the
training file, the version, cross-validated accuracy on the training sentences and the
probability above which the classifier counts as confident (chosen by cross-validation on
the training sentences only, see :mod:`marsad.learned.train`). Training and prediction use
numpy only; torch is needed only to embed sentences.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

DATA_DIR = Path(__file__).resolve().parent / "data"
TRAINING_FILE = DATA_DIR / "plover_sentences.jsonl"
WEIGHTS_FILE = DATA_DIR / "event_type_classifier.json"
CLASSIFIER_VERSION = "1.0"
NONE_LABEL = "NONE"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_examples(path: Path = TRAINING_FILE) -> list[tuple[str, str]]:
    """``(text, label)`` pairs from a JSON-lines file of ``{"text": ..., "type": ...}``."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            rows.append((rec["text"], rec["type"]))
    return rows


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_softmax(
    x: np.ndarray, y: np.ndarray, n_labels: int, l2: float = 1e-4, epochs: int = 2000, lr: float = 4.0
) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent on the L2-regularised cross-entropy; returns ``(W, b)``."""
    x = x.astype(np.float64)
    onehot = np.eye(n_labels)[y]
    w = np.zeros((x.shape[1], n_labels))
    b = np.zeros(n_labels)
    for _ in range(epochs):
        p = softmax(x @ w + b)
        grad = (p - onehot) / len(x)
        w -= lr * (x.T @ grad + l2 * w)
        b -= lr * grad.sum(axis=0)
    return w, b


@dataclass
class Prediction:
    """The classifier's reading of one sentence."""

    label: str
    probability: float
    distribution: dict[str, float] = field(default_factory=dict)

    def probability_of(self, label: str) -> float:
        return self.distribution.get(label, 0.0)


@dataclass
class EventTypeClassifier:
    labels: list[str]
    weights: np.ndarray  # (dimensions, labels)
    bias: np.ndarray  # (labels,)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"marsad.event_type_classifier@{self.meta.get('version', CLASSIFIER_VERSION)}"

    @property
    def confident_probability(self) -> float:
        """Probability above which cross-validated predictions were right ≥ the target rate."""
        return float(self.meta.get("confident_probability", 0.8))

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        return softmax(embeddings.astype(np.float64) @ self.weights + self.bias)

    def predict_embeddings(self, embeddings: np.ndarray) -> list[Prediction]:
        out = []
        for row in self.probabilities(embeddings):
            best = int(row.argmax())
            dist = {lab: float(p) for lab, p in zip(self.labels, row, strict=True)}
            out.append(Prediction(self.labels[best], float(row[best]), dist))
        return out

    def predict(self, texts: list[str]) -> list[Prediction]:
        """Embed and classify sentences (needs the ``embeddings`` extra)."""
        from marsad.learned.encoder import encode

        return self.predict_embeddings(encode(texts))

    def to_json(self) -> dict[str, Any]:
        return {
            **self.meta,
            "labels": list(self.labels),
            "bias": [round(float(v), 6) for v in self.bias],
            "weights": [[round(float(v), 6) for v in row] for row in self.weights],
        }

    def save(self, path: Path = WEIGHTS_FILE) -> None:
        path.write_text(json.dumps(self.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EventTypeClassifier:
        meta = {k: v for k, v in data.items() if k not in ("labels", "weights", "bias")}
        return cls(
            labels=list(data["labels"]),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=np.asarray(data["bias"], dtype=np.float64),
            meta=meta,
        )

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> EventTypeClassifier:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=2)
def default_classifier(path: str = str(WEIGHTS_FILE)) -> EventTypeClassifier:
    """The shipped classifier, loaded once per process."""
    return EventTypeClassifier.load(Path(path))
