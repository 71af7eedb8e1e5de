"""Toponym resolution with document context.

Input: :class:`~marsad.places.recognize.Mention` objects (with gazetteer candidates looked
up here) and the document's nationality adjectives. Output: one :class:`marsad.model.Place`
per mention, with a score (the winning candidate's share of the softmax over candidate
scores) and, when unresolved, a ``reason``.

Score of a candidate = its prior (feature type, population) + the document's country
focus for its country + spatial coherence with the other places + context constraints:

* kind words: "X province/governorate/countryside/desert" select an admin region,
  "city of X" a populated place;
* country hints: "the northern Iraqi city Mosul", "Aleppo, Syria";
* a town and the admin region of the same name that contains it: the town wins
  unless a kind word asks for the region ("Aleppo" vs "the Aleppo countryside");
* one sense per document: the same name resolves the same way throughout.

Two passes: a first pass on priors sets the country focus (countries named, unambiguous
places, nationality adjectives); the second rescoring uses it and the first-pass points.
One failed toponym never affects the others: each is resolved on its own candidates.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from marsad.model import Place
from marsad.places.gazetteer import Candidate, Gazetteer
from marsad.places.normalize import name_key
from marsad.places.recognize import Mention

FOCUS_WEIGHT = 0.9
COHERENCE_WEIGHT = 0.25
COHERENCE_KM = 400.0
SEAT_BONUS = 0.35
SEAT_SHARE = 0.2
PRIMARY_BONUS = 0.1
REGION_BONUS = 0.35
KIND_BONUS = 0.8
HINT_BONUS = 1.2
TEMPERATURE = 0.2
EXPAND_MIN_SIMILARITY = 90.0
SKELETON_MIN_FOCUS = 0.1
SUPPORT_MIN = 0.25
UNSUPPORTED_PENALTY = 0.5


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def _kind_ok(c: Candidate, kind: str | None) -> bool:
    if kind == "admin":
        return c.feature_code == "ADM1" or (c.is_admin and c.feature_code == "ADM2")
    if kind == "admin2":
        return c.is_admin
    if kind == "city":
        return c.feature_class == "P"
    return True


def _seat_of_namesake(c: Candidate, cands: Sequence[Candidate]) -> bool:
    """A town that holds a large share of the population of the admin region of the
    same name that contains it (≥ 20%), when that region is the likeliest admin reading:
    "Aleppo" is the city, but "Quebec" is the province."""
    if c.feature_class != "P":
        return False
    admins = [o for o in cands if o.is_admin]
    if not admins:
        return False
    top = max(admins, key=lambda o: o.prior())
    same = top.country_code == c.country_code and top.admin1_code == c.admin1_code
    if top.feature_code == "ADM2":
        same = same and top.admin2_code == c.admin2_code
    return same and c.population >= SEAT_SHARE * max(top.population, 1)


class Resolver:
    """Resolves mentions to gazetteer entries; see the module docstring."""

    def __init__(self, gazetteer: Gazetteer, *, max_candidates: int = 40) -> None:
        self.gaz = gazetteer
        self.max_candidates = max_candidates
        # (country, admin1) of the admin regions named → the names that named them
        self._regions: dict[tuple[str, str], set[str]] = {}
        self._votes: Counter[str] = Counter()  # country votes of the document (see _focus)
        self._name_votes: dict[str, tuple[str, float]] = {}  # name key → (country, vote)

    def __call__(self, mentions: list[Mention], *, nationalities: Iterable[str] = ()) -> list[Place]:
        self._regions = {}
        for m in mentions:
            if not m.candidates:
                m.candidates = self.gaz.lookup(m.query, limit=self.max_candidates)
            if m.kind and not any(_kind_ok(c, m.kind) for c in m.candidates):
                wider = self.gaz.lookup(m.query, expand=True, limit=self.max_candidates)
                m.candidates = [c for c in wider if c.match == "exact" or c.similarity >= EXPAND_MIN_SIMILARITY]
        focus = self._focus(mentions, nationalities)
        first = [self._best(m, focus, None) for m in mentions]
        points = [(c.lat, c.lon) for c in first if c is not None and c.lat is not None and not c.is_country]
        # admin1 regions named, or holding an admin2 region named ("Adair County" → Kentucky)
        for m, c in zip(mentions, first, strict=True):
            if c is not None and c.is_admin:
                self._regions.setdefault((c.country_code, c.admin1_code), set()).add(name_key(m.query))
        places: list[Place] = []
        chosen: dict[str, Candidate] = {}
        for m in mentions:
            cont = [c for c in (first[m.container],) if c is not None] if m.container is not None else []
            if cont and (cont[0].is_country or cont[0].feature_code == "ADM1") and not any(
                c.is_country for c in m.candidates
            ):  # "Mosul, Iraq" — but not a list of countries ("China, Japan")
                m.countries = m.countries | {cont[0].country_code}
                if cont[0].feature_code == "ADM1":  # "Springfield, Ill.", "Glasgow, Ky."
                    m.regions = m.regions | {(cont[0].country_code, cont[0].admin1_code)}
            key = f"{m.query.lower()}|{m.kind}|{m.contains}|{','.join(sorted(m.countries))}|{sorted(m.regions)}"
            best = chosen.get(key) or self._best(m, focus, points)
            if best is not None:
                chosen[key] = best
            places.append(self._place(m, best, focus, points))
        return places

    # -------------------------------------------------------------- scoring

    def _focus(self, mentions: list[Mention], nationalities: Iterable[str]) -> dict[str, float]:
        """Share of each country in the document: one vote per distinct name (a country
        named, a place found in one country only, or the likeliest reading of another)."""
        votes: Counter[str] = Counter()
        self._name_votes = {}
        for m in mentions:
            cands = m.candidates
            key = name_key(m.query)
            if not cands or key in self._name_votes:
                continue
            top = max(cands, key=lambda c: c.prior())
            if top.is_country:
                vote = 1.0
            elif len({c.country_code for c in cands}) == 1:
                vote = 0.7
            else:
                vote = 0.25
            votes[top.country_code] += vote
            self._name_votes[key] = (top.country_code, vote)
        for word in nationalities:
            for cc in self.gaz.demonym_countries(word):
                votes[cc] += 0.4
        self._votes = votes
        total = sum(votes.values())
        return {cc: v / total for cc, v in votes.items()} if total else {}

    def _support(self, qkey: str) -> dict[str, float]:
        """Country shares of the document's votes other than this name's own."""
        votes = Counter(self._votes)
        own = self._name_votes.get(qkey)
        if own is not None:
            votes[own[0]] -= own[1]
        total = sum(v for v in votes.values() if v > 0)
        return {cc: v / total for cc, v in votes.items() if v > 1e-9} if total else {}

    def _scores(
        self,
        m: Mention,
        focus: dict[str, float],
        points: list[tuple[float, float]] | None,
    ) -> list[tuple[float, Candidate]]:
        cands = m.candidates
        if m.kind and any(_kind_ok(c, m.kind) for c in cands):
            cands = [c for c in cands if _kind_ok(c, m.kind)]
        out = []
        qkey = name_key(m.query)
        support = self._support(qkey)
        supported = any(support.get(c.country_code, 0.0) >= SUPPORT_MIN for c in cands)
        for c in cands:
            s = c.prior()
            s += FOCUS_WEIGHT * focus.get(c.country_code, 0.0)
            if supported and not support.get(c.country_code) and not (c.is_country or c.feature_code == "ADM1"):
                s -= UNSUPPORTED_PENALTY  # "London" in a story whose other places are all in Canada
            if m.countries:
                s += HINT_BONUS if c.country_code in m.countries else -HINT_BONUS
            if m.regions and (c.country_code, c.admin1_code) in m.regions:
                s += HINT_BONUS
            if m.contains and (c.is_country or c.feature_code == "ADM1"):
                s += KIND_BONUS  # "Bronx, New York": the state
            if m.kind and _kind_ok(c, m.kind):
                s += KIND_BONUS * (1.0 if m.kind != "any" else 0.0)
            if not m.kind and _seat_of_namesake(c, cands):
                s += SEAT_BONUS
            if name_key(c.name) == qkey:
                s += PRIMARY_BONUS
            if c.match == "skeleton":
                s -= (100.0 - c.similarity) / 40.0 + 0.1
            if (c.feature_class == "P" or c.feature_code == "ADM2") and self._regions.get(
                (c.country_code, c.admin1_code), set()
            ) - {qkey}:  # in a region named by another name (not "Quebec" the city by "Quebec")
                s += REGION_BONUS
            if points and c.lat is not None and not c.is_country:
                near = sum(
                    1 for lat, lon in points
                    if (lat, lon) != (c.lat, c.lon) and haversine_km(c.lat, c.lon, lat, lon) <= COHERENCE_KM
                )
                s += COHERENCE_WEIGHT * min(near, 3) / 3
            out.append((s, c))
        out.sort(key=lambda t: -t[0])
        return out

    def _best(
        self, m: Mention, focus: dict[str, float], points: list[tuple[float, float]] | None
    ) -> Candidate | None:
        scored = self._scores(m, focus, points)
        return scored[0][1] if scored else None

    def _place(
        self, m: Mention, best: Candidate | None, focus: dict[str, float], points: list[tuple[float, float]] | None
    ) -> Place:
        place = Place(text=m.text, start=m.start, end=m.end, method=m.source)
        if best is None:
            place.reason = (
                f"no gazetteer entry matches {m.query!r}"
                if not m.candidates
                else f"no candidate of the kind asked for ({m.kind}) for {m.query!r}"
            )
            return place
        weak = best.match == "skeleton" and not (best.is_country or best.feature_code == "ADM1")
        if weak and focus.get(best.country_code, 0.0) < SKELETON_MIN_FOCUS:
            place.reason = (
                f"only a transliteration match ({best.matched!r}, {best.similarity:.0f}%) in a country "
                "the document is not about"
            )
            return place
        scored = self._scores(m, focus, points)
        z = [math.exp((s - scored[0][0]) / TEMPERATURE) for s, _ in scored]
        share = next((z[k] for k, (_, c) in enumerate(scored) if c.geonameid == best.geonameid), z[0]) / sum(z)
        place.geonameid = best.geonameid
        place.name = best.name
        place.lat, place.lon = best.lat, best.lon
        place.country_code = best.country_code
        place.feature_code = best.feature_code
        if best.is_country:
            place.admin1, place.admin1_code = None, None
        else:
            place.admin1, place.admin1_code = best.admin1, best.admin1_code or None
        if m.precision is not None:
            place.precision = m.precision
        elif best.feature_class == "P":
            place.precision = 1
        elif best.feature_code == "ADM2":
            place.precision = 2
        else:
            place.precision = 3
        place.score = share * (best.similarity / 100.0)
        place.method = f"{m.source}+{best.match}"
        notes = []
        if best.match == "skeleton":
            notes.append(f"transliteration match to {best.matched!r} ({best.similarity:.0f}%)")
        if best.coord_source.endswith("centroid"):
            notes.append("coordinates are the centroid of the region's places")
        if len(scored) > 1 and share < 0.6:
            notes.append(f"ambiguous: {len(scored)} candidates")
        place.reason = "; ".join(notes)
        return place
