"""Issue 13, round 5 (``marsad.geoparser@1.3``): states addressed as objects or agentive
subjects of "be", lists joined by "&", world regions, admin-region points."""

from __future__ import annotations

import pytest

from marsad.places.resolve import haversine_km


def _by_text(places):
    return {p.text: p for p in places}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Foreign Office asked Moscow for a response to the accusation.", "Moscow"),
        ("Britain urged Iran to release the sailors at once.", "Iran"),
        ("The court found that Macedonia had been responsible for his torture.", "Macedonia"),
    ],
)
def test_a_state_addressed_or_judged_is_metonymic(parse, text, name):
    assert _by_text(parse(text))[name].role == "metonymic"


def test_a_visited_or_shelled_place_stays_literal(parse):
    places = _by_text(parse("The minister visited Moscow and troops shelled Aleppo."))
    assert places["Moscow"].role == "literal" and places["Aleppo"].role == "literal"


def test_a_list_of_cities_joined_by_an_ampersand_is_no_container(parse):
    places = _by_text(parse("Consulates: Dallas, Houston, Los Angeles, Miami, New York & San Francisco."))
    miami = places["Miami"]
    assert miami.country_code == "US" and miami.admin1_code == "FL" and miami.feature_code != "ADM1"


def test_a_town_of_a_state_is_still_located_by_it(parse):
    places = _by_text(parse("The cat was found in Wainwright, Alta., by a train conductor."))
    assert places["Wainwright"].admin1_code == "01"


@pytest.mark.parametrize("name", ["Scandinavia", "Southeast Asia", "Eastern Europe", "the Arctic"])
def test_world_regions_are_regions(parse, name):
    text = f"Prices rose across {name} last year."
    place = next(p for p in parse(text) if p.text in name)
    assert place.feature_code in ("RGN", "OCN") and place.lat is not None


def test_a_large_admin1_region_is_not_drawn_to_its_settled_south(gazetteer):
    # the towns of British Columbia crowd its south; its GeoNames point is 54.0, -125.0
    bc = next(c for c in gazetteer.lookup("British Columbia") if c.feature_code == "ADM1")
    assert haversine_km(bc.lat, bc.lon, 54.0, -125.0) < 161


@pytest.mark.parametrize(
    ("text", "name", "cc"),
    [
        ("The Ministry of Health of the People's Republic of China reported the outbreak.", "People's", "CN"),
        (
            "The Foreign Ministry of the Democratic People's Republic of Korea issued a statement.",
            "Democratic",
            "KP",
        ),
    ],
)
def test_a_state_name_inside_an_organisation_is_read_whole(parse, text, name, cc):
    # not its tail "Republic of China" (Taiwan) or "Republic of Korea" (South Korea)
    place = next(p for p in parse(text) if "Republic" in p.text)
    assert place.text.startswith(name) and place.country_code == cc and place.role == "embedded"
