"""The API's query parameters, read into the store's query layer (``marsad.store.queries``).

Input: query-string parameters as a multi-dict (validated here; a bad one raises
:class:`QueryError`, which the app turns into a 400 naming the parameter). Output: plain dicts
ready for JSON, computed by the same functions the CLI uses (``marsad events``, ``timeline``,
``graph``, ``stats``), on the store's own tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import distinct, func, select

from marsad.graph import actor_graph
from marsad.graph import edge_evidence as graph_edge_evidence
from marsad.store import Store
from marsad.store import queries as Q
from marsad.store import schema as S
from marsad.store import summaries as A
from marsad.store.reads import event_reviews
from marsad.store.review import original

#: API parameter → the store's filter name
LIST_FILTERS = {
    "actor": "actor",
    "type": "type",
    "sub_event_type": "sub_event_type",
    "country": "country",
    "admin1": "admin1",
    "start": "since",
    "end": "until",
    "min_confidence": "min_confidence",
    "certainty": "certainty",
    "bbox": "bbox",
    "status": "status",
    "geonameid": "geonameid",
    "doc": "document",
    "q": "q",
    "min_sources": "min_sources",
    "needs_review": "needs_review",
}
CONTROL = ("_size", "_page", "_sort", "_facet")
MULTI = {"actor", "type", "sub_event_type", "country", "admin1", "certainty", "status", "doc"}
MAX_PAGE_SIZE = 5000


class QueryError(ValueError):
    """A bad query parameter: ``param`` names it, the message says what is accepted."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


def _multi(params: Mapping[str, list[str]], key: str) -> list[str]:
    out: list[str] = []
    for value in params.get(key, []):
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


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


def filters(params: Mapping[str, list[str]]) -> Q.EventFilters:
    """The store's event filters from the API's parameters (``start``/``end``/``doc`` are the
    CLI's ``--since``/``--until``/``--document``)."""
    given: dict[str, Any] = {}
    for param, name in LIST_FILTERS.items():
        if param not in params:
            continue
        if param in MULTI:
            given[name] = _multi(params, param)
        elif param == "needs_review":
            given[name] = params[param][-1].lower() in ("1", "true", "yes")
        else:
            given[name] = params[param][-1]
    inverse = {v: k for k, v in LIST_FILTERS.items()}
    try:
        return Q.EventFilters.make(**given)
    except Q.FilterError as exc:
        raise QueryError(inverse.get(exc.param, exc.param), exc.message) from exc


@dataclass
class EventQuery:
    """A validated ``/api/events`` query."""

    filters: Q.EventFilters = field(default_factory=Q.EventFilters)
    size: int = 50
    page: int = 1
    sort: str = "-date"
    facets: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, params: Mapping[str, list[str]], *, allow: tuple[str, ...] = ()) -> EventQuery:
        """Validate query parameters (a multi-dict as lists); unknown ones are refused."""
        known = set(LIST_FILTERS) | set(CONTROL) | set(allow)
        unknown = sorted(k for k in params if k not in known)
        if unknown:
            accepted = ", ".join([*LIST_FILTERS, *CONTROL, *allow])
            raise QueryError(unknown[0], f"unknown parameter; accepted: {accepted}")
        q = cls(filters=filters(params))
        q.size = _int(params, "_size", 50, 0, MAX_PAGE_SIZE)
        q.page = _int(params, "_page", 1, 1, 10_000_000)
        sort = (params.get("_sort") or ["-date"])[-1]
        if sort.lstrip("-") not in Q.SORTS:
            raise QueryError("_sort", f"expected one of {', '.join(Q.SORTS)} (prefix - for descending)")
        q.sort = sort
        q.facets = _multi(params, "_facet")
        for f in q.facets:
            if f not in Q.FACETS and f != "actor":
                raise QueryError(
                    "_facet", f"unknown facet {f!r}; accepted: {', '.join([*Q.FACETS, 'actor'])}"
                )
        return q


def list_events(store: Store, q: EventQuery) -> dict[str, Any]:
    """A page of events (flat rows, as ``marsad events --format csv``), the total and the facets."""
    with store.engine.connect() as conn:
        total = Q.count(conn, q.filters)
        rows = (
            Q.rows(conn, q.filters, sort=q.sort, limit=q.size, offset=(q.page - 1) * q.size) if q.size else []
        )
        facets = {name: Q.facet(conn, name, q.filters) for name in q.facets}
    pages = max(1, math.ceil(total / q.size)) if q.size else 1
    return {"total": total, "page": q.page, "size": q.size, "pages": pages, "rows": rows, "facets": facets}


