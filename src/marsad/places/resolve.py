"""Toponym resolution with document context.

Input: :class:`~marsad.places.recognize.Mention` objects (with gazetteer candidates looked
up here) and the document's nationality adjectives. Output: one :class:`marsad.model.Place`
per mention, with a score (the winning candidate's share of the softmax over candidate
scores) and, when unresolved, a ``reason``.

Score of a candidate = its prior (feature type, population) + the document's country
focus for its country + spatial coherence with the other names' places + context:

* kind words: "X province/governorate/countryside/desert" select an admin region,
  "city of X" a populated place, "X Gov./governor/state" an admin1 region, "the X city
  of Y" makes X the region;
* country and region hints: "the northern Iraqi city Mosul", "Aleppo, Syria",
  "Glasgow, Ky." (the container's reading that holds the town: "Atlanta, Georgia" is the
  US state), "Cairo's Abbasiya" (possessive owner); the container itself prefers a
  country or admin1 reading ("Bronx, New York");
* a town and the admin region of the same name that contains it: the town wins
  when it holds a large share of the region's people ("Aleppo", "New York") unless a
  kind word asks for the region ("the Aleppo countryside"); otherwise the region
  ("Quebec");
* towns and counties in an admin1 region the document names by another name
  ("Adair County ... Columbia" → Kentucky);
* country support: a town in a country that no other name of the document points at
  loses to a sizeable namesake in a country the others do ("London" in a story about
  Canada);
* the article's own focus: when most of the document's other places (3 distinct names or
  more, at least half of those below country level) lie in one admin1 region, towns and
  counties there gain — a local paper's unnamed state ("Brookhaven" in a story about
  Lincoln County and Hazlehurst is Brookhaven, Mississippi) — and so does the region's own
  reading ("Quebec" in a story about Montreal's suburbs stays the province);
* a national capital whose country the document names by another name gains
  (:data:`CAPITAL_BONUS`: "WASHINGTON" in a story that names the U.S. as well as Britain
  and London is not Washington, England);
* list items are alike ("Arizona, California, Georgia and Illinois": US states);
* one sense per document: the same name resolves the same way throughout, and a bare
  name takes the sense it has where the text says where it is ("GLASGOW, Ky. ... in
  Glasgow");
* located by a container: a name whose reading does not lie in the place that holds it
  ("Giza's Haram district", "Stroud, Ontario", "the Abu Shok camp in Al-Fashir", the
  unknown "Kfraya in Idlib") takes that place at precision 2 (town, district) or 3 — but
  a city of 100k+ is a list item, not located ("Los Angeles, Miami, New York");
* a small namesake abroad (< 10k people, in a country nothing else in the story points
  at, while half the story points elsewhere) is left unresolved rather than wrong;
* precision: the kind word's ("countryside" 2, "province" 3), a region's from
  ``data/regions.tsv``, 2 for a town "near"/"outside"/"north of"/on "the outskirts of"
  (``Mention.near``), else by feature (town 1, admin2 2, admin1/country 3).

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
from marsad.places.sources import region_info

FOCUS_WEIGHT = 0.9
COHERENCE_WEIGHT = 0.25
COHERENCE_KM = 400.0
SEAT_BONUS = 0.55
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
SUPPORTED_MIN_POPULATION = 50_000
LIST_BONUS = 0.5
LIST_MIN_POPULATION = 10_000
ADMIN1_FOCUS_BONUS = 0.3
ADMIN1_FOCUS_MIN_NAMES = 3  # distinct other names read in the region
ADMIN1_FOCUS_SHARE = 0.5  # ...and this share of the names read below country level
CAPITAL_BONUS = 0.3  # a national capital whose country the document names ("Washington" and "U.S.")
LIST_CITY_POPULATION = 100_000  # a city this big before ", <region>" it is not in: a list, not a container
SMALL_NAMESAKE = 10_000  # a town smaller than this, alone in a country the story is not about...
CLEAR_FOCUS = 0.5  # ...while this share of the story points at another country: left unresolved


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def _fill(place: Place, c: Candidate) -> None:
    """Copy a gazetteer entry's identity and location into ``place``."""
    place.geonameid = c.geonameid
    place.name = c.name
    place.lat, place.lon = c.lat, c.lon
    place.country_code = c.country_code or None
    place.feature_code = c.feature_code
    if c.is_country or not c.admin1_code:
        place.admin1, place.admin1_code = None, None
    else:
        place.admin1, place.admin1_code = c.admin1, c.admin1_code


