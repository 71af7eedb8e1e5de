"""The registered component: its services by name, zones, a missing spaCy doc, empty text."""

from __future__ import annotations

from marsad import registry
from marsad.model import Document, Zone


def _component(geo_nlp, gazetteer):
    import marsad.places.geoparser  # noqa: F401  (registers the component)

    reg = registry.get("places", "marsad.geoparser")
    assert reg.ref == "marsad.geoparser@1.7"
    return reg.factory(gazetteer=gazetteer, nlp=geo_nlp)


def test_parses_when_the_nlp_stage_did_not_run_and_keeps_to_coded_zones(geo_nlp, gazetteer):
    text = "Shelling hit Homs on Monday.\nRead more about Damascus here."
    cut = text.index("\n") + 1
    doc = Document(
        id="z", text=text, zones=[Zone("body", 0, cut), Zone("boilerplate", cut, len(text), coded=False)]
    )
    _component(geo_nlp, gazetteer)(doc)
    assert [p.text for p in doc.places] == ["Homs"]
    assert doc.places[0].country_code == "SY" and doc.text[doc.places[0].start : doc.places[0].end] == "Homs"


def test_empty_text_gives_no_places(geo_nlp, gazetteer):
    doc = Document(id="e", text="")
    _component(geo_nlp, gazetteer)(doc)
    assert doc.places == []


def test_unresolved_places_say_why(geo_nlp, gazetteer):
    doc = Document(id="u", text="Rebels held the Zarqoumish Mountains after the battle.")
    _component(geo_nlp, gazetteer)(doc)
    unresolved = [p for p in doc.places if p.geonameid is None]
    assert [p.text for p in unresolved] == ["Zarqoumish Mountains"]
    assert "no gazetteer entry" in unresolved[0].reason and unresolved[0].precision is None
    assert unresolved[0].lat is None