def get_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event: as merged and corrected, as coded, the representative report's document
    (text, metadata), every source report, its reviews and history, and the other events of
    the document (for highlighting)."""
    ev = store.event(event_id)
    if ev is None:
        return None
    event_id = ev["id"]  # an id the event had before a re-grouping: the event it lives on as
    doc_id = None
    with store.engine.connect() as conn:
        doc_id = conn.execute(select(S.events.c.document_id).where(S.events.c.id == event_id)).scalar()
        doc = None
        if doc_id:
            d = S.documents.c
            row = conn.execute(
                select(d.id, d.title, d.pub_date, d.publication, d.author, d.url, d.source, d.text).where(
                    d.id == doc_id
                )
            ).first()
            if row is not None:
                doc = dict(row._mapping)
                doc["date"] = Q.iso(doc.pop("pub_date"))
        s = S.event_sources.c
        others = conn.execute(
            select(s.event_id, s.type, s.evidence_text, s.evidence_start, s.evidence_end)
            .where(s.document_id == doc_id, s.event_id != event_id)
            .order_by(s.id)
        ).all()
        reviews = event_reviews(conn, event_id)
    sources = ev.pop("sources")
    report = next((x["event"] for x in sources if x["document_id"] == doc_id), None)
    history = [{**r, "action": "review"} for r in reviews] + [
        h for h in ev.pop("history") if h["action"] != "review"
    ]
    history.sort(key=lambda h: h["at"])
    corrections = ev.get("corrections") or {}
    return {
        "id": event_id,
        "status": ev["status"],
        "needs_review": ev["needs_review"],
        "review_reason": ev["review_reason"],
        "event": ev,
        "original": original(ev, corrections),
        "corrected": bool(corrections),
        "report": report,  # the representative report as coded in ``source`` (its spans are in its text)
        "source": doc,
        "sources": [
            {
                "source_id": x["source_id"],
                "document_id": x["document_id"],
                "event_local_id": x["event_local_id"],
                "title": x["title"],
                "publication": x["publication"],
                "date": x["document_date"],
                "url": x["url"],
                "evidence": x["evidence"]["text"],
                "merge_reason": x["merge_reason"]
                or ("split out by an analyst" if x["pinned"] else "first report of this event"),
                "merge_score": x["merge_score"],
            }
            for x in sources
        ],
        "history": history,
        "other_events": [
            {
                "id": o.event_id,
                "type": o.type,
                "evidence": {"text": o.evidence_text, "start": o.evidence_start, "end": o.evidence_end}
                if o.evidence_start is not None
                else None,
            }
            for o in others
        ],
    }


def list_actors(store: Store, params: Mapping[str, list[str]]) -> dict[str, Any]:
    """Actors with their event counts; ``q`` searches names and aliases, ``sector``/``country`` filter."""
    known = {"q", "sector", "country", "_size", "_page"}
    for k in params:
        if k not in known:
            raise QueryError(k, f"unknown parameter; accepted: {', '.join(sorted(known))}")
    size = _int(params, "_size", 100, 1, MAX_PAGE_SIZE)
    page = _int(params, "_page", 1, 1, 10_000_000)
    with store.engine.connect() as conn:
        total, rows = A.actor_rows(
            conn,
            q=(params.get("q") or [None])[-1],
            sector=_multi(params, "sector") or None,
            country=_multi(params, "country") or None,
            limit=size,
            offset=(page - 1) * size,
        )
    return {"total": total, "page": page, "size": size, "rows": rows}


def get_actor(store: Store, actor_id: str) -> dict[str, Any] | None:
    """An actor: names and aliases, sector, relations (with evidence), monthly timeline, recent events."""
    with store.engine.connect() as conn:
        row = conn.execute(select(S.actors).where(S.actors.c.id == actor_id)).mappings().first()
        if row is None:
            return None
        out = A.actor_summary(row)
        out["reason"] = (row["data"] or {}).get("reason")
        out["names"] = A.actor_names(conn, actor_id)
        rels = A.actor_relations(conn, actor_id)
        others = {r["other"] for r in rels}
        names = dict(
            conn.execute(select(S.actors.c.id, S.actors.c.name).where(S.actors.c.id.in_(others))).all()
        )
        for r in rels:
            r["other"] = {"id": r["other"], "name": names.get(r["other"], r["other"])}
        out["relations"] = rels
        out["timeline"] = A.actor_timeline(conn, actor_id)
        out["events"] = Q.rows(conn, Q.EventFilters(actor=[actor_id]), limit=50)
        out["event_count"] = Q.count(conn, Q.EventFilters(actor=[actor_id]))
    return out


def timeline(store: Store, params: Mapping[str, list[str]]) -> dict[str, Any]:
    """Event counts per bucket split by type, ACLED type or actor (the 10 actors with most events)."""
    q = EventQuery.parse(params, allow=("bucket", "by", "top"))
    bucket = (params.get("bucket") or ["month"])[-1]
    by = (params.get("by") or ["type"])[-1]
    top = _int(params, "top", 10, 1, 1000)
    with store.engine.connect() as conn:
        try:
            return A.timeline(conn, q.filters, bucket=bucket, by=by, top=top if by == "actor" else None)
        except Q.FilterError as exc:
            raise QueryError(exc.param, exc.message) from exc


def grid(store: Store, params: Mapping[str, list[str]]) -> dict[str, Any]:
    """Events aggregated into lat/lon cells of ``cell`` degrees."""
    q = EventQuery.parse(params, allow=("cell",))
    try:
        cell = float((params.get("cell") or ["1"])[-1])
    except ValueError as exc:
        raise QueryError("cell", "expected a number of degrees") from exc
    if not 0.01 <= cell <= 45:
        raise QueryError("cell", "must be between 0.01 and 45 degrees")
    with store.engine.connect() as conn:
        return A.grid(conn, q.filters, cell)


GRAPH_PARAMS = ("type", "actor", "min_count", "limit", "start", "end")


def graph(store: Store, params: Mapping[str, list[str]]) -> dict[str, Any]:
    """The actor graph of ``marsad graph`` (``Store.graph``: stated relations and events between
    actors), the ``limit`` strongest edges; ``type`` keeps edge types, ``actor`` edges touching these
    actors, ``start``/``end`` evidence dated in that period. Nodes carry their event counts."""
    for k in params:
        if k not in GRAPH_PARAMS:
            raise QueryError(k, f"unknown parameter; accepted: {', '.join(GRAPH_PARAMS)}")
    try:
        since = Q.parse_day("start", (params.get("start") or [None])[-1])
        until = Q.parse_day("end", (params.get("end") or [None])[-1])
    except Q.FilterError as exc:
        raise QueryError(exc.param, exc.message) from exc
    min_count = _int(params, "min_count", 1, 1, 1_000_000)
    limit = _int(params, "limit", 500, 1, 5000)
    actors = _multi(params, "actor")
    g = actor_graph(
        store,
        actor=actors[0] if len(actors) == 1 else None,
        since=since,
        until=until,
        types=_multi(params, "type") or None,
        min_count=min_count,
    )
    edges = g["edges"]
    if len(actors) > 1:
        with store.engine.connect() as conn:
            ids = set().union(*(Q.resolve_actor_ids(conn, a) for a in actors))
        edges = [e for e in edges if e["source"] in ids or e["target"] in ids]
    truncated = len(edges) > limit
    edges = edges[:limit]
    used = {e["source"] for e in edges} | {e["target"] for e in edges}
    with store.engine.connect() as conn:
        ea = S.event_actors.c
        counts = (
            dict(
                conn.execute(
                    select(ea.actor_id, func.count(distinct(ea.event_id)))
                    .where(ea.actor_id.in_(sorted(used)))
                    .group_by(ea.actor_id)
                ).all()
            )
            if used
            else {}
        )
    nodes = [{**n, "events": int(counts.get(n["id"], 0))} for n in g["nodes"] if n["id"] in used]
    return {"nodes": nodes, "edges": edges, "truncated": truncated, "territory": g["territory"]}


def edge_evidence(store: Store, source: str, target: str, rel_type: str) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return graph_edge_evidence(conn, source, target, rel_type)


def place(store: Store, geonameid: int) -> dict[str, Any] | None:
    return store.place(geonameid)


def stats(store: Store) -> dict[str, Any]:
    """The counts of ``marsad stats`` (without the database's location)."""
    with store.engine.connect() as conn:
        return A.stats(conn)
