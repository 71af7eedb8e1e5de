"""Read queries of the API over the read model: filters, paging, facets, aggregates.

Input: query-string parameters (validated here; a bad one raises :class:`QueryError`,
which the app turns into a 400 with the parameter named). Output: plain dicts ready for
JSON. Every aggregate (facets, timeline, map grid, graph) is computed in SQL, so the
browser never receives more than a page of events.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    Engine,
    Select,
    and_,
    distinct,
    func,
    literal_column,
    or_,
    select,
)

from marsad.model import CERTAINTIES
from marsad.serve.readmodel import (
    MAX_INT,
    STATUSES,
    actors,
    documents,
    event_actors,
    event_data,
    events,
    relations,
    reviews,
)

LIST_FILTERS = (
    "actor",
    "type",
    "sub_event_type",
    "country",
    "admin1",
    "start",
    "end",
    "min_confidence",
    "certainty",
    "bbox",
    "status",
    "geonameid",
    "doc",
    "q",
)
CONTROL = ("_size", "_page", "_sort", "_facet")
FACETS = {
    "type": events.c.type,
    "acled_event_type": events.c.acled_event_type,
    "sub_event_type": events.c.sub_event_type,
    "country": events.c.country,
    "admin1": events.c.admin1,
    "certainty": events.c.certainty,
    "status": events.c.status,
}
SORTS = {
    "date": events.c.date_start,
    "confidence": events.c.confidence,
    "fatalities": events.c.fatalities,
    "id": events.c.id,
}
MAX_PAGE_SIZE = 5000
FACET_LIMIT = 30


class QueryError(ValueError):
    """A bad query parameter: ``param`` names it, the message says what is accepted."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


def _date(param: str, value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise QueryError(param, f"expected a date YYYY-MM-DD, got {value[:40]!r}") from exc


def _country_code(value: str) -> str:
    """ISO alpha-2 from alpha-2, alpha-3 or a country name."""
    import pycountry

    try:
        found = pycountry.countries.lookup(value.strip())
    except LookupError as exc:
        raise QueryError("country", f"unknown country {value!r} (use ISO 3166 code or name)") from exc
    return found.alpha_2


def _multi(params: Mapping[str, list[str]], key: str) -> list[str]:
    """Values of a repeatable parameter; comma-separated lists are split too."""
    out: list[str] = []
    for value in params.get(key, []):
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


@dataclass
class EventQuery:
    """A validated ``/api/events`` query."""

    where: list[Any] = field(default_factory=list)
    size: int = 50
    page: int = 1
    sort: str = "-date"
    facets: list[str] = field(default_factory=list)
    args: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, params: Mapping[str, list[str]], *, allow: tuple[str, ...] = ()) -> EventQuery:
        """Validate query parameters (a multi-dict as lists); unknown ones are refused."""
        known = set(LIST_FILTERS) | set(CONTROL) | set(allow)
        unknown = sorted(k for k in params if k not in known)
        if unknown:
            raise QueryError(
                unknown[0], f"unknown parameter; accepted: {', '.join(LIST_FILTERS + CONTROL + allow)}"
            )
        q = cls(args={k: list(v) for k, v in params.items()})
        q.where = build_where(params)
        q.size = _int(params, "_size", 50, 0, MAX_PAGE_SIZE)
        q.page = _int(params, "_page", 1, 1, 10_000_000)
        sort = (params.get("_sort") or ["-date"])[-1]
        if sort.lstrip("-") not in SORTS:
            raise QueryError("_sort", f"expected one of {', '.join(SORTS)} (prefix - for descending)")
        q.sort = sort
        q.facets = _multi(params, "_facet")
        for f in q.facets:
            if f not in FACETS and f != "actor":
                raise QueryError("_facet", f"unknown facet {f!r}; accepted: {', '.join([*FACETS, 'actor'])}")
        return q


def _int(params: Mapping[str, list[str]], key: str, default: int, lo: int, hi: int) -> int:
    raw = params.get(key)
    if not raw:
        return default
    try:
        value = int(raw[-1])
    except ValueError as exc:
        raise QueryError(key, f"expected an integer, got {raw[-1][:40]!r}") from exc
    if not lo <= value <= hi:
        raise QueryError(key, f"must be between {lo} and {hi}")
    return value


