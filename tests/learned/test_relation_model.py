"""The relation model: pairs of actors in a sentence, their features and labels, the direction
of a label, and the component adding what the model reads to the rules' relations."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.learned.corpus.relations import GoldRelation, Side, actor_sides
from marsad.learned.linear import Head, SparseLinearModel
from marsad.learned.relation_model import (
    LABELS,
    LearnedRelationExtractor,
    RelationModel,
    pair_features,
    relation_of,
    rule_types,
    sentence_pairs,
)
from marsad.learned.train_relations import label_of

TEXT = "Taliban spokesman Ehsanullah Ehsan said the group attacked the Pakistan Army in Swat."


@pytest.fixture(scope="module")
def doc(pipeline):
    return pipeline.process(TEXT, date="2016-03-01")


def _pair(doc, a_text, b_text):
    return next(p for p in sentence_pairs(doc) if a_text in p.a.text and b_text in p.b.text)


def test_pairs_are_distinct_actors_of_one_sentence_in_order(doc):
    pairs = sentence_pairs(doc)
    assert pairs and all(p.a.actor_id != p.b.actor_id and p.a.start <= p.b.start for p in pairs)
    # a mention that starts where another does and runs on is the earlier one
    assert any(p.a.text.endswith("Ehsanullah Ehsan") and p.b.text == "Taliban" for p in pairs)


def test_features_read_kinds_words_between_and_the_rules(doc):
    pair = _pair(doc, "Ehsan", "Taliban")
    feats = pair_features(doc, pair, rule_types(doc.relations))
    assert "kab=person|organization" in feats and "nested" in feats
    assert any(f.startswith("rule=member_of") for f in feats)  # the rules' own reading is a feature
    far = _pair(doc, "Taliban", "Army")
    assert any(f.startswith("btw=attack") for f in pair_features(doc, far, {}))


def test_a_label_names_its_direction(doc):
    pair = _pair(doc, "Ehsan", "Taliban")
    assert pair.a.kind == "person"  # the person is the member, whichever is named first
    assert relation_of(pair, "member_of") == (pair.a.actor_id, pair.b.actor_id, "member_of")
    swapped = type(pair)(pair.b, pair.a, pair.sent)
    assert relation_of(swapped, "leads") == (pair.a.actor_id, pair.b.actor_id, "leads")
    assert relation_of(swapped, "hostile") == (pair.b.actor_id, pair.a.actor_id, "hostile")
    assert relation_of(pair, "hostile") == (pair.a.actor_id, pair.b.actor_id, "hostile")


def test_training_labels_come_from_the_evidence_sentence_only(doc):
    sides = actor_sides(doc)
    pair = _pair(doc, "Ehsan", "Taliban")
    s = pair.sent
    member = GoldRelation(
        "member_of",
        "asserted",
        Side(18, 34, "Ehsanullah Ehsan"),
        Side(0, 7, "Taliban"),
        (s.start_char, s.end_char),
    )
    assert label_of(pair, [member], sides) == "member_of"
    elsewhere = GoldRelation("member_of", "asserted", member.source, member.target, (500, 600))
    assert label_of(pair, [elsewhere], sides) is None  # told in another sentence: left out
    assert label_of(pair, [], sides) == "none"


def _model_saying(label: str, tmp_path) -> RelationModel:
    vocab = {"kab=person|organization": 0}
    weights = np.zeros((1, len(LABELS)), dtype=np.float32)
    weights[0, LABELS.index(label)] = 12.0
    head = Head("label", list(LABELS), weights, np.zeros(len(LABELS), dtype=np.float32))
    SparseLinearModel(vocab, {"label": head}, {"version": "test", "threshold": 0.5}).save(tmp_path)
    return RelationModel(tmp_path)


def test_the_component_adds_the_model_relations_with_a_reason(pipeline, tmp_path):
    model = _model_saying("leads", tmp_path)
    doc = pipeline.process(TEXT, date="2016-03-01")
    doc = LearnedRelationExtractor(model=model)(doc)
    leads = [r for r in doc.relations if r.type == "leads"]
    assert leads and all("marsad.relation_model@test" in r.reason and "P(leads)" in r.reason for r in leads)
    assert any(
        r.type == "member_of" and r.component.startswith("marsad.relation_extractor") for r in doc.relations
    )


def test_without_a_trained_model_the_component_says_how_to_make_one(monkeypatch):
    import marsad.learned.relation_model as rm

    monkeypatch.setattr(rm, "default_relation_model", lambda: None)
    with pytest.raises(FileNotFoundError, match="train_relations"):
        LearnedRelationExtractor()
