"""The learned event sentence model: does a sentence report an event, of which type, how?

Input: a parsed sentence (spaCy ``Span``). Output: a :class:`Reading` — the ACLED sub-event
type (or one of the five extra categories, or NONE), the PLOVER type and mode, and the
status (asserted, reported, hedged, negated, hypothetical, foiled, generic), each with its
probability and the runner-up labels, plus the probability that the sentence restates an
incident already told. The model ships inside the package (``models/event_sentence-<v>/``),
is trained by ``python -m marsad.learned.train_events`` and runs on NumPy alone.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Doc, Span

from marsad.events.lexicon import Lexicon, load_lexicon
from marsad.learned.features import FEATURES_VERSION, featurize
from marsad.learned.linear import SparseLinearModel

if TYPE_CHECKING:
    from marsad.learned.tuned_model import TunedSentenceModel

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_MODEL = PACKAGE_DIR / "models" / "event_sentence-1.1"
ACCURATE_MODEL = PACKAGE_DIR / "models" / "event_sentence_accurate-1.2"
TUNED_MODEL = PACKAGE_DIR / "models" / "event_sentence_tuned-1.0"
NONE = "NONE"
INCIDENT_STATUSES = frozenset(["asserted", "reported", "hedged", "foiled"])


@lru_cache(maxsize=1)
def label_names() -> dict[str, tuple[str | None, str | None]]:
    """Label code → (ACLED event type, sub-event type); NONE → (None, None)."""
    with (PACKAGE_DIR / "data" / "labels.tsv").open(encoding="utf-8") as fh:
        return {
            r["code"]: (r["event_type"] or None, r["sub_event_type"] or None)
            for r in csv.DictReader(fh, delimiter="\t")
        }


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    return {sub: code for code, (_, sub) in label_names().items() if sub}


def code_for(sub_event_type: str | None) -> str:
    """The label code of an ACLED sub-event type name (NONE when unknown or empty)."""
    return _codes().get(sub_event_type or "", NONE)


@dataclass
class Reading:
    """What the model reads in one sentence."""

    label: str
    label_p: float
    plover: str
    plover_p: float
    status: str
    status_p: float
    mode: str | None
    distribution: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def is_event(self) -> bool:
        return self.label != NONE or self.plover != NONE

    def top(self, head: str = "label", n: int = 3) -> list[tuple[str, float]]:
        return sorted(self.distribution.get(head, {}).items(), key=lambda kv: -kv[1])[:n]

    def probability(self, head: str, label: str) -> float:
        return self.distribution.get(head, {}).get(label, 0.0)

    @property
    def acled_probability(self) -> float:
        """P(the sentence reports an event of an ACLED or extra category) = 1 - P(label NONE)."""
        labels = self.distribution.get("label")
        return 1.0 - labels.get(NONE, 0.0) if labels else float(self.is_event)

    @property
    def event_probability(self) -> float:
        """P(the sentence reports some event): of an ACLED category or of a PLOVER type
        (cooperation between armed groups, aid, consultations have no ACLED category)."""
        plover = self.distribution.get("plover")
        p_plover = 1.0 - plover.get(NONE, 0.0) if plover else 0.0
        return max(self.acled_probability, p_plover)

    def best_event_label(self) -> tuple[str, float]:
        """The most probable label other than NONE, with its probability."""
        labels = {k: v for k, v in self.distribution.get("label", {}).items() if k != NONE}
        if not labels:
            return self.label, self.label_p
        return max(labels.items(), key=lambda kv: kv[1])

    def incident_status(self) -> tuple[str, float, float]:
        """``(status, its probability, P(incident))``: when the incident statuses (asserted,
        reported, hedged, foiled) together are at least as likely as the others, the best of
        them, else the best of negated, hypothetical and generic."""
        dist = self.distribution.get("status")
        if not dist:
            return self.status, self.status_p, float(self.status in INCIDENT_STATUSES)
        p_inc = sum(p for s, p in dist.items() if s in INCIDENT_STATUSES)
        pool = {s: p for s, p in dist.items() if (s in INCIDENT_STATUSES) == (p_inc >= 0.5)}
        status, p = max(pool.items(), key=lambda kv: kv[1])
        return status, p, p_inc

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "probability": round(self.label_p, 4),
            "plover": self.plover,
            "plover_probability": round(self.plover_p, 4),
            "status": self.status,
            "status_probability": round(self.status_p, 4),
            "mode": self.mode,
            "top": [{"label": lab, "probability": round(p, 4)} for lab, p in self.top()],
        }


def reading_from(dist: dict[str, dict[str, float]]) -> Reading:
    """The reading of a sentence from each head's distribution (label, plover, status, mode)."""

    def best(head: str) -> tuple[str, float]:
        d = dist.get(head) or {NONE: 1.0}
        return max(d.items(), key=lambda kv: kv[1])

    label, label_p = best("label")
    plover, plover_p = best("plover")
    status, status_p = best("status")
    mode = None
    modes = {k: v for k, v in dist.get("mode", {}).items() if k.startswith(f"{plover}:")}
    if modes:
        m = max(modes.items(), key=lambda kv: kv[1])[0].split(":", 1)[1]
        mode = None if m == "none" else m
    return Reading(label, label_p, plover, plover_p, status, status_p, mode, dist)


