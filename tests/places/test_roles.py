"""Toponym roles and the candidate recogniser (issue 13, items 1–2)."""

from __future__ import annotations

import json
import math

import pytest

from marsad.events.location import usable_places
from marsad.model import NON_EVENT_ROLES, Document, Place
from marsad.places.candidates import load_model, score, with_role


@pytest.fixture(scope="module")
def parse_with(geo_nlp, gazetteer):
    from marsad.places import geoparse_text

    def run(text: str, candidates: bool):
        return geoparse_text(text, nlp=geo_nlp, gazetteer=gazetteer, candidates=candidates)

    return run


def _by_text(places):
    return {p.text: p for p in places}


def test_every_place_has_a_role_and_confidence(parse_with):
    places = parse_with("Fighting broke out in Aleppo on Monday.", False)
    aleppo = _by_text(places)["Aleppo"]
    assert aleppo.role == "literal"
    assert 0.0 < aleppo.confidence <= 1.0
    d = aleppo.to_dict()
    assert d["role"] == "literal" and "confidence" in d and "role_reason" in d


def test_metonymic_subject_of_a_speech_verb(parse_with):
    places = _by_text(parse_with("Moscow said on Monday that the talks had failed.", False))
    assert places["Moscow"].role == "metonymic"
    assert "said" in places["Moscow"].role_reason
    # the same name where something happens stays literal
    literal = _by_text(parse_with("Protesters gathered in Moscow on Monday.", False))
    assert literal["Moscow"].role == "literal"


def test_demonym_found_only_by_the_candidate_recogniser(parse_with):
    text = "Syrian forces shelled the town of Mayadin on Tuesday."
    off = _by_text(parse_with(text, False))
    assert "Syrian" not in off
    on = _by_text(parse_with(text, True))
    syrian = on["Syrian"]
    assert syrian.role == "demonym"
    assert syrian.country_code == "SY"
    assert syrian.geonameid is not None


def test_embedded_country_in_an_organisation_name(parse_with):
    text = "Soldiers of the Kenya Defence Forces patrolled near Garissa."
    on = _by_text(parse_with(text, True))
    assert on["Kenya"].role == "embedded"
    assert on["Kenya"].country_code == "KE"
    assert "Kenya" not in _by_text(parse_with(text, False))


def _placed(text: str, start: int, role: str) -> Place:
    base = Place(text, start, start + len(text), geonameid=1, name=text, lat=1.0, lon=2.0)
    return with_role(base, role, 0.9, "")


def test_event_locations_skip_non_literal_roles():
    doc = Document("d", "x" * 200)
    doc.places = [
        _placed(f"P{i}", 10 * i, role) for i, role in enumerate(["literal", *sorted(NON_EVENT_ROLES)])
    ]
    doc.places.append(Place("Plain", 100, 105, geonameid=2, lat=1.0, lon=2.0))  # no role: literal
    kept = usable_places(doc)
    assert [p.text for p in kept] == ["P0", "Plain"]


def test_shipped_weights_are_consistent():
    model = load_model()
    assert model is not None
    assert len(model["features"]) == len(model["coef"])
    assert model["config"]["seed"] == 13
    assert 0.0 < model["threshold"] <= 1.0
    z = {name: 1.0 for name in model["features"]}
    p = score(z, model)
    expected = 1 / (1 + math.exp(-(model["intercept"] + sum(model["coef"]))))
    assert p == pytest.approx(expected)
    json.dumps(model)  # plain JSON, no pickled objects
