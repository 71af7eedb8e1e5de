"""The store's read queries: the one query layer of the CLI, the exports and the REST API.

Input: an open connection to a store and :class:`EventFilters` (validated; a bad value raises
:class:`FilterError` naming the filter). Output: JSON-ready dicts. The ``events`` table is the
flat, indexed row every listing, facet and aggregate reads (one row per real-world event,
deduplicated across documents, corrections applied); ``marsad events --format csv`` and
``GET /api/events.csv`` write the same :data:`ROW_FIELDS` through :func:`write_csv`. Counts over
time, statistics, places and actors are :mod:`marsad.store.summaries`, on these filters.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import and_, distinct, func, literal_column, or_, select
from sqlalchemy.engine import Connection

from marsad.store import schema as S
from marsad.store.dedup import haversine_km, name_key
from marsad.store.review import MAX_INT, STATUSES

E = S.events.c
FACETS = {
    "type": E.type,
    "acled_event_type": E.acled_event_type,
    "sub_event_type": E.acled_sub_event_type,
    "country": E.country_code,
    "admin1": E.admin1,
    "certainty": E.certainty,
    "status": E.status,
}
SORTS = {"date": E.date_start, "confidence": E.confidence, "fatalities": E.fatalities, "id": E.id}
FACET_LIMIT = 30

# one flat row per event: the columns of the API's event list and of both CSVs
ROW_COLUMNS = {
    "id": E.id,
    "document_id": E.document_id,
    "type": E.type,
    "acled_event_type": E.acled_event_type,
    "sub_event_type": E.acled_sub_event_type,
    "country": E.country_code,
    "admin1": E.admin1,
    "place_name": E.location_name,
    "geonameid": E.geonameid,
    "lat": E.latitude,
    "lon": E.longitude,
    "precision": E.geo_precision,
    "date_start": E.date_start,
    "date_end": E.date_end,
    "granularity": E.granularity,
    "confidence": E.confidence,
    "certainty": E.certainty,
    "negated": E.negated,
    "fatalities": E.fatalities,
    "fatalities_low": E.fatalities_low,
    "fatalities_high": E.fatalities_high,
    "source_count": E.source_count,
    "status": E.status,
    "needs_review": E.needs_review,
    "actors_text": E.actors_text,
    "evidence": E.notes,
}
ROW_FIELDS = list(ROW_COLUMNS)


class FilterError(ValueError):
    """A bad filter value: ``param`` names it, the message says what is accepted."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


