"""Local news ("Town, ST", the article's own state) and names the gazetteer lacks."""

from __future__ import annotations

import pytest

from marsad.model import Document, Place, places_not_found
from marsad.places.local import postal_state_after


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("near Hopkinsville, KY, on Sunday", "KY"),
        ("Greenville, SC police said", "SC"),
        ("moved to Portland, OR.", "OR"),
        ("Bend, OR\nThe", "OR"),
    ],
)
def test_postal_state_code_after_a_town(text, code):
    end = text.index(",")
    hit = postal_state_after(text, end)
    assert hit is not None and hit[2] == code and text[hit[0] : hit[1]] == code


@pytest.mark.parametrize(
    "text",
    [
        "Smith, UK officials",
        "Paris, FRANCE",
        "Washington, D.C.",
        "Mosul, Iraq",
        "Moscow, OK's",
        "Lyon, XX said",
    ],
)
def test_no_postal_code(text):
    assert postal_state_after(text, text.index(",")) is None


def test_places_not_found_lists_anchored_and_unresolved_names():
    places = [
        Place("Idlib", 0, 5, geonameid=169387, lat=35.8, lon=36.6, method="ner+exact"),
        Place("Qaryat", 6, 12, geonameid=169387, lat=35.8, lon=36.6, method="context+anchor"),
        Place("Baghdis", 13, 20, reason="no gazetteer entry matches 'Baghdis'", method="ner"),
        Place("Heathrow", 21, 29, reason="only a small namesake (Heathrow, US, population 5)", method="ner"),
        Place("Qaryat", 30, 36, geonameid=169387, lat=35.8, lon=36.6, method="context+anchor"),
    ]
    assert places_not_found(places) == ["Qaryat", "Baghdis"]
    doc = Document(id="d1", text="x" * 40)
    doc.places = places
    assert doc.to_dict()["places_not_found"] == ["Qaryat", "Baghdis"]


# ------------------------------------------------------------------ with the gazetteer


def _by_text(places):
    out = {}
    for p in places:
        out.setdefault(p.text, []).append(p)
    return out


def test_town_st_dateline_takes_the_state(parse):
    got = _by_text(parse("Greenville, SC police said the suspect was arrested on Monday."))
    assert got["Greenville"][0].country_code == "US" and got["Greenville"][0].admin1 == "South Carolina"
    assert got["SC"][0].feature_code == "ADM1" and got["SC"][0].name == "South Carolina"


def test_bare_code_without_a_town_of_that_state_is_no_place(parse):
    got = _by_text(parse("Officials in Mosul, IN a statement on Monday, denied it."))
    assert "IN" not in got


def test_unknown_village_is_placed_at_its_province_and_said(parse):
    got = _by_text(parse("Clashes erupted in Qaryat Almaqtoul, Idlib province, on Friday."))
    village = got["Qaryat Almaqtoul"][0]
    assert village.not_found and village.method.endswith("+anchor")
    assert village.admin1_code == got["Idlib province"][0].admin1_code and village.country_code == "SY"
    assert village.precision == 3 and "not in the gazetteer" in village.reason


def test_the_village_of_an_unknown_name_is_reported(parse):
    got = _by_text(
        parse(
            "Gunmen attacked the village of Kafr Zaytoun Almaqtoul in Maarat al-Numan district on Tuesday, killing four."
        )
    )
    village = got["Kafr Zaytoun Almaqtoul"][0]
    assert village.not_found and village.lat is None and village.reason


def test_a_person_before_an_admin_unit_is_not_a_village(parse):
    got = _by_text(parse("Police in Idlib province said on Friday that the road was closed."))
    assert set(got) == {"Idlib province"}
