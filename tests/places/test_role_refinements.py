"""Toponym roles read from the parse: metonyms beyond speech verbs, literal and associative
modifiers, names of offices and facilities; and the role benchmark's scoring (stand-off
labels, Cohen's kappa, the split by document)."""

from __future__ import annotations

import json

import pytest

from marsad.events.location import usable_places
from marsad.model import Document, Place


def _by_text(places):
    return {p.text: p for p in places}


@pytest.mark.parametrize(
    "text,span",
    [
        ("Neighbouring Botswana is banning all sport hunting from 2014.", "Botswana"),
        ("The Foreign Office wants better ties with Turkey after the attack.", "Turkey"),
        ("China, Japan and Britain have warned the WHO to be cautious.", "Japan"),
    ],
)
def test_metonyms_beyond_speech_verbs(parse, text, span):
    assert _by_text(parse(text))[span].role == "metonymic"


@pytest.mark.parametrize(
    "text,span,role",
    [
        ("Thousands filled Moscow streets in protest.", "Moscow", "literal_modifier"),
        ("The refugees in Kenya's overcrowded camps need protection.", "Kenya", "literal_modifier"),
        ("U.S. federal inspectors found salmonella at the plant.", "U.S.", "associative_modifier"),
        ("He ordered Russia's Vladimir Putin to stop.", "Russia", "associative_modifier"),
        ("The president of Bulgaria pardoned them.", "Bulgaria", "associative_modifier"),
        ("The outbreak is in the Cuvette-Ouest region near the border.", "Cuvette-Ouest", "literal"),
        ("Fighting broke out in Aleppo on Monday.", "Aleppo", "literal"),
    ],
)
def test_modifier_roles(parse, text, span, role):
    places = _by_text(parse(text))
    hit = next(p for t, p in places.items() if t.startswith(span))
    assert hit.role == role, (hit.role, hit.role_reason)


@pytest.mark.parametrize(
    "text,span",
    [
        (
            "Crime fell in Brooklyn. On February 23, the Brooklyn District Attorney indicted three others.",
            "Brooklyn",
        ),
        ("Police in Seoul said protesters gathered in front of Seoul City Hall on Sunday.", "Seoul"),
    ],
)
def test_names_of_offices_and_facilities_are_embedded(parse, text, span):
    first = text.index(span)
    second = text.index(span, first + 1)
    places = {p.start: p for p in parse(text)}
    assert places[first].role == "literal"
    assert places[second].role == "embedded", places[second].role_reason


def test_associative_modifiers_are_not_event_locations():
    doc = Document(id="d", text="U.S. officials said. Moscow streets filled.")
    doc.places = [
        Place("U.S.", 0, 4, geonameid=6252001, lat=39.8, lon=-98.5, role="associative_modifier"),
        Place("Moscow", 21, 27, geonameid=524901, lat=55.75, lon=37.6, role="literal_modifier"),
    ]
    assert [p.text for p in usable_places(doc)] == ["Moscow"]


# ------------------------------------------------------------------ the role benchmark


def test_cohen_kappa():
    from benchmarks.toponym_roles import cohen_kappa

    assert cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    assert cohen_kappa(["a", "a", "a", "b"], ["a", "a", "b", "b"]) == pytest.approx(0.5)


def test_split_is_by_document_and_stable():
    from benchmarks.toponym_roles import split_of

    assert split_of("TR-News", "1010005") == split_of("TR-News", "1010005")
    parts = {split_of("GeoVirus", str(i)) for i in range(40)}
    assert parts == {"dev", "heldout"}


def test_score_maps_labels_onto_marsad_roles():
    from benchmarks.toponym_roles import score

    res = score(
        [
            "literal",
            "literal_modifier",
            "associative_modifier",
            "embedded_nonliteral",
            "homonym",
            "metonymic",
        ],
        ["literal", "literal", "associative_modifier", "embedded", None, "literal"],
    )
    assert res["role accuracy (6 roles)"] == pytest.approx(4 / 6)
    assert res["role accuracy (4 roles: modifiers as literal)"] == pytest.approx(5 / 6)
    # usable: literal, literal_modifier labelled usable; marsad calls "literal" usable
    assert res["map-usable accuracy"] == pytest.approx(5 / 6)


def test_join_checks_the_span_text():
    from benchmarks.geoparse import Article
    from benchmarks.toponym_roles import join, sha1

    arts = {"TR-News": {"1": Article("1", "Fighting in Aleppo.", [])}}
    good = {"corpus": "TR-News", "doc": "1", "start": 12, "end": 18, "sha1": sha1("Aleppo")}
    assert join([good], arts)[0][1].id == "1"
    with pytest.raises(ValueError):
        join([dict(good, sha1=sha1("Mosul"))], arts)


def test_stand_off_labels_hold_no_text():
    from benchmarks.toponym_roles import AGREEMENT, LABELS, ROLE_LABELS

    for path in (LABELS, AGREEMENT):
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        assert rows
        for row in rows:
            assert set(row) == {"corpus", "file", "doc", "start", "end", "sha1", "label"}
            assert row["label"] in ROLE_LABELS and len(row["sha1"]) == 40
    first = {
        (r["corpus"], r["doc"], r["start"]) for r in map(json.loads, LABELS.read_text("utf-8").splitlines())
    }
    second = {
        (r["corpus"], r["doc"], r["start"])
        for r in map(json.loads, AGREEMENT.read_text("utf-8").splitlines())
    }
    assert len(first) == 300 and len(second) == 60 and second <= first