def _kind_ok(c: Candidate, kind: str | None) -> bool:
    if kind == "admin":
        return c.feature_code == "ADM1" or (c.is_admin and c.feature_code == "ADM2")
    if kind == "admin2":
        return c.is_admin
    if kind == "city":
        return c.feature_class == "P"
    return True


def _within(c: Candidate, box: Candidate) -> bool:
    """Whether ``c`` lies in the country or admin1 region ``box`` (and is not it)."""
    if c.geonameid == box.geonameid or c.country_code != box.country_code:
        return False
    return box.is_country or (box.feature_code == "ADM1" and c.admin1_code == box.admin1_code)


def _near_or_within(c: Candidate, box: Candidate) -> bool:
    """Whether ``c`` lies in ``box`` (a country or admin1 region) or, for other boxes,
    in its country within :data:`COHERENCE_KM` of it."""
    if box.is_country or box.feature_code == "ADM1":
        return _within(c, box)
    if c.country_code != box.country_code or None in (c.lat, c.lon, box.lat, box.lon):
        return False
    return haversine_km(c.lat, c.lon, box.lat, box.lon) <= COHERENCE_KM  # type: ignore[arg-type]


def _kind_class(c: Candidate) -> str:
    """Coarse kind of a feature: country, admin1, admin2, town or other."""
    if c.is_country:
        return "country"
    if c.feature_code in ("ADM1", "ADM2"):
        return c.feature_code.lower()
    return "town" if c.feature_class == "P" else "other"


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


MAX_COHERENCE_POINTS = 200  # distinct places a candidate is compared with (a cap: linear time)


def _distinct_points(
    points: list[tuple[float, float, str]] | None,
) -> list[tuple[float, float, str, int]] | None:
    """The first readings' points, each distinct one once with how often it was read, at most
    :data:`MAX_COHERENCE_POINTS` (a list of hundreds of places would make coherence quadratic)."""
    if points is None:
        return None
    counts = Counter(points)
    return [(lat, lon, key, n) for (lat, lon, key), n in counts.items()][:MAX_COHERENCE_POINTS]


def _near_count(c: Candidate, points: list[tuple[float, float, str, int]], qkey: str) -> int:
    """Other names' places within :data:`COHERENCE_KM` of ``c`` (not this name's own first
    reading), counted up to 3."""
    near = 0
    for lat, lon, key, n in points:
        if key != qkey and haversine_km(c.lat, c.lon, lat, lon) <= COHERENCE_KM:  # type: ignore[arg-type]
            near += n
            if near >= 3:
                return 3
    return near


