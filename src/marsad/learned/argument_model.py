"""Event arguments by a trained tagger: the actor and recipient spans of one event.

Input: a sentence and the character span of its event's trigger. Output: an
:class:`ArgumentReading` — actor and recipient spans (character offsets in the sentence), each
with the tagger's score. The tagger is all-MiniLM-L6-v2 fine-tuned for token classification
(``O``, ``B-/I-ACT``, ``B-/I-REC``) on the sentence pair *(trigger, sentence)*, so that two
events of one sentence get their own sides; it is exported to ONNX (int8) by
:mod:`marsad.learned.train_arguments` and runs with onnxruntime and tokenizers, never torch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from marsad.learned.onnx_encoder import load_onnx

MODEL_DIR = Path(__file__).resolve().parent / "models" / "event_arguments-1.1"
LABELS = ("O", "B-ACT", "I-ACT", "B-REC", "I-REC", "B-LOC", "I-LOC")
ROLE_OF = {"ACT": "actor", "REC": "recipient", "LOC": "location"}
MAX_TOKENS = 160
CALLER_OPTIONS = ("rules_agreement_floor",)  # read by event_arguments, not by decoding


class ArgumentModelUnavailable(ImportError):
    """onnxruntime/tokenizers are missing, or the model folder is."""


@dataclass(frozen=True)
class ScoredSpan:
    start: int
    end: int
    score: float

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "score": round(self.score, 4)}


@dataclass
class ArgumentReading:
    actor: list[ScoredSpan] = field(default_factory=list)
    recipient: list[ScoredSpan] = field(default_factory=list)
    location: list[ScoredSpan] = field(default_factory=list)


def trigger_text(sentence: str, trigger: tuple[int, int] | None) -> str:
    """The first segment of the pair: the trigger's words (empty when none is known)."""
    if trigger is None:
        return ""
    return " ".join(sentence[trigger[0] : trigger[1]].split())


def decode(
    probs: np.ndarray,
    word_ids: list[int | None],
    offsets: list[tuple[int, int]],
    min_score: float = 0.0,
    join_adjacent: bool = False,
    min_location_score: float = 0.0,
) -> ArgumentReading:
    """Word-level BIO decoding: each word takes the label of its first sub-word; a span runs
    from a B- (or an I- after another label) through the following I- of the same role.
    ``join_adjacent`` reads a B- right after a span of the same role as its continuation;
    actor and recipient spans whose mean probability is below ``min_score`` are dropped (both
    chosen on a validation fifth of the training part, recorded in the model's config), location
    spans below ``min_location_score``."""
    reading = ArgumentReading()
    words: list[tuple[int, int, int, float]] = []  # (start, end, label, prob)
    last = None
    for i, w in enumerate(word_ids):
        if w is None:
            continue
        if w != last:
            lab = int(probs[i].argmax())
            words.append((offsets[i][0], offsets[i][1], lab, float(probs[i][lab])))
        else:
            s, _, lab, p = words[-1]
            words[-1] = (s, offsets[i][1], lab, p)
        last = w
    current: tuple[str, int, int, list[float]] | None = None

    def close() -> None:
        if current and float(np.mean(current[3])) >= (
            min_location_score if current[0] == "LOC" else min_score
        ):
            role, s, e, ps = current
            getattr(reading, ROLE_OF[role]).append(ScoredSpan(s, e, float(np.mean(ps))))

    for s, e, lab, p in words:
        tag = LABELS[lab]
        if tag == "O":
            close()
            current = None
            continue
        bio, role = tag.split("-")
        if (bio == "I" or join_adjacent) and current and current[0] == role:
            current = (role, current[1], e, [*current[3], p])
            continue
        close()
        current = (role, s, e, [p])
    close()
    return reading


class ArgumentTagger:
    """The shipped tagger (``models/event_arguments-1.1``), run by onnxruntime."""

    def __init__(self, directory: Path = MODEL_DIR, threads: int | None = None) -> None:
        self.session, self.tokenizer = load_onnx(
            directory, ArgumentModelUnavailable, "python -m marsad.learned.train_arguments", threads
        )
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.card = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        self.ref = f"{self.card['name']}@{self.card['version']}"
        self.decoding = dict(self.card.get("config", {}).get("decoding") or {})
        # the longest actor or recipient side of the training data, in words: a tagged span
        # longer than any side the tagger learned from is no side (None: no bound)
        self.longest_side_words: int | None = self.card.get("longest_side_words")

    def read_many(
        self, items: list[tuple[str, tuple[int, int] | None]], batch_size: int = 16, **decoding: Any
    ) -> list[ArgumentReading]:
        """One reading per (sentence, trigger span) pair, decoded as the model's config says
        (``decoding`` overrides it; ``rules_agreement_floor`` is the caller's, not decoding's)."""
        options = {k: v for k, v in {**self.decoding, **decoding}.items() if k not in CALLER_OPTIONS}
        return [decode(*x, **options) for x in self.probabilities(items, batch_size)]

    def probabilities(
        self, items: list[tuple[str, tuple[int, int] | None]], batch_size: int = 16
    ) -> list[tuple[np.ndarray, list[int | None], list[tuple[int, int]]]]:
        """Per pair: the label probabilities of each token, its word in the sentence, offsets."""
        out = []
        for b in range(0, len(items), batch_size):
            chunk = items[b : b + batch_size]
            encs = [self.tokenizer.encode(trigger_text(s, t), s) for s, t in chunk]
            width = max(len(e.ids) for e in encs)
            ids = np.zeros((len(encs), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            types = np.zeros_like(ids)
            for i, e in enumerate(encs):
                n = len(e.ids)
                ids[i, :n], mask[i, :n], types[i, :n] = e.ids, e.attention_mask, e.type_ids
            logits = self.session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )[0]
            for i, e in enumerate(encs):
                z = logits[i, : len(e.ids)]
                p = np.exp(z - z.max(axis=1, keepdims=True))
                p /= p.sum(axis=1, keepdims=True)
                word_ids = [
                    w if seq == 1 else None for w, seq in zip(e.word_ids, e.sequence_ids, strict=True)
                ]
                out.append((p, word_ids, list(e.offsets)))
        return out


@lru_cache(maxsize=2)
def default_tagger(directory: str = str(MODEL_DIR)) -> ArgumentTagger:
    return ArgumentTagger(Path(directory))
