"""The tuned event sentence model: all-MiniLM-L6-v2 fine-tuned on the annotated corpus.

Input: parsed sentences (spaCy ``Span``; only their text is read). Output: one
:class:`~marsad.learned.event_model.Reading` per sentence, as the linear model gives —
ACLED label, PLOVER type and mode, status, restatement — from one forward pass of the
fine-tuned transformer (ONNX int8, run by onnxruntime and tokenizers; no torch). The folder
``models/event_sentence_tuned-<v>/`` is made by ``python -m marsad.learned.train_tuned_events``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span

from marsad.learned.event_model import TUNED_MODEL, Reading, reading_from
from marsad.learned.onnx_encoder import load_onnx


class TunedModelUnavailable(ImportError):
    """onnxruntime/tokenizers are missing, or the model folder is."""


class TunedSentenceModel:
    """Reads sentences with the fine-tuned transformer (see the module docstring)."""

    def __init__(self, directory: Path = TUNED_MODEL, batch_size: int = 32) -> None:
        self.directory = Path(directory)
        self.session, self.tokenizer = load_onnx(
            self.directory, TunedModelUnavailable, "python -m marsad.learned.train_tuned_events"
        )
        self.meta = json.loads((self.directory / "model.json").read_text(encoding="utf-8"))
        self.tokenizer.enable_truncation(int(self.meta.get("max_tokens", 128)))
        self.tokenizer.enable_padding()
        self.heads = [(h["name"], list(h["labels"])) for h in self.meta["heads"]]
        self.name = self.meta.get("name", "marsad.event_sentence_model.tuned")
        self.version = str(self.meta.get("version", "0"))
        self.batch_size = batch_size
        self.inputs = {i.name for i in self.session.get_inputs()}

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def decision(self) -> dict:
        """The coder's decision thresholds chosen for this model (``tune_coder``), or {}."""
        return dict(self.meta.get("decision", {}))

    def logits(self, texts: list[str]) -> np.ndarray:
        width = sum(len(labels) for _, labels in self.heads)
        out = [np.zeros((0, width), dtype=np.float32)]
        for i in range(0, len(texts), self.batch_size):
            enc = self.tokenizer.encode_batch([" ".join(t.split()) for t in texts[i : i + self.batch_size]])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            out.append(self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0])
        return np.vstack(out)

    def distributions(self, row: np.ndarray) -> dict[str, dict[str, float]]:
        dist, at = {}, 0
        for name, labels in self.heads:
            z = row[at : at + len(labels)].astype(np.float64)
            at += len(labels)
            p = np.exp(z - z.max())
            p /= p.sum()
            dist[name] = {lab: float(q) for lab, q in zip(labels, p, strict=True)}
        return dist

    def read(self, sent: Span | Doc) -> Reading:
        return self.read_many([sent])[0]

    def read_many(self, sents: list[Span] | list[Doc]) -> list[Reading]:
        return [reading_from(self.distributions(row)) for row in self.logits([s.text for s in sents])]