def build_where(params: Mapping[str, list[str]]) -> list[Any]:
    """SQL conditions for the event filters (see ``LIST_FILTERS``)."""
    where: list[Any] = []
    if types := _multi(params, "type"):  # PLOVER types are upper-case codes, ACLED types are words
        plover = [t for t in types if t.replace("_", "").isalpha() and t.isupper()]
        acled = [t for t in types if t not in plover]
        conds = ([events.c.type.in_(plover)] if plover else []) + (
            [events.c.acled_event_type.in_(acled)] if acled else []
        )
        where.append(or_(*conds) if len(conds) > 1 else conds[0])
    if subs := _multi(params, "sub_event_type"):
        where.append(events.c.sub_event_type.in_(subs))
    if countries := _multi(params, "country"):
        where.append(events.c.country.in_([_country_code(c) for c in countries]))
    if admin1 := _multi(params, "admin1"):
        where.append(events.c.admin1.in_(admin1))
    if values := params.get("start"):
        where.append(func.coalesce(events.c.date_end, events.c.date_start) >= _date("start", values[-1]))
    if values := params.get("end"):
        where.append(events.c.date_start <= _date("end", values[-1]))
    if values := params.get("min_confidence"):
        try:
            conf = float(values[-1])
        except ValueError as exc:
            raise QueryError("min_confidence", f"expected a number in [0, 1], got {values[-1]!r}") from exc
        if not 0 <= conf <= 1:
            raise QueryError("min_confidence", "expected a number in [0, 1]")
        where.append(events.c.confidence >= conf)
    if certainty := _multi(params, "certainty"):
        bad = [c for c in certainty if c not in CERTAINTIES]
        if bad:
            raise QueryError("certainty", f"unknown certainty {bad[0]!r}; accepted: {', '.join(CERTAINTIES)}")
        where.append(events.c.certainty.in_(certainty))
    if status := _multi(params, "status"):
        bad = [s for s in status if s not in STATUSES]
        if bad:
            raise QueryError("status", f"unknown status {bad[0]!r}; accepted: {', '.join(STATUSES)}")
        where.append(events.c.status.in_(status))
    if values := params.get("bbox"):
        where.append(_bbox(values[-1]))
    if params.get("geonameid"):
        where.append(events.c.geonameid == _int(params, "geonameid", 0, 0, MAX_INT))
    if docs := _multi(params, "doc"):
        where.append(events.c.doc_id.in_(docs))
    if names := _multi(params, "actor"):
        known = sorted({i for n in names for i in _dictionary_ids(n)})
        actor_ids = select(actors.c.id).where(
            or_(
                actors.c.id.in_([*names, *known]),
                func.lower(actors.c.name).in_([n.lower() for n in names]),
                *(
                    actors.c.aliases.ilike(f"%{json.dumps(n, ensure_ascii=False)}%") for n in names
                ),  # a JSON list
            )
        )
        ids = select(event_actors.c.event_id).where(event_actors.c.actor_id.in_(actor_ids))
        where.append(events.c.id.in_(ids))
    if values := params.get("q"):
        like = f"%{values[-1]}%"
        where.append(
            or_(
                events.c.evidence.ilike(like),
                events.c.actors_text.ilike(like),
                events.c.place_name.ilike(like),
            )
        )
    return where


def _dictionary_ids(name: str) -> frozenset[str]:
    """Dictionary actors ``name`` names by any alias or former name ("Daesh" → ISIS)."""
    from marsad.actors.aliases import actor_ids_for

    try:
        return actor_ids_for(name[:200])
    except (OSError, ValueError):
        return frozenset()


def _bbox(value: str) -> Any:
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError as exc:
        raise QueryError("bbox", "expected west,south,east,north in degrees") from exc
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise QueryError("bbox", "expected west,south,east,north with -180<=lon<=180, -90<=south<=north<=90")
    lat = events.c.lat.between(south, north)
    if west <= east:
        return and_(lat, events.c.lon.between(west, east))
    return and_(lat, or_(events.c.lon >= west, events.c.lon <= east))  # crosses the antimeridian


