"""The store's summaries: counts over time, a map grid, a place's page, the store's statistics,
and the pages of actors (list, summary, names, relations, timeline).

Input: a connection and, for the event counts, :class:`marsad.store.queries.EventFilters`.
Output: JSON-ready dicts, the same for ``marsad timeline``/``stats``/``store place``/``store actors``
and the API's ``/api/timeline``, ``/api/grid``, ``/api/places/{id}``, ``/api/stats`` and
``/api/actors``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import distinct, func, literal_column, or_, select
from sqlalchemy.engine import Connection

from marsad.store import schema as S
from marsad.store.queries import E, EventFilters, FilterError, iso

BUCKETS = ("day", "week", "month", "year")
SERIES = ("type", "acled_event_type", "sub_event_type", "actor", "none")


# ---------------------------------------------------------------------- aggregates
def timeline(
    conn: Connection, f: EventFilters, *, bucket: str = "month", by: str = "type", top: int | None = None
) -> dict[str, Any]:
    """Event counts and fatalities per time bucket (``day``, ``week`` (ISO, Monday), ``month``,
    ``year``) and series (``type``, ``acled_event_type``, ``sub_event_type``, ``actor`` — the ``top``
    actors with most events when given — or ``none``): ``{bucket, by, series, rows: [{bucket,
    series, n, fatalities}]}`` sorted by bucket and series."""
    if bucket not in BUCKETS:
        raise FilterError("bucket", f"expected {', '.join(BUCKETS)}")
    if by not in SERIES:
        raise FilterError("by", f"expected {', '.join(SERIES)}")
    b = {"day": E.date_start, "week": E.week, "month": E.month, "year": func.substr(E.month, 1, 4)}[bucket]
    where = [*f.conditions(conn), E.date_start.is_not(None)]
    fat = func.sum(func.coalesce(E.fatalities, 0)).label("fatalities")
    if by == "actor":
        ea = S.event_actors.c
        if top is not None:
            counted = select(ea.actor_id.label("value"), func.count(distinct(ea.event_id)).label("n"))
            counted = counted.join(S.events, E.id == ea.event_id).where(*where)
            chosen = [
                r.value
                for r in conn.execute(
                    counted.group_by(ea.actor_id).order_by(literal_column("n").desc(), ea.actor_id).limit(top)
                )
            ]
            where.append(ea.actor_id.in_(chosen))
        per = (
            select(b.label("bucket"), ea.actor_id.label("series"), E.id.label("id"), E.fatalities.label("f"))
            .select_from(S.events.join(S.event_actors, E.id == ea.event_id))
            .where(*where)
            .distinct()
            .subquery()
        )
        stmt = select(
            per.c.bucket,
            per.c.series,
            func.count().label("n"),
            func.sum(func.coalesce(per.c.f, 0)).label("fatalities"),
        ).group_by(per.c.bucket, per.c.series)
    else:
        series = {
            "type": E.type,
            "acled_event_type": E.acled_event_type,
            "sub_event_type": E.acled_sub_event_type,
            "none": literal_column("'all'"),
        }[by]
        stmt = select(b.label("bucket"), series.label("series"), func.count().label("n"), fat).where(*where)
        stmt = stmt.group_by(b) if by == "none" else stmt.group_by(b, series)
    data = [
        {
            "bucket": iso(r.bucket),
            "series": r.series or "unknown",
            "n": int(r.n),
            "fatalities": int(r.fatalities or 0),
        }
        for r in conn.execute(stmt)
    ]
    data.sort(key=lambda r: (str(r["bucket"]), str(r["series"])))
    return {"bucket": bucket, "by": by, "series": sorted({d["series"] for d in data}), "rows": data}


def grid(conn: Connection, f: EventFilters, cell: float) -> dict[str, Any]:
    """Located events aggregated into lat/lon cells of ``cell`` degrees."""
    gx = func.floor(E.longitude / cell).label("gx")
    gy = func.floor(E.latitude / cell).label("gy")
    where = [*f.conditions(conn), E.latitude.is_not(None), E.longitude.is_not(None)]
    stmt = (
        select(
            gx,
            gy,
            func.count().label("n"),
            func.sum(func.coalesce(E.fatalities, 0)).label("fatalities"),
            func.avg(E.latitude).label("lat"),
            func.avg(E.longitude).label("lon"),
        )
        .where(*where)
        .group_by(gx, gy)
    )
    return {"cell": cell, "cells": [dict(r._mapping) for r in conn.execute(stmt)]}


def place(conn: Connection, geonameid: int) -> dict[str, Any] | None:
    """A place: its gazetteer record as stored, its events by type and date span, its
    territorial claims; None when no event, claim or record names it."""
    gid = int(geonameid)
    rec = conn.execute(select(S.places).where(S.places.c.geonameid == gid)).mappings().first()
    first = conn.execute(
        select(E.location_name, E.latitude, E.longitude, E.country_code, E.admin1, E.geo_precision)
        .where(E.geonameid == gid)
        .order_by(E.id)
        .limit(1)
    ).first()
    by_type = {
        t: int(n)
        for t, n in conn.execute(
            select(E.type, func.count()).where(E.geonameid == gid).group_by(E.type).order_by(E.type)
        )
    }
    t = S.territory.c
    claims = [
        {
            "actor": r.actor_id,
            "claim": r.claim,
            "certainty": r.certainty,
            "start": iso(r.date_start),
            "end": iso(r.date_end),
            "document_id": r.document_id,
            "evidence": {"text": r.evidence_text, "start": r.evidence_start, "end": r.evidence_end},
        }
        for r in conn.execute(select(S.territory).where(t.geonameid == gid).order_by(t.date_start, t.id))
    ]
    if rec is None and first is None and not claims:
        return None
    span = conn.execute(
        select(func.min(E.date_start), func.max(E.date_start)).where(E.geonameid == gid)
    ).first()
    rec = rec or {}
    return {
        "geonameid": gid,
        "name": rec.get("name") or (first.location_name if first else None),
        "lat": rec.get("latitude")
        if rec.get("latitude") is not None
        else (first.latitude if first else None),
        "lon": rec.get("longitude")
        if rec.get("longitude") is not None
        else (first.longitude if first else None),
        "country_code": rec.get("country_code") or (first.country_code if first else None),
        "admin1": rec.get("admin1") or (first.admin1 if first else None),
        "feature_code": rec.get("feature_code"),
        "precision": first.geo_precision if first else None,
        "events": sum(by_type.values()),
        "events_by_type": by_type,
        "first_date": iso(span[0]) if span else None,
        "last_date": iso(span[1]) if span else None,
        "territory": claims,
    }


def stats(conn: Connection) -> dict[str, Any]:
    """Counts of everything, events by type, status and number of sources, date range, last runs."""

    def n(table: Any) -> int:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    out: dict[str, Any] = {}
    for name in (
        "documents",
        "events",
        "event_sources",
        "actors",
        "places",
        "relations",
        "territory",
        "mentions",
        "sentences",
        "document_revisions",
        "event_reviews",
        "runs",
    ):
        out[name] = n(getattr(S, name))
    out["merged_events"] = int(conn.execute(select(func.count()).where(E.source_count > 1)).scalar_one())
    out["events_by_type"] = {
        k: int(v)
        for k, v in conn.execute(
            select(E.type, func.count()).group_by(E.type).order_by(func.count().desc(), E.type)
        )
    }
    out["events_by_source_count"] = {
        str(k): int(v)
        for k, v in conn.execute(
            select(E.source_count, func.count()).group_by(E.source_count).order_by(E.source_count)
        )
    }
    out["events_by_status"] = {
        k: int(v)
        for k, v in conn.execute(select(E.status, func.count()).group_by(E.status).order_by(E.status))
    }
    out["needs_review"] = int(conn.execute(select(func.count()).where(E.needs_review.is_(True))).scalar_one())
    lo, hi = conn.execute(select(func.min(E.date_start), func.max(E.date_end))).one()
    out["date_range"] = {"start": iso(lo), "end": iso(hi)}
    out["located_events"] = int(
        conn.execute(select(func.count()).where(E.latitude.is_not(None))).scalar_one()
    )
    out["unknown_actors"] = int(
        conn.execute(select(func.count()).where(S.actors.c.known.is_(False))).scalar_one()
    )
    r = S.runs.c
    out["last_runs"] = [
        {
            "id": x.id,
            "pipeline": x.pipeline,
            "version": x.version,
            "status": x.status,
            "documents_done": x.documents_done,
            "started_at": iso(x.started_at),
            "finished_at": iso(x.finished_at),
        }
        for x in conn.execute(select(S.runs).order_by(r.id.desc()).limit(5))
    ]
    return out


# ---------------------------------------------------------------------- actors
def actor_rows(
    conn: Connection,
    *,
    q: str | None = None,
    sector: list[str] | None = None,
    country: list[str] | None = None,
    known: bool | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Actors (name, id or any stored name contains ``q``) with their event counts, most first."""
    a, ea = S.actors.c, S.event_actors.c
    counts = (
        select(ea.actor_id, func.count(distinct(ea.event_id)).label("n")).group_by(ea.actor_id).subquery()
    )
    where: list[Any] = []
    if q:
        low = q.lower()
        where.append(
            or_(
                func.lower(a.name).contains(low, autoescape=True),
                func.lower(a.id).contains(low, autoescape=True),
                a.id.in_(
                    select(S.actor_names.c.actor_id).where(
                        func.lower(S.actor_names.c.name).contains(low, autoescape=True)
                    )
                ),
            )
        )
    if sector:
        where.append(a.sector.in_(sector))
    if country:
        where.append(a.country.in_([c.upper() for c in country]))
    if known is not None:
        where.append(a.known.is_(known))
    total = int(conn.execute(select(func.count()).select_from(S.actors).where(*where)).scalar_one())
    found = conn.execute(
        select(S.actors, func.coalesce(counts.c.n, 0).label("event_count"))
        .outerjoin(counts, counts.c.actor_id == a.id)
        .where(*where)
        .order_by(func.coalesce(counts.c.n, 0).desc(), a.id)
        .offset(offset)
        .limit(limit)
    ).mappings()
    return total, [actor_summary(r) | {"event_count": int(r["event_count"])} for r in found]


