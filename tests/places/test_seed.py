"""The seed article's places (tests/fixtures/seed_gold.json) through the component."""

from __future__ import annotations

import pytest

from marsad.events.location import usable_places


@pytest.fixture(scope="module")
def seed_places(seed_text, geo_nlp, gazetteer):
    from marsad.model import Document
    from marsad.places.geoparser import Geoparser

    doc = Document(id="seed", text=seed_text)
    doc.spacy_doc = geo_nlp(seed_text)
    Geoparser(gazetteer=gazetteer, nlp=geo_nlp)(doc)
    return doc


def test_every_gold_place_resolves(seed_places, seed_gold):
    places = seed_places.places
    for gold in seed_gold["places"]:
        hits = [p for p in places if p.text == gold["text"]]
        assert hits, f"{gold['text']} not found"
        assert any(p.geonameid in gold["geonameid"] for p in hits), (
            gold["text"],
            [(p.geonameid, p.name) for p in hits],
        )


def test_places_are_ordered_with_true_offsets(seed_places):
    doc = seed_places
    starts = [p.start for p in doc.places]
    assert starts == sorted(starts)
    for p in doc.places:
        assert doc.text[p.start : p.end] == p.text


def test_no_place_inside_actor_names(seed_places):
    text = seed_places.text
    for name in ("Islamic State of Iraq", "Islamic State in Iraq", "al-Sham"):
        pos = text.find(name)
        while pos != -1:
            end = pos + len(name)
            inside = [p for p in seed_places.places if p.start < end and pos < p.end]
            # only as a name embedded in the organisation's name, never where events happen
            assert all(p.role == "embedded" for p in inside), (name, inside)
            assert not [p for p in usable_places(seed_places) if p in inside], name
            pos = text.find(name, pos + 1)
    assert not [p for p in seed_places.places if p.text in ("Door", "Alliance")]
    assert all(p.role == "demonym" for p in seed_places.places if p.text in ("Iraqi", "Syrian"))