def _filtered(stmt: Select[Any], where: list[Any]) -> Select[Any]:
    return stmt.where(and_(*where)) if where else stmt


LIST_COLUMNS = (
    events.c.id,
    events.c.doc_id,
    events.c.type,
    events.c.acled_event_type,
    events.c.sub_event_type,
    events.c.country,
    events.c.admin1,
    events.c.place_name,
    events.c.geonameid,
    events.c.lat,
    events.c.lon,
    events.c.precision,
    events.c.date_start,
    events.c.date_end,
    events.c.granularity,
    events.c.confidence,
    events.c.certainty,
    events.c.negated,
    events.c.fatalities,
    events.c.status,
    events.c.actors_text,
    events.c.evidence,
)


def list_events(engine: Engine, q: EventQuery) -> dict[str, Any]:
    """A page of events (flat rows), the total count and the requested facets."""
    col = SORTS[q.sort.lstrip("-")]
    order = [col.desc() if q.sort.startswith("-") else col.asc(), events.c.id]
    stmt = (
        _filtered(select(*LIST_COLUMNS), q.where).order_by(*order).limit(q.size).offset((q.page - 1) * q.size)
    )
    with engine.connect() as conn:
        total = conn.execute(_filtered(select(func.count()).select_from(events), q.where)).scalar_one()
        rows = [dict(r._mapping) for r in conn.execute(stmt)] if q.size else []
        facets = {name: facet_counts(conn, name, q.where) for name in q.facets}
    pages = max(1, math.ceil(total / q.size)) if q.size else 1
    return {"total": total, "page": q.page, "size": q.size, "pages": pages, "rows": rows, "facets": facets}


def facet_counts(conn: Any, name: str, where: list[Any]) -> list[dict[str, Any]]:
    """The top values of a facet among the filtered events, with counts."""
    if name == "actor":
        n = func.count(distinct(event_actors.c.event_id)).label("n")
        stmt = select(event_actors.c.actor_id.label("value"), n)
        if where:
            stmt = _filtered(stmt.join(events, events.c.id == event_actors.c.event_id), where)
        top = (
            stmt.group_by(event_actors.c.actor_id)
            .order_by(literal_column("n").desc())
            .limit(FACET_LIMIT)
            .subquery()
        )
        rows = conn.execute(
            select(top.c.value, actors.c.name.label("label"), top.c.n)
            .outerjoin(actors, actors.c.id == top.c.value)
            .order_by(top.c.n.desc())
        )
        return [dict(r._mapping) for r in rows]
    else:
        column = FACETS[name]
        stmt = _filtered(select(column.label("value"), func.count().label("n")), where).group_by(column)
    stmt = stmt.order_by(literal_column("n").desc()).limit(FACET_LIMIT)
    return [{k: v for k, v in r._mapping.items()} for r in conn.execute(stmt)]


def get_event(engine: Engine, event_id: str) -> dict[str, Any] | None:
    """One event with its document (text, metadata), review status and history."""
    with engine.connect() as conn:
        row = conn.execute(
            select(events.c.id, events.c.doc_id, events.c.status, event_data.c.data, event_data.c.original)
            .join(event_data, event_data.c.id == events.c.id)
            .where(events.c.id == event_id)
        ).first()
        if row is None:
            return None
        doc = conn.execute(
            select(
                documents.c.id,
                documents.c.title,
                documents.c.date,
                documents.c.publication,
                documents.c.author,
                documents.c.url,
                documents.c.source,
                documents.c.text,
            ).where(documents.c.id == row.doc_id)
        ).first()
        history = [
            {**dict(r._mapping), "changes": json.loads(r.changes)}
            for r in conn.execute(
                select(reviews).where(reviews.c.event_id == event_id).order_by(reviews.c.id)
            )
        ]
        siblings = [
            dict(r._mapping)
            for r in conn.execute(
                select(
                    events.c.id,
                    events.c.type,
                    events.c.evidence,
                    events.c.evidence_start,
                    events.c.evidence_end,
                )
                .where(events.c.doc_id == row.doc_id, events.c.id != event_id)
                .order_by(events.c.id)
            )
        ]
    event = json.loads(row.data)
    return {
        "id": row.id,
        "status": row.status,
        "event": event,
        "original": json.loads(row.original),
        "corrected": row.data != row.original,
        "source": dict(doc._mapping) if doc else None,
        "history": history,
        "other_events": [
            {
                "id": s["id"],
                "type": s["type"],
                "evidence": {"text": s["evidence"], "start": s["evidence_start"], "end": s["evidence_end"]}
                if s["evidence_start"] is not None
                else None,
            }
            for s in siblings
        ],
    }


