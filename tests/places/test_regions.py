"""Round 3: conflict geography (data/regions.tsv and admin regions under their usual names)."""

from __future__ import annotations

import pytest

from marsad.places.resolve import haversine_km
from marsad.places.sources import region_id, region_info, region_records


def _by_text(places):
    out = {}
    for p in places:
        out.setdefault(p.text, []).append(p)
    return out


def test_regions_file_is_well_formed():
    records = list(region_records())
    info = region_info()
    assert len(records) >= 40
    names = set()
    for rec in records:
        assert -90 <= rec.lat <= 90 and -180 <= rec.lon <= 180
        assert rec.feature_class in ("L", "H", "T") and rec.coord_source == "regions"
        assert info[rec.geonameid].precision in (2, 3)
        assert info[rec.geonameid].note
        # an entry without a known GeoNames id has an internal negative id, never a GeoNames one
        assert (rec.geonameid < 0) == (info[rec.geonameid].geonameid is None)
        for n in rec.names:
            assert n.lower() not in names, f"{n} listed twice"
            names.add(n.lower())
    assert region_id("Darfur") == region_id("Darfur") < 0


@pytest.mark.parametrize(
    ("text", "name", "country", "lat", "lon", "precision"),
    [
        ("Fighting raged in Darfur again.", "Darfur", "SD", 13.5, 24.5, 3),
        ("Israeli jets struck targets in the Golan Heights.", "Golan Heights", "SY", 33.0, 35.75, 2),
        ("Peshmerga forces returned to Iraqi Kurdistan.", "Iraqi Kurdistan", "IQ", 36.4, 44.4, 3),
        ("Separatists shelled towns across the Donbas.", "Donbas", "UA", 48.3, 38.6, 3),
        ("Regime forces besieged Eastern Ghouta for months.", "Eastern Ghouta", "SY", 33.55, 36.42, 2),
        ("Hezbollah fighters moved into Qalamoun.", "Qalamoun", "SY", 33.95, 36.55, 2),
        ("Tankers were seized in the Strait of Hormuz.", "Strait of Hormuz", None, 26.57, 56.25, 2),
        ("Pirates attacked a ship in the Gulf of Aden.", "Gulf of Aden", None, 12.5, 47.5, 3),
        ("Jihadists are spreading across the Sahel.", "Sahel", None, 14.5, 1.0, 3),
        ("Militants crossed the Euphrates on Monday.", "Euphrates", None, 35.9, 39.0, 3),
        ("Clashes in Nagorno-Karabakh killed dozens.", "Nagorno-Karabakh", "AZ", 39.85, 46.75, 3),
    ],
)
def test_named_regions_and_features_resolve(parse, text, name, country, lat, lon, precision):
    got = _by_text(parse(text))
    assert name in got, [p.text for p in parse(text)]
    p = got[name][0]
    assert p.country_code == country
    assert haversine_km(p.lat, p.lon, lat, lon) < 1
    assert p.precision == precision
    assert p.geonameid is None and "no GeoNames id" in p.reason and "regions.tsv" in p.reason


def test_a_region_with_a_known_geonames_id_keeps_it(parse):
    got = _by_text(parse("Oil prices rose on tension in the Middle East."))
    assert got["Middle East"][0].geonameid == 6269133 and got["Middle East"][0].feature_code == "RGN"


def test_region_beats_a_namesake_hamlet_or_province(parse):
    got = _by_text(parse("Washington sent envoys to the Levant and the Middle East as violence flared."))
    assert got["Levant"][0].feature_code == "RGN" and got["Levant"][0].country_code is None
    # Iraq's Kurdistan Region, not Iran's Kurdistan province, in a story about Iraq
    got = _by_text(parse("Iraqi forces and Kurdish fighters clashed near Kirkuk, on the edge of Kurdistan."))
    assert got["Kurdistan"][0].country_code == "IQ"


@pytest.mark.parametrize(
    ("text", "name", "geonameid"),
    [
        ("Rockets were fired from the Gaza Strip.", "Gaza Strip", 281132),
        ("Settlers attacked villages in the West Bank.", "West Bank", 285153),
        ("Russia annexed Crimea in 2014.", "Crimea", 703883),
        ("Troops were deployed in Jammu and Kashmir.", "Jammu and Kashmir", 1269320),
        ("Fighting spread in Tigray.", "Tigray", 444187),
        ("Insurgents attacked Mocimboa da Praia in Cabo Delgado.", "Cabo Delgado", 1051823),
        ("Separatists attacked a bus in Balochistan.", "Balochistan", 1183606),
        ("A drone strike hit Khyber Pakhtunkhwa.", "Khyber Pakhtunkhwa", 1168873),
    ],
)
def test_admin_regions_under_their_usual_names(parse, text, name, geonameid):
    got = _by_text(parse(text))
    assert got[name][0].geonameid == geonameid


def test_a_country_after_region_of_is_the_country(parse):
    got = _by_text(parse("Boko Haram raided the Far North region of Cameroon."))
    assert got["Cameroon"][0].feature_code == "PCLI"
    assert got["Far North region"][0].country_code == "CM"
