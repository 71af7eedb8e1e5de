"""Issue 13, end-to-end accuracy: toponyms the rules missed (datelines, a town before a
civic word, "X, State" after an organisation, wire datelines, two-word demonyms and region
adjectives) and resolution by the article's evidence (a capital of a country the story
names, the focus region itself)."""

from __future__ import annotations

import pytest

from marsad.places.candidates import civic_modifier, dateline


def _by_text(places):
    return {p.text: p for p in places}


def test_all_caps_dateline_before_a_dash_is_the_town(parse):
    places = _by_text(parse("OTTAWA – The chair of the House of Commons trade committee said on Tuesday."))
    assert places["OTTAWA"].name == "Ottawa" and places["OTTAWA"].country_code == "CA"
    assert places["OTTAWA"].role == "literal"


def test_all_caps_word_inside_a_sentence_is_not_a_dateline(geo_nlp, gazetteer):
    doc = geo_nlp("The chair said that OTTAWA – not Toronto – would host it.")
    i = next(t.i for t in doc if t.text == "OTTAWA")
    assert not dateline(doc, i, i + 1, gazetteer.lookup("Ottawa", fuzzy=False))


def test_town_before_a_civic_word_is_a_literal_modifier(parse):
    places = _by_text(parse("Gomez, a native of Mexico, was arrested by Danbury police on Monday night."))
    assert places["Danbury"].country_code == "US"
    assert places["Danbury"].role == "literal_modifier"


def test_person_name_before_police_is_not_a_place(geo_nlp, gazetteer):
    doc = geo_nlp("The Brown police chief resigned.")
    i = next(t.i for t in doc if t.text == "Brown")
    assert not civic_modifier(doc, i, i + 1, gazetteer.lookup("Brown", fuzzy=False), {"Brown"})


def test_town_after_an_organisation_is_a_place_when_its_state_follows(parse):
    places = _by_text(parse("He was Superintendent of Carbon School District in Price, Utah, for ten years."))
    assert "Price" in places and places["Price"].admin1 == "Utah"
    assert places["Price"].role == "literal"  # "X, State": not part of the district's name


@pytest.mark.parametrize(
    "text",
    [
        "The fighters of al-Qaeda in Iraq attacked a checkpoint.",
        "The fighters of al-Qaeda in Iraq, Syria and Lebanon pledged allegiance.",  # a list, not a container
    ],
)
def test_org_chain_without_a_container_still_hides_the_name(parse, text):
    places = _by_text(parse(text))
    assert "Iraq" not in places or places["Iraq"].role == "embedded"


def test_wire_dateline_postal_code_before_two_dashes(parse):
    places = _by_text(
        parse("LOUISVILLE, KY--(Marketwire - December 23, 2010) - NTS Realty said on Thursday.")
    )
    assert places["KY"].name == "Kentucky"
    assert places["LOUISVILLE"].admin1 == "Kentucky"


@pytest.mark.parametrize(
    "text,span,name",
    [
        ("The South African grapefruit season is about to start.", "South African", "South Africa"),
        ("U.S. and European officials met in Brussels.", "European", "Europe"),
    ],
)
def test_two_word_demonyms_and_region_adjectives(parse, text, span, name):
    places = _by_text(parse(text))
    assert places[span].name == name
    assert places[span].role == "demonym"


def test_capital_of_a_country_the_story_names(parse):
    text = (
        "WASHINGTON Christopher Steele is a former officer in Britain's Secret Intelligence Service. "
        "British officials said Steele worked in London and visited England often. "
        "He gave the U.S. government information, and the U.S. embassy in Washington read it."
    )
    places = parse(text)
    washingtons = [p for p in places if p.text.lower() == "washington"]
    assert washingtons and all(p.country_code == "US" and p.feature_code == "PPLC" for p in washingtons)


def test_a_country_name_is_not_its_capital(parse):
    places = _by_text(parse("Mexico reported 25,000 cases of the flu, the health ministry of Mexico said."))
    assert places["Mexico"].feature_code.startswith("PCL")


def test_focus_region_itself_keeps_the_province(parse):
    text = (
        "Montreal Mayor Denis Coderre spoke. Beaconsfield Mayor Georges Bourelle and Mount Royal Mayor "
        "Philippe Roy agreed. Montreal East and Laval will follow. Quebec is the only province where "
        "a right turn on red is prohibited in Montreal."
    )
    quebec = [p for p in parse(text) if p.text == "Quebec"]
    assert quebec and quebec[0].feature_code == "ADM1"