def list_actors(engine: Engine, params: Mapping[str, list[str]]) -> dict[str, Any]:
    """Actors with their event counts; ``q`` searches names and aliases, ``sector``/``country`` filter."""
    known = {"q", "sector", "country", "_size", "_page"}
    for k in params:
        if k not in known:
            raise QueryError(k, f"unknown parameter; accepted: {', '.join(sorted(known))}")
    size = _int(params, "_size", 100, 1, MAX_PAGE_SIZE)
    page = _int(params, "_page", 1, 1, 10_000_000)
    counts = (
        select(event_actors.c.actor_id, func.count(distinct(event_actors.c.event_id)).label("events"))
        .group_by(event_actors.c.actor_id)
        .subquery()
    )
    stmt = select(actors, func.coalesce(counts.c.events, 0).label("events")).outerjoin(
        counts, counts.c.actor_id == actors.c.id
    )
    where = []
    if values := params.get("q"):
        like = f"%{values[-1]}%"
        where.append(or_(actors.c.name.ilike(like), actors.c.aliases.ilike(like), actors.c.id.ilike(like)))
    if values := _multi(params, "sector"):
        where.append(actors.c.sector.in_(values))
    if values := _multi(params, "country"):
        where.append(actors.c.country.in_([v.upper() for v in values]))
    with engine.connect() as conn:
        total = conn.execute(_filtered(select(func.count()).select_from(actors), where)).scalar_one()
        rows = conn.execute(
            _filtered(stmt, where)
            .order_by(literal_column("events").desc(), actors.c.name)
            .limit(size)
            .offset((page - 1) * size)
        )
        out = [{**dict(r._mapping), "aliases": json.loads(r.aliases)} for r in rows]
    return {"total": total, "page": page, "size": size, "rows": out}


def get_actor(engine: Engine, actor_id: str) -> dict[str, Any] | None:
    """An actor: aliases, sector, relations (with evidence), monthly timeline, recent events."""
    with engine.connect() as conn:
        row = conn.execute(select(actors).where(actors.c.id == actor_id)).first()
        if row is None:
            return None
        rels = [
            dict(r._mapping)
            for r in conn.execute(
                select(relations, documents.c.title.label("doc_title"))
                .join(documents, documents.c.id == relations.c.doc_id)
                .where(or_(relations.c.source == actor_id, relations.c.target == actor_id))
                .order_by(relations.c.id)
            )
        ]
        names = dict(conn.execute(select(actors.c.id, actors.c.name)).all()) if rels else {}
        ids = select(event_actors.c.event_id).where(event_actors.c.actor_id == actor_id)
        month = events.c.month
        timeline = [
            dict(r._mapping)
            for r in conn.execute(
                select(month.label("bucket"), events.c.type, func.count().label("n"))
                .where(events.c.id.in_(ids), month.is_not(None))
                .group_by(month, events.c.type)
                .order_by(month)
            )
        ]
        recent = [
            dict(r._mapping)
            for r in conn.execute(
                select(*LIST_COLUMNS)
                .where(events.c.id.in_(ids))
                .order_by(events.c.date_start.desc())
                .limit(50)
            )
        ]
    for r in rels:
        other = r["target"] if r["source"] == actor_id else r["source"]
        r["other"] = {"id": other, "name": names.get(other, other)}
    return {
        **dict(row._mapping),
        "aliases": json.loads(row.aliases),
        "relations": rels,
        "timeline": timeline,
        "events": recent,
    }


BUCKETS = {"day": events.c.date_start, "week": events.c.week, "month": events.c.month}