class EventSentenceModel:
    """Loads a trained model folder and reads sentences (see the module docstring)."""

    def __init__(self, directory: Path | None = None, lexicon: Lexicon | None = None) -> None:
        self.directory = Path(directory or DEFAULT_MODEL)
        if not (self.directory / "model.json").exists():
            raise FileNotFoundError(
                f"no event sentence model in {self.directory}; train one with `python -m marsad.learned.train_events`"
            )
        self.model = SparseLinearModel.load(self.directory)
        if self.model.meta.get("features_version") != FEATURES_VERSION:
            raise ValueError(
                f"model {self.directory} was trained on features v{self.model.meta.get('features_version')}, "
                f"this code makes v{FEATURES_VERSION}; retrain it"
            )
        self.lex = lexicon or load_lexicon()
        self.name = self.model.meta.get("name", "marsad.event_sentence_model")
        self.version = str(self.model.meta.get("version", "0"))
        self.encoder = None
        if self.model.dense:  # the accurate profile also reads sentence embeddings (onnxruntime)
            from marsad.learned.onnx_encoder import OnnxSentenceEncoder

            self.encoder = OnnxSentenceEncoder(PACKAGE_DIR / "models" / self.model.dense)

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def decision(self) -> dict:
        """The coder's decision thresholds chosen for this model (``tune_coder``), or {}."""
        return dict(self.model.meta.get("decision", {}))

    def read_features(self, feats: list[str], dense: np.ndarray | None = None) -> Reading:
        return reading_from(self.model.predict(feats, dense))

    def read(self, sent: Span | Doc) -> Reading:
        return self.read_many([sent])[0]

    def read_many(self, sents: list[Span] | list[Doc]) -> list[Reading]:
        """Readings of several sentences (the accurate profile embeds them in one batch)."""
        dense = self.encoder.encode([s.text for s in sents]) if self.encoder is not None else None
        feats = [featurize(s, self.lex) for s in sents]
        return [reading_from(p) for p in self.model.predict_many(feats, dense)]


@lru_cache(maxsize=4)
def default_model(directory: str | None = None) -> EventSentenceModel | TunedSentenceModel:
    """The model in ``directory``: a fine-tuned transformer when it holds ``model.onnx``."""
    folder = Path(directory) if directory else DEFAULT_MODEL
    if (folder / "model.onnx").exists():
        from marsad.learned.tuned_model import TunedSentenceModel

        return TunedSentenceModel(folder)
    return EventSentenceModel(folder)