def _list(value: Any) -> list[str]:
    """A filter's values: a string (comma-separated), or a list of them."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list | tuple | set) else [value]
    out: list[str] = []
    for item in items:
        out.extend(v.strip() for v in str(item).split(",") if v.strip())
    return out


def parse_day(param: str, value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise FilterError(param, f"expected a date YYYY-MM-DD, got {str(value)[:40]!r}") from exc


def country_code(value: str) -> str:
    """ISO alpha-2 from an alpha-2, alpha-3 or numeric code or a country name."""
    import pycountry

    v = value.strip()
    try:
        found = pycountry.countries.get(numeric=v.zfill(3)) if v.isdigit() else pycountry.countries.lookup(v)
    except LookupError:
        found = None
    if found is None:
        raise FilterError("country", f"unknown country {value[:40]!r} (use an ISO 3166 code or name)")
    return str(found.alpha_2)


@dataclass
class EventFilters:
    """Every event filter of the CLI and the API (all must hold)."""

    actor: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    sub_event_type: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None
    min_confidence: float | None = None
    certainty: list[str] = field(default_factory=list)
    bbox: tuple[float, float, float, float] | None = None
    status: list[str] = field(default_factory=list)
    geonameid: int | None = None
    document: list[str] = field(default_factory=list)
    q: str | None = None
    min_sources: int | None = None
    needs_review: bool | None = None
    near: str | tuple[float, float] | None = None
    km: float = 50.0

    @classmethod
    def make(cls, **given: Any) -> EventFilters:
        """Filters from plain values (strings, lists, numbers), validated."""
        from marsad.model import CERTAINTIES

        unknown = sorted(k for k, v in given.items() if k not in cls.__dataclass_fields__ and v is not None)
        if unknown:
            raise FilterError(unknown[0], "unknown filter")
        f = cls()
        for name in ("actor", "type", "sub_event_type", "admin1", "document"):
            setattr(f, name, _list(given.get(name)))
        f.country = [country_code(c) for c in _list(given.get("country"))]
        f.since = parse_day("since", given.get("since"))
        f.until = parse_day("until", given.get("until"))
        if given.get("min_confidence") not in (None, ""):
            try:
                f.min_confidence = float(given["min_confidence"])
            except (TypeError, ValueError) as exc:
                raise FilterError("min_confidence", "expected a number in [0, 1]") from exc
            if not 0 <= f.min_confidence <= 1:
                raise FilterError("min_confidence", "expected a number in [0, 1]")
        f.certainty = _list(given.get("certainty"))
        bad = [c for c in f.certainty if c not in CERTAINTIES]
        if bad:
            raise FilterError(
                "certainty", f"unknown certainty {bad[0]!r}; accepted: {', '.join(CERTAINTIES)}"
            )
        f.status = _list(given.get("status"))
        bad = [s for s in f.status if s not in STATUSES]
        if bad:
            raise FilterError("status", f"unknown status {bad[0][:40]!r}; accepted: {', '.join(STATUSES)}")
        if given.get("bbox") not in (None, ""):
            f.bbox = _bbox(given["bbox"])
        if given.get("geonameid") not in (None, ""):
            f.geonameid = _bounded_int("geonameid", given["geonameid"], 0, MAX_INT)
        f.q = str(given["q"]) if given.get("q") not in (None, "") else None
        if given.get("min_sources") not in (None, "", 0):
            f.min_sources = _bounded_int("min_sources", given["min_sources"], 1, MAX_INT)
        if given.get("needs_review") is not None:
            f.needs_review = bool(given["needs_review"])
        f.near = given.get("near") or None
        if given.get("km") is not None:
            f.km = float(given["km"])
        return f

    def conditions(self, conn: Connection) -> list[Any]:
        """SQL conditions on ``events`` (``near`` adds a bounding box; :func:`rows` checks the radius)."""
        cond: list[Any] = []
        if self.actor:
            ids: set[str] = set()
            for a in self.actor:
                ids |= resolve_actor_ids(conn, a)
            cond.append(
                E.id.in_(select(S.event_actors.c.event_id).where(S.event_actors.c.actor_id.in_(sorted(ids))))
            )
        if self.type:
            cond.append(
                or_(
                    E.type.in_([t.upper() for t in self.type]),
                    E.acled_event_type.in_(self.type),
                    E.acled_sub_event_type.in_(self.type),
                )
            )
        if self.sub_event_type:
            cond.append(E.acled_sub_event_type.in_(self.sub_event_type))
        if self.country:
            cond.append(E.country_code.in_(self.country))
        if self.admin1:
            cond.append(E.admin1.in_(self.admin1))
        if self.since:
            cond.append(func.coalesce(E.date_end, E.date_start) >= self.since)
        if self.until:
            cond.append(E.date_start <= self.until)
        if self.min_confidence is not None:
            cond.append(E.confidence >= self.min_confidence)
        if self.certainty:
            cond.append(E.certainty.in_(self.certainty))
        if self.status:
            cond.append(E.status.in_(self.status))
        if self.bbox:
            west, south, east, north = self.bbox
            lat = E.latitude.between(south, north)
            if west <= east:
                cond.append(and_(lat, E.longitude.between(west, east)))
            else:  # crosses the antimeridian
                cond.append(and_(lat, or_(E.longitude >= west, E.longitude <= east)))
        if self.geonameid is not None:
            cond.append(E.geonameid == self.geonameid)
        if self.document:
            cond.append(
                E.id.in_(
                    select(S.event_sources.c.event_id).where(S.event_sources.c.document_id.in_(self.document))
                )
            )
        if self.q:
            low = self.q.lower()
            cond.append(
                or_(
                    func.lower(E.notes).contains(low, autoescape=True),
                    func.lower(E.actors_text).contains(low, autoescape=True),
                    func.lower(E.location_name).contains(low, autoescape=True),
                )
            )
        if self.min_sources:
            cond.append(E.source_count >= self.min_sources)
        if self.needs_review is not None:
            cond.append(E.needs_review.is_(self.needs_review))
        if self.near is not None:
            center = self.center(conn)
            dlat = self.km / 111.0
            dlon = self.km / (111.0 * max(0.05, math.cos(math.radians(center[0]))))
            cond.append(E.latitude.between(center[0] - dlat, center[0] + dlat))
            cond.append(E.longitude.between(center[1] - dlon, center[1] + dlon))
        return cond

    def center(self, conn: Connection) -> tuple[float, float]:
        near = self.near
        found = near if isinstance(near, tuple) else resolve_place(conn, str(near))
        if found is None:
            raise LookupError(
                f"unknown place: {near!r} (give a place in the store, a GeoNames id or 'lat,lon')"
            )
        return found


def _bounded_int(param: str, value: Any, lo: int, hi: int) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError) as exc:
        raise FilterError(param, f"expected an integer, got {str(value)[:40]!r}") from exc
    if not lo <= n <= hi:
        raise FilterError(param, f"must be between {lo} and {hi}")
    return n


def _bbox(value: Any) -> tuple[float, float, float, float]:
    parts = value if isinstance(value, list | tuple) else str(value).split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError as exc:
        raise FilterError("bbox", "expected west,south,east,north in degrees") from exc
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise FilterError("bbox", "expected west,south,east,north with -180<=lon<=180, -90<=south<=north<=90")
    return west, south, east, north


# ---------------------------------------------------------------------- lookups
def dictionary_ids(actor: str) -> set[str]:
    """Ids of the dictionary actors ``actor`` names by any alias, former name or
    transliteration ("Daesh" → ISIS), even one no stored document used."""
    from marsad.actors.aliases import actor_ids_for

    try:
        return set(actor_ids_for(actor[:200]))
    except (OSError, ValueError):  # an unreadable MARSAD_ACTORS file: match stored names only
        return set()


def resolve_actor_ids(conn: Connection, actor: str) -> set[str]:
    """Actor ids an actor filter may mean: an id, a canonical name, an alias or a mention text
    of a known actor, a dictionary alias, or the (folded) name of an unresolved one."""
    low = actor.lower()
    ids = set(
        conn.execute(
            select(S.actors.c.id).where(or_(S.actors.c.id == actor, func.lower(S.actors.c.name) == low))
        ).scalars()
    )
    ids |= set(
        conn.execute(
            select(S.actor_names.c.actor_id).where(func.lower(S.actor_names.c.name) == low)
        ).scalars()
    )
    ids.add(actor)
    ids |= dictionary_ids(actor)
    if key := name_key(actor):
        ids.add(key)  # an unresolved actor, keyed by its folded name
    return ids


def resolve_place(conn: Connection, place: str) -> tuple[float, float] | None:
    """``lat,lon`` or a place name/GeoNames id known to the store → (lat, lon)."""
    parts = place.replace(" ", "").split(",")
    if len(parts) == 2:
        try:
            return float(parts[0]), float(parts[1])
        except ValueError:
            pass
    p = S.places.c
    cond = p.geonameid == int(place) if place.isdigit() else func.lower(p.name) == place.lower()
    row = conn.execute(select(p.latitude, p.longitude).where(cond, p.latitude.is_not(None))).first()
    if row is None:
        row = conn.execute(
            select(E.latitude, E.longitude)
            .where(func.lower(E.location_name) == place.lower(), E.latitude.is_not(None))
            .limit(1)
        ).first()
    return (row[0], row[1]) if row else None


# ---------------------------------------------------------------------- event lists
def _order(sort: str) -> list[Any]:
    key = sort.lstrip("-")
    if key not in SORTS:
        raise FilterError("_sort", f"expected one of {', '.join(SORTS)} (prefix - for descending)")
    col = SORTS[key]
    return [col.desc() if sort.startswith("-") else col.asc(), E.id]


def iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def flat(row: Any) -> dict[str, Any]:
    """A result row of :data:`ROW_COLUMNS` as a JSON-ready dict."""
    d = {k: iso(row[k]) for k in ROW_FIELDS}
    d["negated"] = bool(d["negated"])
    d["needs_review"] = bool(d["needs_review"])
    return d


def select_events(
    conn: Connection, f: EventFilters, *, sort: str = "-date", limit: int | None = 100, offset: int = 0
) -> list[Any]:
    """The ``events`` rows (all columns) matching ``f``, sorted, paged."""
    query = select(S.events).where(*f.conditions(conn)).order_by(*_order(sort))
    if f.near is None:
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return list(conn.execute(query).mappings().all())
    center = f.center(conn)
    rows = [
        r
        for r in conn.execute(query).mappings()
        if haversine_km(center[0], center[1], r["latitude"], r["longitude"]) <= f.km
    ]
    return rows[offset : (offset + limit) if limit is not None else None]


def rows(
    conn: Connection, f: EventFilters, *, sort: str = "-date", limit: int | None = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Flat event rows (:data:`ROW_FIELDS`) matching ``f``: the API's list and both CSVs."""
    query = (
        select(*(c.label(k) for k, c in ROW_COLUMNS.items()))
        .where(*f.conditions(conn))
        .order_by(*_order(sort))
    )
    if f.near is None:
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return [flat(r) for r in conn.execute(query).mappings()]
    center = f.center(conn)
    found = [
        r
        for r in conn.execute(query).mappings()
        if haversine_km(center[0], center[1], r["lat"], r["lon"]) <= f.km
    ]
    return [flat(r) for r in found[offset : (offset + limit) if limit is not None else None]]