def timeline(engine: Engine, params: Mapping[str, list[str]]) -> dict[str, Any]:
    """Event counts per bucket (``bucket=day|week|month``) split by type, ACLED type or actor (the 10
    actors with most matching events)."""
    q = EventQuery.parse(params, allow=("bucket", "by"))
    bucket = (params.get("bucket") or ["month"])[-1]
    if bucket not in ("day", "week", "month"):
        raise QueryError("bucket", "expected day, week or month")
    by = (params.get("by") or ["type"])[-1]
    if by not in ("type", "actor", "acled_event_type"):
        raise QueryError("by", "expected type, acled_event_type or actor")
    b = BUCKETS[bucket]
    with engine.connect() as conn:
        where = [*q.where, b.is_not(None)]
        if by == "actor":
            counted = select(event_actors.c.actor_id.label("value"), func.count().label("n"))
            if q.where:  # unfiltered: count over the actor index alone
                counted = _filtered(counted.join(events, events.c.id == event_actors.c.event_id), where)
            top = [
                r.value
                for r in conn.execute(
                    counted.group_by(event_actors.c.actor_id).order_by(literal_column("n").desc()).limit(10)
                )
            ]
            series = event_actors.c.actor_id
            where.append(event_actors.c.actor_id.in_(top))
            stmt = select(
                b.label("bucket"), series.label("series"), func.count(distinct(events.c.id)).label("n")
            ).join(event_actors, events.c.id == event_actors.c.event_id)
        else:
            series = events.c.type if by == "type" else events.c.acled_event_type
            stmt = select(b.label("bucket"), series.label("series"), func.count().label("n"))
        rows = conn.execute(_filtered(stmt, where).group_by(b, series).order_by(b))
        data = [{"bucket": r.bucket, "series": r.series or "unknown", "n": r.n} for r in rows]
    return {"bucket": bucket, "by": by, "series": sorted({d["series"] for d in data}), "rows": data}


def grid(engine: Engine, params: Mapping[str, list[str]]) -> dict[str, Any]:
    """Events aggregated into lat/lon cells of ``cell`` degrees: count, fatalities, top type."""
    q = EventQuery.parse(params, allow=("cell",))
    try:
        cell = float((params.get("cell") or ["1"])[-1])
    except ValueError as exc:
        raise QueryError("cell", "expected a number of degrees") from exc
    if not 0.01 <= cell <= 45:
        raise QueryError("cell", "must be between 0.01 and 45 degrees")
    gx = func.floor(events.c.lon / cell).label("gx")
    gy = func.floor(events.c.lat / cell).label("gy")
    where = [*q.where, events.c.lat.is_not(None), events.c.lon.is_not(None)]
    stmt = _filtered(
        select(
            gx,
            gy,
            func.count().label("n"),
            func.sum(func.coalesce(events.c.fatalities, 0)).label("fatalities"),
            func.avg(events.c.lat).label("lat"),
            func.avg(events.c.lon).label("lon"),
        ),
        where,
    ).group_by(gx, gy)
    with engine.connect() as conn:
        cells = [dict(r._mapping) for r in conn.execute(stmt)]
    return {"cell": cell, "cells": cells}


