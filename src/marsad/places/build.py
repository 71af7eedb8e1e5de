"""Compile gazetteer records into the indexed SQLite file read by :class:`Gazetteer`.

Input: an iterable of :class:`~marsad.places.sources.GazRecord`. Output: a SQLite file with

* ``places`` — one row per GeoNames feature (id, name, feature class/code, country,
  admin1/admin2 codes, lat/lon, population, ``coord_source``: ``geonames``,
  ``countryinfo`` or ``centroid`` — the latter flags admin regions whose point is
  estimated from their populated places, see :func:`area_centre`);
* ``names`` — one row per distinct (normalised key, feature), with the transliteration
  skeleton (see :mod:`marsad.places.normalize`), both indexed;
* ``demonyms`` — nationality adjectives → country code;
* ``meta`` — version, sources, counts.

The file is written to a temporary name and renamed into place, so concurrent readers
never see half a file.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tqdm import tqdm

from marsad.places.normalize import name_key, skeleton_key
from marsad.places.sources import GazRecord

SCHEMA = """
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, feature_class TEXT, feature_code TEXT,
    country_code TEXT, admin1_code TEXT, admin2_code TEXT, lat REAL, lon REAL,
    population INTEGER, coord_source TEXT
);
CREATE TABLE names (key TEXT NOT NULL, skel TEXT NOT NULL, geonameid INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE demonyms (key TEXT NOT NULL, country_code TEXT NOT NULL);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""
INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX names_skel ON names(skel);
CREATE INDEX demonyms_key ON demonyms(key);
CREATE INDEX places_admin ON places(country_code, feature_code, admin1_code);
"""
# words that designate the kind of an admin region rather than its name
_ADMIN_WORDS = re.compile(
    r"\b(governorate|province|provincia|region|district|state|county|oblast|prefecture|department|"
    r"muhafazat|wilayat|municipality|emirate|parish|governorat|mintaqat|muhafazah)\b",
    re.IGNORECASE,
)


def _admin_variants(names: list[str]) -> list[str]:
    """Admin-region names with the kind word dropped: 'Anbar Governorate' → 'Anbar'."""
    out = []
    for n in names:
        stripped = _ADMIN_WORDS.sub(" ", n).strip(" -,")
        stripped = re.sub(r"^(of|de|del|di)\s+", "", stripped, flags=re.IGNORECASE).strip()
        if stripped and stripped != n:
            out.append(stripped)
    return out


def extra_names() -> dict[int, list[str]]:
    """geonameid → names used in English news that GeoNames lacks (``data/extra_names.tsv``)."""
    from importlib import resources

    text = resources.files("marsad.places").joinpath("data", "extra_names.tsv").read_text(encoding="utf-8")
    out: dict[int, list[str]] = {}
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) >= 2 and cols[0].isdigit():
            out[int(cols[0])] = [n for n in cols[1].split("|") if n]
    return out


def _trimmed(points: list[tuple[float, float]], trim: float) -> list[tuple[float, float]]:
    """``points`` (lat, lon) without those in the outer ``trim`` share of either coordinate."""
    k = int(len(points) * trim)
    if k == 0:
        return points
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    kept = [p for p in points if lats[k] <= p[0] <= lats[-1 - k] and lons[k] <= p[1] <= lons[-1 - k]]
    return kept or points


def _convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (Andrew's monotone chain) of planar points, counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


# Share of places dropped at each end of either coordinate before the hull: one in a
# thousand. 0.5% (before gazetteer 8) also dropped real remote towns (Torres Strait islands,
# northern British Columbia) and drew large regions toward their settled parts: on the dev
# gold admin regions (TR-News dev, TUD-Loc2013 training and validation; 132 regions, 422
# mentions) 121 regions / 386 mentions within 161 km of GeoNames' point instead of 119 / 362.
AREA_TRIM = 0.001


def area_centre(points: list[tuple[float, float]], trim: float = AREA_TRIM) -> tuple[float, float]:
    """Estimate of the geographic centre of a region from its places' (lat, lon):
    the area centroid of the convex hull of the places (the outer ``trim`` share of
    either coordinate dropped first, so that a mis-coded far-off place does not pull it).

    Unlike the mean of the places, the hull centroid is not drawn toward densely
    settled parts (Ontario's towns are in its south; GeoNames' point is near the middle).
    Measured on the TR-News admin regions against their GeoNames points, it is the
    closest of the estimators tried (mean, median, trimmed bounding-box middle, the
    middle of the admin2 centres). A region that spans the antimeridian is handled by
    shifting western longitudes by 360° and wrapping the result back."""
    if not points:
        raise ValueError("no points")
    lons = [p[1] for p in points]
    shift = max(lons) - min(lons) > 180
    pts = [(lat, lon + 360.0 if shift and lon < 0 else lon) for lat, lon in points]
    pts = _trimmed(pts, trim)
    hull = _convex_hull([(lon, lat) for lat, lon in pts])
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(hull, hull[1:] + hull[:1], strict=False):
        c = x0 * y1 - x1 * y0
        area += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if len(hull) < 3 or abs(area) < 1e-9:  # one place, or places on a line: their mean
        lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    else:
        lat, lon = cy / (3 * area), cx / (3 * area)
    if lon > 180:
        lon -= 360.0
    return lat, lon


def _fill_centroids(records: dict[int, GazRecord]) -> None:
    """Admin regions (and countries) without coordinates get a point from their places
    (:func:`area_centre`), flagged ``centroid`` (``country-centroid`` when only the
    country's places were available); admin regions without a population get the sum
    of their places'."""
    points: dict[tuple[str, ...], list[tuple[float, float]]] = defaultdict(list)
    pops: dict[tuple[str, ...], int] = defaultdict(int)
    for r in records.values():
        if r.feature_class != "P" or r.lat is None or r.lon is None:
            continue
        for key in (
            (r.country_code,),
            (r.country_code, r.admin1_code),
            (r.country_code, r.admin1_code, r.admin2_code),
        ):
            points[key].append((r.lat, r.lon))
            pops[key] += r.population
    for r in records.values():
        if r.feature_code == "ADM2":
            keys: tuple[tuple[str, ...], ...] = (
                (r.country_code, r.admin1_code, r.admin2_code),
                (r.country_code, r.admin1_code),
            )
        elif r.feature_code == "ADM1":
            keys = ((r.country_code, r.admin1_code),)
        elif r.feature_class == "A":
            keys = ((r.country_code,),)
        else:
            continue
        if not r.population and keys[0] in pops:
            r.population = pops[keys[0]]
        if r.lat is not None and r.lon is not None:
            continue
        for key in keys + ((r.country_code,),):
            if not points.get(key):
                continue
            lat, lon = area_centre(points[key])
            r.lat, r.lon = round(lat, 5), round(lon, 5)
            r.coord_source = "centroid" if key in keys else "country-centroid"
            break


def write_gazetteer(
    path: str | Path,
    records: Iterable[GazRecord],
    *,
    meta: dict[str, Any],
    progress: bool = True,
) -> Path:
    """Write the SQLite gazetteer at ``path`` (atomically) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    by_id: dict[int, GazRecord] = {}
    bar = tqdm(
        desc="gazetteer: reading", unit=" places", file=sys.stderr, disable=not progress, mininterval=1.0
    )
    for rec in records:
        if rec.geonameid in by_id:  # first source wins (countries/admins before places)
            continue
        by_id[rec.geonameid] = rec
        bar.update()
    bar.close()
    _fill_centroids(by_id)
    extra = extra_names()

    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        place_rows = []
        name_rows: list[tuple[str, str, int, str]] = []
        demonym_rows = []
        for rec in tqdm(
            by_id.values(),
            desc="gazetteer: indexing",
            unit=" places",
            file=sys.stderr,
            disable=not progress,
            mininterval=1.0,
        ):
            place_rows.append(
                (
                    rec.geonameid,
                    rec.name,
                    rec.feature_class,
                    rec.feature_code,
                    rec.country_code,
                    rec.admin1_code,
                    rec.admin2_code,
                    rec.lat,
                    rec.lon,
                    rec.population,
                    rec.coord_source,
                )
            )
            names = [rec.name, *rec.names]
            if rec.feature_code == "ADM1":
                names += _admin_variants(names)
            names += extra.get(rec.geonameid, [])
            seen = set()
            for n in names:
                key = name_key(n)
                if len(key) < 2 or key in seen:
                    continue
                seen.add(key)
                name_rows.append((key, skeleton_key(n), rec.geonameid, n))
            for d in rec.demonyms:
                demonym_rows.append((name_key(d), rec.country_code))
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", name_rows)
        con.executemany("INSERT INTO demonyms VALUES (?,?)", demonym_rows)
        counts: dict[str, int] = defaultdict(int)
        for r in by_id.values():
            fc = r.feature_code
            kind = (
                "regions"
                if r.coord_source == "regions"
                else "countries"
                if fc.startswith("PCL") or fc == "TERR"
                else fc.lower()
                if fc in ("ADM1", "ADM2")
                else "continents"
                if fc == "CONT"
                else "places"
            )
            counts[kind] += 1
        counts["names"] = len(name_rows)
        counts["centroid_coordinates"] = sum(1 for r in by_id.values() if r.coord_source.endswith("centroid"))
        full_meta = {**meta, "counts": dict(counts), "build_seconds": round(time.perf_counter() - started, 1)}
        con.executemany("INSERT INTO meta VALUES (?,?)", [(k, json.dumps(v)) for k, v in full_meta.items()])
        con.executescript(INDEXES)
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    os.replace(tmp, path)
    return path
