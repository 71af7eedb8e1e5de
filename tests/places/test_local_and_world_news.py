"""Held-out-style news: US local stories (LGL-like) and world news (GeoWebNews-like)."""

from __future__ import annotations


def _by_text(places):
    out = {}
    for p in places:
        out.setdefault(p.text, []).append(p)
    return out


# ------------------------------------------------------------------ US local news


def test_county_sheriff_in_a_story_datelined_in_a_state(parse):
    text = (
        "OLATHE, Kan. (AP) — The Johnson County sheriff said deputies arrested a man in Gardner on "
        "Tuesday. The suspect was taken to the county jail in Olathe."
    )
    got = _by_text(parse(text))
    assert got["Johnson County"][0].feature_code == "ADM2" and got["Johnson County"][0].admin1 == "Kansas"
    assert got["Gardner"][0].admin1 == "Kansas"
    assert {p.admin1 for p in got["OLATHE"] + got["Olathe"]} == {"Kansas"}


def test_towns_and_counties_of_a_dateline_state(parse):
    text = "DES MOINES, Iowa (AP) — A man from Ames was charged in Polk County after a crash near Ankeny."
    got = _by_text(parse(text))
    for name in ("Ames", "Polk County", "Ankeny"):
        assert got[name][0].admin1 == "Iowa", (name, got[name][0].name, got[name][0].admin1)


def test_paris_texas_is_not_paris_france(parse):
    got = _by_text(parse("His children, Sidney and Tonya, all live in Paris, Texas."))
    assert got["Paris"][0].country_code == "US" and got["Paris"][0].admin1 == "Texas"


def test_springfield_takes_its_dateline_sense(parse):
    text = "SPRINGFIELD, Ill. — Lawmakers met in Springfield on Monday. The governor later flew to Chicago."
    got = _by_text(parse(text))
    assert {p.admin1 for p in got["SPRINGFIELD"] + got["Springfield"]} == {"Illinois"}


def test_county_in_a_state_phrase(parse):
    got = _by_text(parse("They picked a spot in Monroe County in northeast Missouri."))
    assert got["Monroe County"][0].admin1 == "Missouri"


def test_exact_short_name_is_not_hidden_by_a_loose_longer_chain(parse):
    got = _by_text(
        parse(
            "The Lincoln County sheriff said the crash happened near Brookhaven on Highway 84 in Mississippi."
        )
    )
    assert got["Brookhaven"][0].admin1 == "Mississippi"
    assert got["Lincoln County"][0].admin1 == "Mississippi"


def test_addresses_and_schools_keep_the_place_they_are_in(parse):
    got = _by_text(parse("A shooting on Dean Woods Road in Adair County, Kentucky left one man hurt."))
    assert got["Adair County"][0].admin1 == "Kentucky"
    got = _by_text(parse("Parents met at Franklin Elementary in Santa Ana, California."))
    assert "Franklin" not in got and got["Santa Ana"][0].admin1 == "California"


# ------------------------------------------------------------------ false positives


def test_given_names_glued_to_surnames_are_not_places(parse):
    texts = [
        "West Virginia State Police Lt. Michael Baylous said the driver fled.",
        "The church spokesman, Rev. Paul Halim, said the blast killed 25.",
    ]
    for text in texts:
        names = {p.text for p in parse(text)}
        assert not names & {"Michael", "Paul", "Baylous", "Halim"}, names


def test_parts_of_longer_names_are_not_places(parse):
    places = parse(
        "Youth crime rose in Far North Queensland. U.S. District Court, Southern District of Ohio, "
        "ruled. The Calgary-North West MLA spoke. Real Madrid beat Barcelona."
    )
    texts = {p.text for p in places if p.role == "literal"}
    assert "Queensland" in texts and "Ohio" in texts
    assert not texts & {"Far North", "Southern District", "North West", "Madrid"}, texts
    # a place name inside a club's name is kept only as an embedded name, never literal
    assert {p.role for p in places if p.text == "Madrid"} <= {"embedded"}
    assert not {p.text for p in places} & {"Far North", "Southern District", "North West"}