def graph(engine: Engine, params: Mapping[str, list[str]]) -> dict[str, Any]:
    """The actor network: edges are relations aggregated by source, target and type (``count``:
    their number of evidence sentences), the ``limit`` strongest kept; nodes are their actors
    with event counts. ``type`` filters edge types, ``actor`` keeps edges touching these actors,
    ``start``/``end`` keep relations stated in documents published in that period."""
    for k in params:
        if k not in ("type", "actor", "min_count", "limit", "start", "end"):
            raise QueryError(k, "unknown parameter; accepted: type, actor, min_count, limit, start, end")
    where = []
    if types := _multi(params, "type"):
        where.append(relations.c.type.in_(types))
    if ids := _multi(params, "actor"):
        where.append(or_(relations.c.source.in_(ids), relations.c.target.in_(ids)))
    dated = []  # relations stated in documents published in [start, end]
    if values := params.get("start"):
        dated.append(documents.c.date >= _date("start", values[-1]))
    if values := params.get("end"):
        dated.append(documents.c.date <= _date("end", values[-1]))
    if dated:
        where.append(relations.c.doc_id.in_(select(documents.c.id).where(*dated)))
    min_count = _int(params, "min_count", 1, 1, 1_000_000)
    limit = _int(params, "limit", 500, 1, 5000)
    stmt = (
        _filtered(
            select(relations.c.source, relations.c.target, relations.c.type, func.count().label("count")),
            where,
        )
        .group_by(relations.c.source, relations.c.target, relations.c.type)
        .having(func.count() >= min_count)
        .order_by(literal_column("count").desc(), relations.c.source, relations.c.target)
        .limit(limit + 1)
    )
    with engine.connect() as conn:
        edges = [dict(r._mapping) for r in conn.execute(stmt)]
        truncated = len(edges) > limit
        edges = edges[:limit]
        ids_used = {e["source"] for e in edges} | {e["target"] for e in edges}
        counts = (
            dict(
                conn.execute(
                    select(event_actors.c.actor_id, func.count(distinct(event_actors.c.event_id)))
                    .where(event_actors.c.actor_id.in_(ids_used))
                    .group_by(event_actors.c.actor_id)
                ).all()
            )
            if ids_used
            else {}
        )
        node_rows = conn.execute(select(actors).where(actors.c.id.in_(ids_used))).all() if ids_used else []
    nodes = [
        {
            "id": r.id,
            "name": r.name,
            "kind": r.kind,
            "sector": r.sector,
            "country": r.country,
            "events": counts.get(r.id, 0),
        }
        for r in node_rows
    ]
    seen = {n["id"] for n in nodes}
    nodes += [
        {"id": i, "name": i, "kind": None, "sector": None, "country": None, "events": counts.get(i, 0)}
        for i in ids_used - seen
    ]
    return {"nodes": sorted(nodes, key=lambda n: n["id"]), "edges": edges, "truncated": truncated}


def edge_evidence(engine: Engine, source: str, target: str, rel_type: str) -> list[dict[str, Any]]:
    """Every evidence sentence of one edge of the graph, with its document."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(relations, documents.c.title.label("doc_title"), documents.c.date.label("doc_date"))
            .join(documents, documents.c.id == relations.c.doc_id)
            .where(relations.c.source == source, relations.c.target == target, relations.c.type == rel_type)
            .order_by(relations.c.id)
            .limit(200)
        )
        return [dict(r._mapping) for r in rows]


def place(engine: Engine, geonameid: int) -> dict[str, Any] | None:
    """A place as the events name it: name, coordinates, admin1, country and its event counts by type."""
    with engine.connect() as conn:
        first = conn.execute(
            select(
                events.c.place_name,
                events.c.lat,
                events.c.lon,
                events.c.country,
                events.c.admin1,
                events.c.precision,
            )
            .where(events.c.geonameid == geonameid)
            .limit(1)
        ).first()
        if first is None:
            return None
        by_type = dict(
            conn.execute(
                select(events.c.type, func.count())
                .where(events.c.geonameid == geonameid)
                .group_by(events.c.type)
            ).all()
        )
        span = conn.execute(
            select(func.min(events.c.date_start), func.max(events.c.date_start)).where(
                events.c.geonameid == geonameid
            )
        ).first()
    return {
        "geonameid": geonameid,
        "name": first.place_name,
        "lat": first.lat,
        "lon": first.lon,
        "country_code": first.country,
        "admin1": first.admin1,
        "precision": first.precision,
        "events": sum(by_type.values()),
        "events_by_type": by_type,
        "first_date": span[0],
        "last_date": span[1],
    }


def stats(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        return {
            "documents": conn.execute(select(func.count()).select_from(documents)).scalar_one(),
            "events": conn.execute(select(func.count()).select_from(events)).scalar_one(),
            "actors": conn.execute(select(func.count()).select_from(actors)).scalar_one(),
            "relations": conn.execute(select(func.count()).select_from(relations)).scalar_one(),
            "by_status": dict(
                conn.execute(select(events.c.status, func.count()).group_by(events.c.status)).all()
            ),
        }
