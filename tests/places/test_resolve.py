"""Resolution with document context, precision and reasons."""

from __future__ import annotations


def _by_text(places):
    return {p.text: p for p in places}


def test_countryside_and_province_select_the_admin1(parse):
    places = _by_text(
        parse("Rebels hold the Aleppo countryside. Aleppo itself is quiet. Clashes in Salahuddin province.")
    )
    assert places["Aleppo countryside"].geonameid == 170062 and places["Aleppo countryside"].precision == 2
    assert places["Aleppo"].geonameid == 170063 and places["Aleppo"].precision == 1
    assert places["Salahuddin province"].geonameid == 91695 and places["Salahuddin province"].precision == 3


def test_country_adjective_constrains_the_town(parse):
    places = parse("Clashes broke out in the northern Iraqi city Mosul on Tuesday.")
    literal = [(p.text, p.geonameid, p.country_code) for p in places if p.role == "literal"]
    assert literal == [("Mosul", 99072, "IQ")]
    assert {(p.text, p.role) for p in places if p.role != "literal"} <= {("Iraqi", "demonym")}


def test_document_focus_and_containers(parse):
    places = parse(
        "Police in London, Ontario said the suspect was later seen in Toronto and Hamilton, Canada."
    )
    got = _by_text(places)
    assert got["London"].country_code == "CA"
    assert got["Hamilton"].country_code == "CA"
    assert got["Ontario"].feature_code == "ADM1"


def test_one_bad_toponym_leaves_the_others(parse):
    places = parse("Troops moved from Samarra to Qwertzistan-al-Foo and then to Tikrit.")
    got = _by_text(places)
    assert got["Samarra"].geonameid == 91597
    assert got["Tikrit"].country_code == "IQ"
    bad = [p for p in places if p.geonameid is None]
    for p in bad:
        assert p.reason and p.score == 0.0


def test_places_carry_scores_precision_and_methods(parse):
    places = parse("Syria and Iraq share a long border near al-Qaim.")
    assert places, "no place found"
    for p in places:
        assert p.geonameid is not None
        assert 0.0 < p.score <= 1.0
        assert p.precision in (1, 2, 3)
        assert p.method
    assert _by_text(places)["Syria"].precision == 3


def test_a_transliteration_match_needs_the_other_names_support(parse):
    # its own vote does not make the document about its country
    got = _by_text(
        parse(
            "A trooper was injured in Bahraich District near the Nepal border. The team came under "
            "fire near Lambi forest area."
        )
    )
    assert got["Lambi"].geonameid is None
    assert "only a transliteration match" in got["Lambi"].reason