def test_diseases_named_after_places_are_not_places(parse):
    texts = {p.text for p in parse("Cases of West Nile virus and Rift Valley fever rose in Kenya.")}
    assert "Kenya" in texts and not texts & {"West Nile", "Nile", "Rift Valley"}


def test_headline_function_words_are_not_part_of_the_place(parse):
    places = parse("Is US system a 'disaster for democracy'?")
    assert [(p.text, p.country_code) for p in places] == [("US", "US")]


# ------------------------------------------------------------------ world news


def test_physical_features_are_kept_whole(parse):
    places = parse("Ships in the Black Sea and the Mediterranean; pollution in Lake Erie.")
    got = _by_text(places)
    assert got["Black Sea"][0].feature_code == "SEA"
    assert got["Mediterranean"][0].feature_code == "SEA"
    assert "Erie" not in got  # not Erie County: "Lake Erie" stays whole (not in the gazetteer)
    assert got["Lake Erie"][0].geonameid is None


def test_macro_regions_and_continents(parse):
    got = _by_text(parse("Measles spread in the Americas, West Africa and Europe."))
    assert got["Americas"][0].feature_code == "RGN"
    assert got["West Africa"][0].feature_code == "RGN"
    assert got["Europe"][0].feature_code == "CONT"


def test_list_items_need_a_strict_majority(parse):
    got = _by_text(parse("Officials investigated cases in Washington, Pennsylvania and California."))
    assert got["California"][0].feature_code == "ADM1"
    assert got["Pennsylvania"][0].feature_code == "ADM1"


def test_a_list_of_states_is_not_a_chain_of_containers(parse):
    got = _by_text(parse("Cases were reported in Alabama, Arizona, Arkansas, Colorado and Idaho."))
    for name in ("Alabama", "Arizona", "Arkansas", "Colorado", "Idaho"):
        assert got[name][0].name == name and got[name][0].feature_code == "ADM1"


def test_a_small_namesake_abroad_is_left_unresolved(parse):
    text = (
        "BA cabin crew based at Heathrow will strike, the union said in London. "
        "Britain's airports in Manchester and Birmingham were also hit."
    )
    got = _by_text(parse(text))
    heathrow = got["Heathrow"][0]
    assert heathrow.geonameid is None and "small namesake" in heathrow.reason
    assert got["Manchester"][0].country_code == "GB"


def test_a_town_located_elsewhere_in_the_text_is_not_a_stray_namesake(parse):
    text = (
        "Lucy Lau was born in Churchill, Man. Her father is a Churchill doctor. Doctors at the "
        "hospital in Churchill helped, said officials in London, England and in Britain."
    )
    churchill = [p for p in parse(text) if p.text == "Churchill"]
    assert churchill and all(p.country_code == "CA" for p in churchill)


def test_province_of_selects_the_admin1_region_over_a_county(parse):
    text = (
        "Patients will be diverted to other facilities in the province of Ontario or to Buffalo, "
        "New York, officials in the United States said."
    )
    got = _by_text(parse(text))
    assert got["Ontario"][0].feature_code == "ADM1" and got["Ontario"][0].country_code == "CA"


def test_name_prefixes_are_not_cut_off(parse):
    got = _by_text(parse("Looting was reported in St. Marc and Port-au-Prince, Haiti."))
    assert got["Port-au-Prince"][0].country_code == "HT"
    assert got["St. Marc"][0].geonameid is None  # not "Marc" (Saint Lucia): not in the gazetteer


def test_short_country_forms_used_as_adjectives_are_not_places(parse):
    text = "The Houthis hit a Saudi tanker. The Saudi-led coalition struck Sanaa. The US military said he flew to Saudi on Monday."
    got = _by_text(parse(text))
    assert len(got.get("Saudi", [])) == 1  # only "flew to Saudi"
    assert got["US"][0].country_code == "US" and got["Sanaa"][0].country_code == "YE"


def test_a_name_the_recogniser_cut_short_is_read_whole(parse):
    places = parse("Gang members attacked a police patrol in San Pedro Sula on Monday.")
    assert [(p.text, p.country_code) for p in places] == [("San Pedro Sula", "HN")]