def count(conn: Connection, f: EventFilters) -> int:
    if f.near is not None:
        return len(select_events(conn, f, limit=None))
    return int(
        conn.execute(select(func.count()).select_from(S.events).where(*f.conditions(conn))).scalar_one()
    )


def write_csv(event_rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """Flat event rows as CSV (formula cells neutralised): the CLI's and the API's CSV."""
    from marsad.export.csvsafe import safe_dict_writer

    writer = safe_dict_writer(out, ROW_FIELDS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(event_rows)


def facet(conn: Connection, name: str, f: EventFilters) -> list[dict[str, Any]]:
    """The top values of a facet (``FACETS`` or ``actor``) among the filtered events, with counts."""
    where = f.conditions(conn)
    if name == "actor":
        ea = S.event_actors.c
        n = func.count(distinct(ea.event_id)).label("n")
        stmt = select(ea.actor_id.label("value"), n)
        if where:
            stmt = stmt.join(S.events, E.id == ea.event_id).where(*where)
        top = (
            stmt.group_by(ea.actor_id)
            .order_by(literal_column("n").desc(), ea.actor_id)
            .limit(FACET_LIMIT)
            .subquery()
        )
        found = conn.execute(
            select(top.c.value, S.actors.c.name.label("label"), top.c.n)
            .outerjoin(S.actors, S.actors.c.id == top.c.value)
            .order_by(top.c.n.desc(), top.c.value)
        )
        return [dict(r._mapping) for r in found]
    if name not in FACETS:
        raise FilterError("_facet", f"unknown facet {name!r}; accepted: {', '.join([*FACETS, 'actor'])}")
    column = FACETS[name]
    stmt = (
        select(column.label("value"), func.count().label("n"))
        .where(*where)
        .group_by(column)
        .order_by(literal_column("n").desc(), column)
        .limit(FACET_LIMIT)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]
