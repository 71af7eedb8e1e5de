"""Deciding whether two coded events report the same real-world event.

Input: two :class:`EventKey` (built from an ``Event.to_dict()`` or from a stored event and
its actors) and a :class:`DedupConfig`.
Output: a :class:`Match` with a similarity score in [0, 1], whether it passes, and the
human-readable reasons (shown by ``marsad events show ID``).

Rules (all must hold): compatible PLOVER types, compatible ACLED sub-event types (a territory
change merges only with a territory change of the same kind), same polarity (negated or not),
no actor on both sides of the merged event (the sides of an event without direction, a clash,
may be aligned), date ranges at most ``days`` apart, places within ``km`` (a country/region-level
place only needs the same country, and the same first-level region where both places know theirs),
and at least one actor in common when both name actors (ids, or unresolved names that match after
transliteration folding).
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from rapidfuzz import fuzz
from unidecode import unidecode

from marsad.store.records import parse_date

BROAD_FEATURES = {"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "ADM1", "ADM2", "RGN", "AREA", "DSRT", "CONT"}


@dataclass
class DedupConfig:
    """Dedup thresholds; defaults come from ``marsad/store/data/dedup.yaml``."""

    km: float = 25.0
    days: int = 2
    threshold: float = 0.6
    name_similarity: float = 85.0
    generic_words: frozenset[str] = frozenset()
    compatible_types: dict[str, set[str]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=lambda: {"actors": 0.4, "place": 0.3, "date": 0.3})
    exclusive_sub_events: frozenset[str] = frozenset()
    symmetric_types: frozenset[str] = frozenset()
    symmetric_sub_events: frozenset[str] = frozenset()

    @classmethod
    def load(cls, **overrides: Any) -> DedupConfig:
        """The shipped defaults, with keyword overrides (``km=5, days=1``...)."""
        raw = _defaults()
        compat: dict[str, set[str]] = {}
        for group in raw.get("compatible_types") or []:
            for t in group:
                compat.setdefault(t, set()).update(group)
        cfg = cls(
            km=float(raw.get("km", 25)),
            days=int(raw.get("days", 2)),
            threshold=float(raw.get("threshold", 0.6)),
            name_similarity=float(raw.get("name_similarity", 85)),
            generic_words=frozenset(raw.get("generic_words") or []),
            compatible_types=compat,
            weights=dict(raw.get("weights") or {}) or {"actors": 0.4, "place": 0.3, "date": 0.3},
            exclusive_sub_events=frozenset(raw.get("exclusive_sub_events") or []),
            symmetric_types=frozenset(raw.get("symmetric_types") or []),
            symmetric_sub_events=frozenset(raw.get("symmetric_sub_events") or []),
        )
        for key, value in overrides.items():
            if value is None:
                continue
            if not hasattr(cfg, key):
                raise TypeError(f"unknown dedup setting: {key}")
            setattr(cfg, key, value)
        return cfg

    def compatible(self, type_a: str, type_b: str) -> bool:
        return type_a == type_b or type_b in self.compatible_types.get(type_a, set())

    def types_compatible_with(self, type_: str) -> set[str]:
        return {type_} | self.compatible_types.get(type_, set())

    def sub_events_compatible(self, a: EventKey, b: EventKey) -> bool:
        """A territory change (an exclusive ACLED sub-event type) merges only with the same."""
        for x, y in ((a, b), (b, a)):
            exclusive = x.sub_event in self.exclusive_sub_events and x.sub_event != y.sub_event
            if exclusive and (y.sub_event is not None or x.type != y.type):
                return False
        return True

    def symmetric(self, key: EventKey) -> bool:
        """An event without direction (a clash): its two sides may be named either way round."""
        return key.type in self.symmetric_types or key.sub_event in self.symmetric_sub_events


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    text = resources.files("marsad.store").joinpath("data/dedup.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    return frozenset(_defaults().get("generic_words") or [])


_PREFIX = re.compile(r"\b(?:the|al|el|ad|an|as|ar|ash|at|az)\b[\s-]*")
_NONWORD = re.compile(r"[^a-z0-9]+")
_VOWEL_RUN = re.compile(r"([aeiou])[aeiouy]+")


def fold_name(name: str, drop: frozenset[str] | None = None) -> str:
    """A name folded for transliteration-tolerant comparison: ASCII, lower, no articles,
    common transliteration variants unified (q/k, ou/u, ee/i, vowel runs), ``drop`` words removed."""
    s = unidecode(name or "").lower().replace("'", "").replace("`", "")
    s = _NONWORD.sub(" ", s)
    if drop is None:
        drop = _generic_words()
    s = " ".join(w for w in s.split() if w not in drop)
    s = _PREFIX.sub("", s)
    s = s.replace("q", "k").replace("ou", "u").replace("ee", "i")
    s = _VOWEL_RUN.sub(r"\1", s)  # qaida/qaeda -> kada, haraam -> haram
    return " ".join(s.split())


@dataclass
class EventKey:
    """What dedup compares: type, polarity, dates, place and actors of one event."""

    type: str
    start: date | None
    end: date | None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country: str | None = None
    admin1: str | None = None  # GeoNames first-level region code, within the country
    broad_place: bool = False
    place_name: str | None = None
    actor_ids: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)  # folded names of all actors (resolved or not)
    has_actor: bool = False  # names an actor (the doer), not only a recipient
    negated: bool = False
    sub_event: str | None = None  # ACLED sub-event type
    doers: set[str] = field(default_factory=set)  # actor ids (``name:<folded>`` when unresolved)
    targets: set[str] = field(default_factory=set)  # recipient ids, the same way

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> EventKey:
        """From an ``Event.to_dict()``."""
        d = event.get("date") or {}
        loc = event.get("location") or {}
        refs = (event.get("actors") or []) + (event.get("recipients") or [])
        return cls(
            type=str(event.get("type") or ""),
            start=parse_date(d.get("start")),
            end=parse_date(d.get("end")) or parse_date(d.get("start")),
            lat=loc.get("lat"),
            lon=loc.get("lon"),
            geonameid=loc.get("geonameid"),
            country=loc.get("country_code"),
            admin1=_region_code(loc.get("admin1_code")),
            broad_place=_is_broad(loc.get("feature_code"), loc.get("precision")),
            place_name=loc.get("name") or loc.get("text"),
            actor_ids={r["id"] for r in refs if r.get("id")},
            names=sorted({fold_name(n) for r in refs for n in (r.get("name"), r.get("text")) if n} - {""}),
            has_actor=any(r.get("id") or fold_name(r.get("text") or "") for r in event.get("actors") or []),
            negated=bool(event.get("negated")),
            sub_event=(event.get("acled") or {}).get("sub_event_type") or None,
            doers=side_keys(event.get("actors")),
            targets=side_keys(event.get("recipients")),
        )


#: the store's actor-id columns are String(200)
NAME_KEY_LENGTH = 200


def name_key(name: str) -> str:
    """The key of an unresolved actor: ``name:`` and its folded name ("" for none). A name too
    long for the store's actor-id columns (a tagged side that ran on through a whole SATP
    summary) keeps its beginning and ends in a hash of the whole, so it stays distinct."""
    folded = fold_name(name)
    if not folded:
        return ""
    key = f"name:{folded}"
    if len(key) > NAME_KEY_LENGTH:
        digest = hashlib.sha1(folded.encode("utf-8")).hexdigest()[:12]
        key = f"{key[: NAME_KEY_LENGTH - len(digest) - 1]}#{digest}"
    return key


def side_key(ref: dict[str, Any]) -> str:
    """The key of an actor reference on a side of an event: its id, or its name's key."""
    if ref.get("id"):
        return str(ref["id"])
    return name_key(ref.get("name") or ref.get("text") or "")