class Resolver:
    """Resolves mentions to gazetteer entries; see the module docstring."""

    def __init__(self, gazetteer: Gazetteer, *, max_candidates: int = 40) -> None:
        self.gaz = gazetteer
        self.max_candidates = max_candidates
        # (country, admin1) of the admin regions named → the names that named them
        self._regions: dict[tuple[str, str], set[str]] = {}
        self._first: list[Candidate | None] = []  # first-pass resolutions of the mentions
        self._votes: Counter[str] = Counter()  # country votes of the document (see _focus)
        self._name_votes: dict[str, tuple[str, float]] = {}  # name key → (country, vote)
        self._sense: dict[str, Candidate] = {}  # name key → its sense where the text locates it
        self._list_kinds: dict[int, tuple[str, str, int] | None] = {}  # id(mention) → its list's majority
        self._a1_votes: Counter[tuple[str, str]] = Counter()  # admin1 → distinct names first read there
        self._a1_names: dict[str, tuple[str, str]] = {}  # name key → the admin1 of its first reading
        self._named_countries: dict[str, set[str]] = {}  # countries the document names → by which names

    def __call__(self, mentions: list[Mention], *, nationalities: Iterable[str] = ()) -> list[Place]:
        self._regions = {}
        for m in mentions:
            if not m.candidates:
                m.candidates = self.gaz.lookup(m.query, limit=self.max_candidates)
            if m.kind and not any(_kind_ok(c, m.kind) for c in m.candidates):
                if any(c.is_country and c.match == "exact" for c in m.candidates):
                    m.kind = None  # "the Far North region of Cameroon": the country contains it
                    continue
                wider = self.gaz.lookup(m.query, expand=True, limit=self.max_candidates)
                m.candidates = [
                    c for c in wider if c.match == "exact" or c.similarity >= EXPAND_MIN_SIMILARITY
                ]
        focus = self._focus(mentions, nationalities)
        first = [self._best(m, focus, None) for m in mentions]
        if self._apply_containers(mentions, first):
            first = [self._best(m, focus, None) for m in mentions]
        points = [
            (c.lat, c.lon, name_key(m.query))
            for m, c in zip(mentions, first, strict=True)
            if c is not None and c.lat is not None and not c.is_country
        ]
        self._first = first
        self._list_kinds = {}
        self._admin1_votes(mentions, first)
        points = _distinct_points(points)
        # admin1 regions named, or holding an admin2 region named ("Adair County" → Kentucky)
        for m, c in zip(mentions, first, strict=True):
            if c is not None and c.is_admin:
                self._regions.setdefault((c.country_code, c.admin1_code), set()).add(name_key(m.query))
        # one sense per document: a bare name takes the sense it has where the text says
        # where it is ("GLASGOW, Ky. ... in Glasgow")
        sense: dict[str, Candidate] = {}
        for m in mentions:
            if (m.countries or m.regions) and m.container is not None:
                best = self._best(m, focus, points)
                if best is not None:
                    sense.setdefault(name_key(m.query), best)
        self._sense = sense
        chosen: dict[str, Candidate] = {}
        bests: list[Candidate | None] = []
        for m in mentions:
            key = (
                f"{m.query.lower()}|{m.kind}|{m.contains}|{','.join(sorted(m.countries))}|{sorted(m.regions)}"
            )
            best = chosen.get(key)
            if best is None and not (m.kind or m.countries or m.regions or m.contains):
                best = sense.get(name_key(m.query))
            best = best or self._best(m, focus, points)
            if best is not None:
                chosen[key] = best
            bests.append(best)
        places = []
        for m, best in zip(mentions, bests, strict=True):
            anchor = self._anchor(m, best, mentions, bests)
            if anchor is not None:
                places.append(self._anchored_place(m, anchor, mentions))
            else:
                places.append(self._place(m, best, focus, points))
        return places

    @staticmethod
    def _anchor(
        m: Mention, best: Candidate | None, mentions: list[Mention], bests: list[Candidate | None]
    ) -> Candidate | None:
        """The resolved place that locates ``m`` when ``m``'s own reading does not lie in
        it: "Giza's Haram district" (no Haram in Egypt), "Stroud, Ontario" (no Stroud in
        the gazetteer's Ontario), "the Abu Shok camp in Al-Fashir", "Kfraya in Idlib"
        (unknown name). None when ``m``'s reading is consistent with it, or there is none."""
        k = m.owner if m.owner is not None else m.container
        if k is None or k >= len(bests) or bests[k] is None:
            return None
        if (
            m.owner is None
            and m.container_link == "in"
            and (
                any(c.match == "exact" for c in m.candidates)
                or not m.query.replace(" ", "").replace("-", "").isalpha()
                or bests[k].is_country
                or bests[k].feature_code == "CONT"  # type: ignore[union-attr]
            )
        ):
            return None  # a bare "X in Y" only locates an unknown name, in a region or town
        if m.owner is None and m.container_link == "comma" and not mentions[k].contains:
            return None  # "Alabama, Arizona, Arkansas": a list, not a container
        box = bests[k]
        assert box is not None
        if box.is_region:
            return None
        if best is None:
            return box
        if best.is_country or best.is_region or best.feature_code in ("ADM1", "CONT"):
            return None
        if m.regions and (best.country_code, best.admin1_code) not in m.regions:
            if best.feature_class == "P" and best.population >= LIST_CITY_POPULATION:
                return None  # "Los Angeles, Miami, New York": a list of cities, not Miami in New York
            return box
        if m.countries and best.country_code not in m.countries and box.country_code in m.countries:
            return box
        return None

    @staticmethod
    def _anchored_place(m: Mention, box: Candidate, mentions: list[Mention]) -> Place:
        """``m`` placed at the place that locates it, at ACLED precision 2 (part of / near
        a town or district) or 3 (only the admin1 region or country is known)."""
        place = Place(text=m.text, start=m.start, end=m.end, method=f"{m.source}+anchor")
        _fill(place, box)
        place.precision = 2 if box.feature_class == "P" or box.feature_code == "ADM2" else 3
        place.score = 0.5
        k = m.owner if m.owner is not None else m.container
        where = mentions[k].text if k is not None else box.name
        what = "not in the gazetteer" if not m.candidates else "not in the gazetteer there"
        place.reason = (
            f"{m.query!r} is {what}: located by {where!r} ({box.name}), precision {place.precision}"
        )
        return place

    @staticmethod
    def _apply_containers(mentions: list[Mention], first: list[Candidate | None]) -> bool:
        """Country/region hints from a following container ("Mosul, Iraq", "Glasgow, Ky.")
        or a possessive owner ("Cairo's Abbasiya"), read on their first-pass resolution.
        True if any hint was added."""
        added = False
        for m in mentions:
            owner = first[m.owner] if m.owner is not None else None
            if owner is not None and not any(c.is_country for c in m.candidates):
                m.countries = m.countries | {owner.country_code}  # "Giza's Haram district"
                added = True
            if m.container is None:
                continue
            box = mentions[m.container]
            if (
                m.container_link == "in"
                and m.candidates
                and not any(_near_or_within(c, b) for c in m.candidates for b in box.candidates)
            ):
                continue  # "refugees from Aleppo in Turkey": not a container
            boxed = first[m.container]
            if (
                boxed is not None
                and not (boxed.is_country or boxed.feature_code == "ADM1")
                and m.container_link != "comma"
                and boxed.country_code
            ):
                m.countries = m.countries | {boxed.country_code}  # "the Abu Shok camp in Al-Fashir"
                added = True
                continue
            # the container's reading that holds one of this name's candidates ("Atlanta,
            # Georgia": the US state, not the country), else its first-pass reading
            holding = [
                b
                for b in box.candidates
                if (b.is_country or b.feature_code == "ADM1") and any(_within(c, b) for c in m.candidates)
            ]
            cont = max(holding, key=lambda b: b.prior()) if holding else first[m.container]
            if cont is None or not (cont.is_country or cont.feature_code == "ADM1"):
                continue
            if holding and not (box.countries or box.regions):
                box.countries = {cont.country_code}
                if cont.feature_code == "ADM1":
                    box.regions = {(cont.country_code, cont.admin1_code)}
            if any(c.is_country for c in m.candidates):
                continue  # a list of countries ("China, Japan"), not a town in a country
            m.countries = m.countries | {cont.country_code}
            if cont.feature_code == "ADM1":  # "Springfield, Ill."
                m.regions = m.regions | {(cont.country_code, cont.admin1_code)}
            added = True
        return added

    # -------------------------------------------------------------- scoring

    def _focus(self, mentions: list[Mention], nationalities: Iterable[str]) -> dict[str, float]:
        """Share of each country in the document: one vote per distinct name (a country
        named, a place found in one country only, or the likeliest reading of another)."""
        votes: Counter[str] = Counter()
        self._name_votes = {}
        self._named_countries = {}
        for m in mentions:
            cands = m.candidates
            key = name_key(m.query)
            if not cands or key in self._name_votes:
                continue
            top = max(cands, key=lambda c: c.prior())
            if not top.country_code:
                continue  # a continent, a sea, a region across borders: no country vote
            if top.is_country:
                vote = 1.0
                if top.match == "exact":
                    self._named_countries.setdefault(top.country_code, set()).add(key)
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

    def _admin1_votes(self, mentions: list[Mention], first: list[Candidate | None]) -> None:
        """The admin1 region of each distinct name's first reading below country level."""
        self._a1_names = {}
        for m, c in zip(mentions, first, strict=True):
            key = name_key(m.query)
            if c is None or c.is_country or not c.admin1_code or key in self._a1_names:
                continue
            self._a1_names[key] = (c.country_code, c.admin1_code)
        self._a1_votes = Counter(self._a1_names.values())

    def _admin1_focus(self, qkey: str) -> tuple[str, str] | None:
        """The admin1 region most other names of the document were read in (a local paper's
        unnamed state), None when no region clearly dominates."""
        votes = Counter(self._a1_votes)
        own = self._a1_names.get(qkey)
        if own is not None:
            votes[own] -= 1
        total = sum(votes.values())
        if not total:
            return None
        region, n = votes.most_common(1)[0]
        if n >= ADMIN1_FOCUS_MIN_NAMES and n >= ADMIN1_FOCUS_SHARE * total:
            return region
        return None

    def _list_bonus(self, m: Mention, c: Candidate) -> float:
        """Items of a list are alike: "Colorado, Georgia, Illinois, New York" are US
        states; "Vancouver, Toronto and Ottawa" Canadian towns. Bonus for a candidate of
        the kind (and country) most of the other items resolved to in the first pass."""
        if id(m) not in self._list_kinds:  # the same for every candidate of the mention
            self._list_kinds[id(m)] = self._list_majority(m)
        majority = self._list_kinds[id(m)]
        if majority is None:
            return 0.0
        cls, cc, n = majority
        if 2 * n <= len(m.siblings) or _kind_class(c) != cls:  # a strict majority of the others
            return 0.0
        return LIST_BONUS if c.country_code == cc or cls == "country" else LIST_BONUS / 3

    def _list_majority(self, m: Mention) -> tuple[str, str, int] | None:
        """The commonest (kind, country) of the other items' first readings, and how many."""
        kinds: Counter[tuple[str, str]] = Counter()
        for k in m.siblings:
            other = self._first[k] if k < len(self._first) else None
            if other is not None:
                kinds[(_kind_class(other), other.country_code)] += 1
        if not kinds:
            return None
        (cls, cc), n = kinds.most_common(1)[0]
        return cls, cc, n

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
        points: list[tuple[float, float, str, int]] | None,
    ) -> list[tuple[float, Candidate]]:
        cands = m.candidates
        if m.kind and any(_kind_ok(c, m.kind) for c in cands):
            cands = [c for c in cands if _kind_ok(c, m.kind)]
        out = []
        qkey = name_key(m.query)
        has_adm1 = any(c.feature_code == "ADM1" for c in cands)
        support = self._support(qkey)
        a1_focus = self._admin1_focus(qkey) if points is not None else None
        supported = any(
            support.get(c.country_code, 0.0) >= SUPPORT_MIN
            and (c.population >= SUPPORTED_MIN_POPULATION or c.is_admin)
            for c in cands
        )
        capital_ok = not any(c.is_country for c in cands)
        for c in cands:
            s = c.prior()
            s += FOCUS_WEIGHT * focus.get(c.country_code, 0.0)
            if (
                supported
                and not support.get(c.country_code)
                and not (c.is_country or c.feature_code == "ADM1")
            ):
                s -= UNSUPPORTED_PENALTY  # "London" in a story whose other places are all in Canada
            if m.countries:
                s += HINT_BONUS if c.country_code in m.countries else -HINT_BONUS
            if m.regions and (c.country_code, c.admin1_code) in m.regions:
                s += HINT_BONUS
            if m.contains and (c.is_country or c.feature_code == "ADM1"):
                s += KIND_BONUS  # "Bronx, New York": the state
            if m.kind and _kind_ok(c, m.kind):
                s += KIND_BONUS * (1.0 if m.kind != "any" else 0.0)
                if m.kind == "admin" and c.feature_code == "ADM2" and has_adm1:
                    s -= KIND_BONUS  # "the province of Ontario": the admin1 region, not a US county
            if not m.kind and _seat_of_namesake(c, cands):
                s += SEAT_BONUS
            if name_key(c.name) == qkey:
                s += PRIMARY_BONUS
            if (
                capital_ok
                and c.feature_code == "PPLC"
                and self._named_countries.get(c.country_code, {qkey}) - {qkey}
            ):
                s += CAPITAL_BONUS  # "Washington" in a story that names the U.S. (not "Mexico" by "Mexico")
            if c.match == "skeleton":
                s -= (100.0 - c.similarity) / 40.0 + 0.1
            named = self._regions.get((c.country_code, c.admin1_code))
            if (c.feature_class == "P" or c.feature_code == "ADM2") and (
                named and (len(named) > 1 or qkey not in named)
            ):  # in a region named by another name (not "Quebec" the city by "Quebec")
                s += REGION_BONUS
            elif (
                a1_focus is not None
                and (c.feature_class == "P" or c.feature_code in ("ADM1", "ADM2"))
                and (c.country_code, c.admin1_code) == a1_focus
            ):
                s += ADMIN1_FOCUS_BONUS  # the article's own region, named or not (and the region itself:
                # "Quebec" in a story about Montreal's suburbs stays the province)
            if (
                points is not None
                and m.siblings
                and (c.population >= LIST_MIN_POPULATION or c.is_admin or c.is_country)
            ):
                s += self._list_bonus(m, c)  # not for hamlets: "New York City and [Florida]"
            if points and c.lat is not None and not c.is_country:
                s += COHERENCE_WEIGHT * _near_count(c, points, qkey) / 3
            out.append((s, c))
        out.sort(key=lambda t: -t[0])
        return out

    def _best(
        self, m: Mention, focus: dict[str, float], points: list[tuple[float, float, str, int]] | None
    ) -> Candidate | None:
        scored = self._scores(m, focus, points)
        return scored[0][1] if scored else None

    def _stray_hamlet(self, m: Mention, best: Candidate) -> bool:
        """A small town that is the only reading of a name, in a country that nothing else in
        the document points at, while the document clearly is about another country
        ("Heathrow and Gatwick" in a British story: not Heathrow, Florida). A wrong place is
        worse than none."""
        if (
            best.feature_class != "P"
            or best.population >= SMALL_NAMESAKE
            or m.countries
            or m.regions
            or m.kind
        ):
            return False
        if m.container is not None or m.owner is not None or name_key(m.query) in self._sense:
            return False  # located by the text, here or elsewhere ("Churchill, Man. ... in Churchill")
        support = self._support(name_key(m.query))  # the other names' votes, not this one's
        if support.get(best.country_code):
            return False
        return max(support.values(), default=0.0) >= CLEAR_FOCUS

    def _place(
        self,
        m: Mention,
        best: Candidate | None,
        focus: dict[str, float],
        points: list[tuple[float, float, str, int]] | None,
    ) -> Place:
        place = Place(text=m.text, start=m.start, end=m.end, method=m.source)
        if best is None:
            place.reason = (
                f"no gazetteer entry matches {m.query!r}"
                if not m.candidates
                else f"no candidate of the kind asked for ({m.kind}) for {m.query!r}"
            )
            return place
        if self._stray_hamlet(m, best):
            place.reason = (
                f"only a small namesake ({best.name}, {best.country_code}, population {best.population}) in a country "
                "the document is not about"
            )
            return place
        weak = best.match == "skeleton" and not (best.is_country or best.feature_code == "ADM1")
        # the other names' support, not the vote of this reading itself: "Lambi" (a forest in an
        # Indian story) read as Lamb County, Texas would otherwise vote the US into the focus
        support = self._support(name_key(m.query)) if weak else {}
        if weak and support and support.get(best.country_code, 0.0) < SKELETON_MIN_FOCUS:
            place.reason = (
                f"only a transliteration match ({best.matched!r}, {best.similarity:.0f}%) in a country "
                "the document is not about"
            )
            return place
        scored = self._scores(m, focus, points)
        z = [math.exp((s - scored[0][0]) / TEMPERATURE) for s, _ in scored]
        share = next((z[k] for k, (_, c) in enumerate(scored) if c.geonameid == best.geonameid), z[0]) / sum(
            z
        )
        _fill(place, best)
        notes = []
        region = region_info().get(best.geonameid) if best.is_region else None
        if m.precision is not None:
            place.precision = m.precision
        elif region is not None:
            place.precision = region.precision
        elif best.feature_class == "P":
            place.precision = 1
        elif best.feature_code == "ADM2":
            place.precision = 2
        else:
            place.precision = 3
        if m.near and place.precision == 1:
            place.precision = 2  # "the outskirts of Aleppo", "near Mosul", "north of Tikrit"
            notes.append(f"precision 2: {m.near!r} the place")
        place.score = share * (best.similarity / 100.0)
        place.method = f"{m.source}+{best.match}"
        if region is not None:
            notes.append(f"region or physical feature from data/regions.tsv ({region.note})")
            if region.geonameid is None:
                place.geonameid = None
                notes.append("no GeoNames id known for it")
        if best.match == "skeleton":
            notes.append(f"transliteration match to {best.matched!r} ({best.similarity:.0f}%)")
        if best.coord_source.endswith("centroid"):
            notes.append("coordinates are the centroid of the region's places")
        if len(scored) > 1 and share < 0.6:
            notes.append(f"ambiguous: {len(scored)} candidates")
        place.reason = "; ".join(notes)
        return place
