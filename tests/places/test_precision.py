"""ACLED geo_precision of places as the events stage reads them: 1 the town itself, 2 near
the town or part of a region, 3 only the region — with the fields events need."""

from __future__ import annotations

import pytest

from marsad.places.lexicon import place_words


def _first(places, text):
    hits = [p for p in places if p.text == text]
    assert hits, (text, [p.text for p in places])
    return hits[0]


@pytest.mark.parametrize(
    ("text", "toponym", "precision"),
    [
        ("Rebels shelled the town of Tal Afar on Monday.", "Tal Afar", 1),
        ("Clashes erupted on the outskirts of Aleppo.", "Aleppo", 2),
        ("A car bomb exploded near Mosul.", "Mosul", 2),
        ("Troops advanced 20 km north of Tikrit.", "Tikrit", 2),
        ("Airstrikes hit villages outside Kirkuk.", "Kirkuk", 2),
        ("Shelling continued in Aleppo's eastern suburbs.", "Aleppo", 2),
        ("Government forces retook towns in the Hama countryside.", "Hama countryside", 2),
        ("Jets struck rural Idlib overnight.", "Idlib", 2),
        ("Fighting continued in the countryside of Homs.", "Homs", 2),
        ("Fighting continued in Idlib's southern countryside.", "Idlib", 2),
        ("Militants attacked a checkpoint in Sinjar district.", "Sinjar district", 2),
        ("Protests spread across Anbar province.", "Anbar province", 3),
        ("Protests spread across Diyala governorate.", "Diyala governorate", 3),
        ("Fighting flared near Syria's border.", "Syria", 3),
    ],
)
def test_precision_of_location_phrases(parse, text, toponym, precision):
    p = _first(parse(text), toponym)
    assert p.geonameid is not None
    assert p.precision == precision, (p.name, p.feature_code, p.reason)


def test_near_is_explained_and_the_place_stays_the_town(parse):
    p = _first(parse("A car bomb exploded near Mosul."), "Mosul")
    assert p.geonameid == 99072 and p.feature_code.startswith("PPL")
    assert "near" in p.reason


def test_the_longest_near_phrase_explains(parse):
    # "just outside", not "outside": the phrases were once tried in the hash order of a set
    phrases = place_words()["near_before"]
    assert phrases.index("just outside") < phrases.index("outside")
    p = _first(parse("The bomb exploded just outside Mosul on Monday."), "Mosul")
    assert "'just outside'" in p.reason and p.precision == 2


def test_countryside_phrases_select_the_governorate(parse):
    for text, name in [
        ("Jets struck rural Idlib overnight.", "Idlib"),
        ("Fighting continued in the countryside of Homs.", "Homs"),
    ]:
        p = _first(parse(text), name)
        assert p.feature_code == "ADM1" and p.country_code == "SY"


def test_places_expose_what_the_events_stage_reads(parse):
    for p in parse("Clashes erupted on the outskirts of Aleppo and in Anbar province, Iraq."):
        assert p.geonameid is not None
        assert p.feature_code and p.precision in (1, 2, 3)
        assert 0.0 < p.score <= 1.0
        assert p.lat is not None and p.lon is not None and p.country_code
        assert isinstance(p.reason, str)


def test_unknown_place_located_by_its_container(parse):
    # "Abu Shok" is not in the packaged gazetteer: it is placed at the town that holds it
    p = _first(parse("Relief work restarted in the Abu Shok refugee camp in Al-Fashir, Darfur."), "Abu Shok")
    assert p.name == "El Fasher" and p.precision == 2 and "located by" in p.reason
    p = _first(parse("Militants shelled Kfraya in Idlib province on Sunday."), "Kfraya")
    assert p.country_code == "SY" and p.feature_code == "ADM1" and p.precision == 3


def test_possessive_owner_places_an_unknown_district(parse):
    p = _first(parse("A bomb killed six police officers in Giza's Haram district."), "Haram district")
    assert p.country_code == "EG" and p.precision == 2