def side_keys(refs: Any) -> set[str]:
    return {k for r in refs or [] if isinstance(r, dict) for k in [side_key(r)] if k}


def sides_conflict(a: EventKey, b: EventKey, cfg: DedupConfig) -> tuple[set[str], bool]:
    """The actors that merging ``b`` into ``a`` would put on both sides (empty: none), and
    whether ``b``'s sides are swapped to align them (events without direction only)."""
    straight = (a.doers & b.targets) | (a.targets & b.doers)
    if not straight:
        return set(), False
    if cfg.symmetric(a) and cfg.symmetric(b):
        swapped = (a.doers & b.doers) | (a.targets & b.targets)
        if not swapped:
            return set(), True
    return straight, False


def _region_code(code: Any) -> str | None:
    """A first-level region code, or None where GeoNames has none ("00": the country itself)."""
    code = str(code or "").strip()
    return code if code and code != "00" else None


def _is_broad(feature_code: str | None, precision: int | None) -> bool:
    return (feature_code or "") in BROAD_FEATURES or (precision or 0) >= 3


@dataclass
class Match:
    """The outcome of comparing two events."""

    ok: bool
    score: float
    reasons: list[str]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def compare(a: EventKey, b: EventKey, cfg: DedupConfig) -> Match:
    """Score how likely ``a`` and ``b`` are the same real-world event."""
    reasons: list[str] = []
    if not cfg.compatible(a.type, b.type):
        return Match(False, 0.0, [f"types {a.type} and {b.type} are not compatible"])
    reasons.append(f"same type {a.type}" if a.type == b.type else f"compatible types {a.type}~{b.type}")
    if not cfg.sub_events_compatible(a, b):
        return Match(
            False,
            0.0,
            [
                *reasons,
                f"ACLED sub-event types {a.sub_event or 'none'} and {b.sub_event or 'none'} are not compatible",
            ],
        )
    if a.negated != b.negated:
        return Match(False, 0.0, [*reasons, "one report negates the event"])
    both, swapped = sides_conflict(a, b, cfg)
    if both:
        return Match(False, 0.0, [*reasons, f"{', '.join(sorted(both))} would be on both sides"])
    if swapped:
        reasons.append("the same two sides named the other way round (an event without direction)")

    date_score, why = _date_score(a, b, cfg)
    if date_score is None:
        return Match(False, 0.0, [*reasons, why])
    reasons.append(why)

    place_score, why = _place_score(a, b, cfg)
    if place_score is None:
        return Match(False, 0.0, [*reasons, why])
    reasons.append(why)

    actor_score, why = _actor_score(a, b, cfg)
    if actor_score is None:
        return Match(False, 0.0, [*reasons, why])
    reasons.append(why)

    w = cfg.weights
    score = (
        w.get("actors", 0.4) * actor_score
        + w.get("place", 0.3) * place_score
        + w.get("date", 0.3) * date_score
    )
    ok = score >= cfg.threshold
    reasons.append(f"score {score:.2f} {'>=' if ok else '<'} threshold {cfg.threshold:.2f}")
    return Match(ok, round(score, 4), reasons)


