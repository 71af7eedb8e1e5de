"""Building the gazetteer from a small slice of records, and from a tiny GeoNames dump."""

from __future__ import annotations

import time

from marsad.places.build import write_gazetteer
from marsad.places.gazetteer import Gazetteer
from marsad.places.sources import GazRecord


def _slice_records() -> list[GazRecord]:
    return [
        GazRecord(
            163843,
            "Syria",
            "A",
            "PCLI",
            "SY",
            lat=35.0,
            lon=38.0,
            population=22_000_000,
            names=["Syrian Arab Republic"],
            coord_source="countryinfo",
            demonyms=["Syrian"],
        ),
        GazRecord(
            170062,
            "Ḩalab",
            "A",
            "ADM1",
            "SY",
            admin1_code="09",
            names=["Aleppo", "Aleppo Governorate"],
            coord_source="centroid",
        ),
        GazRecord(
            170063,
            "Aleppo",
            "P",
            "PPLA",
            "SY",
            admin1_code="09",
            lat=36.2,
            lon=37.16,
            population=2_000_000,
            names=["Halab", "حلب"],
        ),
        GazRecord(
            170100, "Al Bab", "P", "PPLA2", "SY", admin1_code="09", lat=36.37, lon=37.52, population=60_000
        ),
    ]


def test_build_from_a_small_slice(tmp_path):
    path = write_gazetteer(
        tmp_path / "g.sqlite", _slice_records(), meta={"version": "t", "source": "test"}, progress=False
    )
    started = time.perf_counter()
    gaz = Gazetteer(path)
    assert time.perf_counter() - started < 1.0
    info = gaz.describe()
    assert info["counts"]["countries"] == 1 and info["counts"]["adm1"] == 1 and info["counts"]["places"] == 2
    # admin1 without coordinates: centroid of its places, flagged, population summed
    adm = gaz.get(170062)
    assert adm is not None and adm.coord_source == "centroid"
    assert 36.1 < adm.lat < 36.4 and 37.1 < adm.lon < 37.6
    assert adm.population == 2_060_000
    # "Aleppo Governorate" also indexed as "Aleppo"; Arabic script names found
    assert {c.geonameid for c in gaz.lookup("Aleppo")} == {170062, 170063}
    assert [c.geonameid for c in gaz.lookup("حلب")] == [170063]
    assert [c.geonameid for c in gaz.lookup("al-Bab")] == [170100]
    assert gaz.lookup("Aleppo", country="IQ") == []
    assert [c.geonameid for c in gaz.lookup("Aleppo", feature_codes=("ADM1",))] == [170062]
    assert gaz.demonym_countries("Syrian") == {"SY"}
    assert gaz.lookup("Nowhere") == []


def test_geonames_dump_loader_on_a_tiny_slice(tmp_path, tiny_dump):
    geo, alt = tiny_dump
    path = Gazetteer.build_from_dump(tmp_path / "dump.sqlite", geo, alt, progress=False)
    gaz = Gazetteer(path)
    info = gaz.describe()
    assert info["source"] == "geonames-dump"
    assert info["counts"]["countries"] == 1 and info["counts"]["adm1"] == 1 and info["counts"]["places"] == 2
    assert gaz.get(999001) is None  # streams are not kept
    mayadin = gaz.lookup("al-Mayadeen")  # from alternateNamesV2
    assert [c.geonameid for c in mayadin] == [173480]
    assert [c.geonameid for c in gaz.lookup("الميادين")] == [173480]
    assert gaz.lookup("Old Deir Name") == []  # historic names are left out
    deir = gaz.lookup("Deir al-Zor")
    assert {c.geonameid for c in deir} == {170792, 170794}
    city = gaz.get(170794)
    assert city is not None and city.admin1 == "Dayr az Zawr" and city.coord_source == "geonames"


def test_open_missing_explicit_file_is_an_error(tmp_path):
    import pytest

    with pytest.raises(FileNotFoundError):
        Gazetteer.open(tmp_path / "missing.sqlite")


def test_only_stale_files_of_other_versions_are_removed(tmp_path):
    import os

    from marsad.places.gazetteer import STALE_AFTER_S, _remove_old_versions

    current, recent, stale = (tmp_path / f"gazetteer-{v}.sqlite" for v in ("9", "8", "6"))
    for f in (current, recent, stale):
        f.write_bytes(b"x")
    old = time.time() - STALE_AFTER_S - 60
    os.utime(stale, (old, old))
    os.utime(current, (old, old))
    _remove_old_versions(current)
    # another checkout's recent file stays (it may be in use), the stale one goes, ours stays
    assert current.exists() and recent.exists() and not stale.exists()
