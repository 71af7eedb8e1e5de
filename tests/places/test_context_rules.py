"""Resolution rules of round 2: admin1 abbreviations and datelines, containers, kind words
after a name, lists, country support, namesake regions, possessive owners."""

from __future__ import annotations


def _by_text(places):
    out = {}
    for p in places:
        out.setdefault(p.text, []).append(p)
    return out


def test_dateline_with_state_abbreviation_sets_the_town_for_the_whole_story(parse):
    text = (
        "COLUMBIA, Ky. (WBKO) - A Metcalfe County man is arrested after a shooting.\n"
        "Police say James Suver, 25, of Columbia, had a single gunshot wound."
    )
    got = _by_text(parse(text))
    assert got["Ky."][0].feature_code == "ADM1" and got["Ky."][0].admin1 == "Kentucky"
    columbia = got["COLUMBIA"] + got["Columbia"]
    assert len(columbia) == 2
    assert all(p.country_code == "US" and p.admin1 == "Kentucky" for p in columbia)


def test_town_then_province_abbreviation(parse):
    got = _by_text(parse("She was born in Churchill, Man. and moved to the city later."))
    assert got["Churchill"][0].country_code == "CA" and got["Churchill"][0].admin1 == "Manitoba"


def test_container_reading_that_holds_the_town(parse):
    got = _by_text(parse("The flight from Atlanta, Georgia landed late."))
    assert got["Georgia"][0].country_code == "US" and got["Georgia"][0].feature_code == "ADM1"
    assert got["Atlanta"][0].admin1 == "Georgia"


def test_words_after_a_name_that_make_it_a_state(parse):
    got = _by_text(
        parse("Former New York Gov. Mario Cuomo spoke. A cow from a Washington state farm fell ill.")
    )
    assert got["New York"][0].feature_code == "ADM1"
    assert got["Washington"][0].feature_code == "ADM1" and got["Washington"][0].country_code == "US"


def test_region_city_of_town(parse):
    got = _by_text(parse("In the Hunan city of Yueyang, 47 reservoirs overflowed."))
    assert got["Hunan"][0].feature_code == "ADM1" and got["Hunan"][0].country_code == "CN"


def test_items_of_a_list_are_alike(parse):
    got = _by_text(
        parse("Cases were reported in Arizona, California, Colorado, Georgia, Illinois and Missouri.")
    )
    assert got["Georgia"][0].country_code == "US" and got["Georgia"][0].feature_code == "ADM1"


def test_a_name_in_a_country_the_story_is_not_about_loses_to_a_namesake(parse):
    text = (
        "Organizers of a London rally said Canada must do more. Wael Haddara, a London doctor, "
        "said the London event was designed to show solidarity with Canada's refugees in Toronto."
    )
    got = _by_text(parse(text))
    assert {p.country_code for p in got["London"]} == {"CA"}


def test_a_famous_namesake_still_wins_when_its_country_is_named(parse):
    text = (
        "The minister flew from Ottawa to London, where British officials met him. Canada and the UK agreed."
    )
    got = _by_text(parse(text))
    assert got["London"][0].country_code == "GB"


def test_bare_province_name_is_the_province_not_its_capital(parse):
    text = "Turning right on red lights became legal in Quebec in 2003, Montreal police said."
    got = _by_text(parse(text))
    assert got["Quebec"][0].feature_code == "ADM1"


def test_bare_new_york_is_the_city(parse):
    got = _by_text(parse("Rex Tillerson, who met with Trump in New York on Saturday, is a favourite."))
    assert got["New York"][0].name == "New York City"


def test_possessive_owner_is_linked(gazetteer, geo_nlp):
    from marsad.places.recognize import Recognizer

    mentions = Recognizer(gazetteer)(geo_nlp("The blast hit Cairo's Abbasiya neighbourhood."))
    texts = [m.text for m in mentions]
    assert texts[:2] == ["Cairo", "Abbasiya"]
    assert mentions[1].owner == 0