def _date_score(a: EventKey, b: EventKey, cfg: DedupConfig) -> tuple[float | None, str]:
    if a.start is None or b.start is None:
        return None, "a report has no date"
    a_end, b_end = a.end or a.start, b.end or b.start
    gap = max(0, (a.start - b_end).days, (b.start - a_end).days)
    if gap > cfg.days:
        return None, f"dates {gap} days apart (> {cfg.days})"
    widest = max((a_end - a.start).days, (b_end - b.start).days)
    score = 1.0 - gap / (cfg.days + 1)
    if widest > 7:  # a month or a year: weak evidence of identity
        score *= 0.5
    what = "overlapping dates" if gap == 0 else f"dates {gap} day(s) apart"
    return score, f"{what} (window {cfg.days} days)"


def _place_score(a: EventKey, b: EventKey, cfg: DedupConfig) -> tuple[float | None, str]:
    if a.geonameid and a.geonameid == b.geonameid:
        return 1.0, f"same place ({a.place_name or a.geonameid})"
    has_a, has_b = a.lat is not None and a.lon is not None, b.lat is not None and b.lon is not None
    if a.broad_place or b.broad_place:
        if a.country and b.country and a.country != b.country:
            return None, f"different countries ({a.country}, {b.country})"
        if a.country and a.country == b.country and a.admin1 and b.admin1 and a.admin1 != b.admin1:
            # a district or province holds only what lies in its first-level region
            return None, f"different regions of {a.country} ({a.admin1}, {b.admin1})"
        return 0.4, "one place is a country or region containing the other"
    if has_a and has_b:
        km = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        if km > cfg.km:
            return None, f"places {km:.0f} km apart (> {cfg.km:g} km)"
        return 1.0 - 0.5 * km / cfg.km if cfg.km else 1.0, f"places {km:.1f} km apart (<= {cfg.km:g} km)"
    if a.country and b.country and a.country != b.country:
        return None, f"different countries ({a.country}, {b.country})"
    return 0.3, "a report has no located place"


def _actor_score(a: EventKey, b: EventKey, cfg: DedupConfig) -> tuple[float | None, str]:
    size_a = max(len(a.actor_ids), len(a.names))
    size_b = max(len(b.actor_ids), len(b.names))
    if not size_a or not size_b:
        return 0.3, "a report names no actor"
    common_ids = a.actor_ids & b.actor_ids
    common_names = [n for n in a.names if any(_same_name(n, m, cfg) for m in b.names)]
    shared = max(len(common_ids), len(common_names))
    if not shared:
        if a.has_actor and b.has_actor:
            return None, "no actor in common"
        return 0.3, "no actor in common, but a report names no doer"
    shown = sorted(common_ids) or common_names
    return min(1.0, shared / min(size_a, size_b)), f"common actors: {', '.join(shown[:4])}"


def _same_name(a: str, b: str, cfg: DedupConfig) -> bool:
    if a == b:
        return True
    return _name_similarity(a, b) >= cfg.name_similarity


# the same few actor names meet again and again in a store's reports of one region and month
@lru_cache(maxsize=65_536)
def _name_similarity(a: str, b: str) -> float:
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