def actor_summary(row: Any) -> dict[str, Any]:
    from marsad.actors.aliases import is_alias

    data = row["data"] or {}
    aliases = [a for a in data.get("aliases") or [] if isinstance(a, str) and is_alias(a)]
    return {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "sector": row["sector"],
        "country": row["country"],
        "wikidata": row["wikidata"],
        "acled_name": row["acled_name"],
        "acled_inter": row["acled_inter"],
        "known": bool(row["known"]),
        "aliases": aliases,  # never pronouns or descriptions ("It", "the latter")
        "first_seen": iso(row["first_seen"]),
        "last_seen": iso(row["last_seen"]),
    }


def actor_names(conn: Connection, actor_id: str) -> list[dict[str, Any]]:
    n = S.actor_names.c
    return [
        {"name": r.name, "kind": r.kind, "start_date": iso(r.start_date), "end_date": iso(r.end_date)}
        for r in conn.execute(select(S.actor_names).where(n.actor_id == actor_id).order_by(n.kind, n.name))
    ]


def actor_relations(conn: Connection, actor_id: str) -> list[dict[str, Any]]:
    """The relations documents state with this actor, with their evidence and document."""
    r, d = S.relations.c, S.documents.c
    found = conn.execute(
        select(S.relations, d.title.label("doc_title"), d.pub_date.label("doc_pub_date"))
        .join(S.documents, d.id == r.document_id)
        .where(or_(r.source_actor == actor_id, r.target_actor == actor_id))
        .order_by(r.id)
    ).mappings()
    out = []
    for row in found:
        other = row["target_actor"] if row["source_actor"] == actor_id else row["source_actor"]
        out.append({k: iso(v) for k, v in row.items()} | {"other": other})
    return out


def actor_timeline(conn: Connection, actor_id: str) -> list[dict[str, Any]]:
    ids = select(S.event_actors.c.event_id).where(S.event_actors.c.actor_id == actor_id)
    found = conn.execute(
        select(E.month.label("bucket"), E.type, func.count().label("n"))
        .where(E.id.in_(ids), E.month.is_not(None))
        .group_by(E.month, E.type)
        .order_by(E.month, E.type)
    )
    return [{"bucket": r.bucket, "type": r.type, "n": int(r.n)} for r in found]
