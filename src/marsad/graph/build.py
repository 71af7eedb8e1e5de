"""The actor graph over time, aggregated from a store.

Input: a :class:`marsad.store.Store` (relations, events and territorial claims of all
stored documents).
Output: a JSON-ready dict::

    {"nodes": [{id, name, kind, sector, country, known, event_count, degree}],
     "edges": [{source, target, type, count, relation_count, event_count, first_seen, last_seen,
                certainty, roles, evidence: [{document_id, event_id, text, start, end, date}]}],
     "territory": [{actor, place: {geonameid, name, lat, lon, country_code}, claim, first_seen,
                    last_seen, count, origin: [claim|event], evidence: [...]}],
     "filters": {...}}

Edges come from stated relations (hostile, ally, member_of, leads, linked, controls,
formerly_member_of) and from events between an actor and a recipient (an ASSAULT is
hostility, a COOPERATE is alliance: see ``marsad/graph/data/event_edges.yaml``).
Territorial control comes from claims ("ISIS considers Raqqa its capital") and from
territory-taking events (ACLED "Non-state actor overtakes territory", ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml
from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from marsad.store import schema as S
from marsad.store.queries import resolve_actor_ids
from marsad.store.records import parse_date

if TYPE_CHECKING:
    from marsad.store import Store


@lru_cache(maxsize=1)
def edge_rules() -> dict[str, Any]:
    """The event→edge rules (``event_edges.yaml``): {event type: edge type, symmetric, territory_taking}."""
    raw = yaml.safe_load(
        resources.files("marsad.graph").joinpath("data/event_edges.yaml").read_text(encoding="utf-8")
    )
    by_event = {t: edge for edge in ("hostile", "ally") for t in raw.get(edge) or []}
    return {
        "by_event": by_event,
        "symmetric": set(raw.get("symmetric") or []),
        "territory_taking": list(raw.get("territory_taking") or []),
    }


@dataclass
class _Agg:
    """An edge or territory item being aggregated."""

    count: int = 0
    relation_count: int = 0
    event_count: int = 0
    first: date | None = None
    last: date | None = None
    certainty: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    origin: set[str] = field(default_factory=set)
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def add(self, start: date | None, end: date | None, evidence: dict[str, Any], limit: int) -> None:
        self.count += 1
        for d in (start, end or start):
            if d is None:
                continue
            self.first = d if self.first is None or d < self.first else self.first
            self.last = d if self.last is None or d > self.last else self.last
        if len(self.evidence) < limit and evidence.get("text"):
            self.evidence.append(evidence)


def _edge_key(source: str, target: str, type_: str) -> tuple[str, str, str]:
    if type_ in edge_rules()["symmetric"] and target < source:
        source, target = target, source
    return source, target, type_


def actor_graph(
    store: Store,
    actor: str | None = None,
    *,
    depth: int = 1,
    since: str | date | None = None,
    until: str | date | None = None,
    types: list[str] | None = None,
    min_count: int = 1,
    evidence_limit: int = 3,
    include_unresolved: bool = False,
) -> dict[str, Any]:
    """Aggregate the actor graph; ``actor`` (id, name or alias) keeps edges within ``depth`` hops of it.

    ``since``/``until`` keep evidence dated in that period; ``types`` keeps those edge types;
    ``min_count`` drops edges seen fewer times; unresolved actors (no id) are left out unless
    ``include_unresolved``.
    """
    since_d, until_d = parse_date(since), parse_date(until)
    with store.engine.connect() as conn:
        focus: set[str] | None = None
        if actor:
            focus = resolve_actor_ids(conn, actor)
        edges: dict[tuple[str, str, str], _Agg] = {}
        frontier = focus
        for _ in range(max(1, depth) if focus else 1):
            _relation_edges(conn, edges, frontier, since_d, until_d, evidence_limit)
            _event_edges(conn, edges, frontier, since_d, until_d, evidence_limit, include_unresolved)
            if focus is None:
                break
            reached = {k[0] for k in edges} | {k[1] for k in edges}
            new = reached - (frontier or set())
            if not new:
                break
            frontier = (frontier or set()) | new
        territory = _territory(conn, frontier if focus else None, since_d, until_d, evidence_limit)
        kept = {k: v for k, v in edges.items() if v.count >= min_count and (not types or k[2] in types)}
        node_ids = {k[0] for k in kept} | {k[1] for k in kept} | {t["actor"] for t in territory}
        nodes = _nodes(conn, node_ids, kept)
    edge_list = [
        {
            "source": s,
            "target": t,
            "type": ty,
            "count": a.count,
            "relation_count": a.relation_count,
            "event_count": a.event_count,
            "first_seen": _iso(a.first),
            "last_seen": _iso(a.last),
            "certainty": sorted(a.certainty),
            "roles": sorted(a.roles),
            "evidence": a.evidence,
        }
        for (s, t, ty), a in sorted(kept.items(), key=lambda kv: (-kv[1].count, kv[0]))
    ]
    return {
        "nodes": nodes,
        "edges": edge_list,
        "territory": territory,
        "filters": {
            "actor": actor,
            "depth": depth,
            "since": _iso(since_d),
            "until": _iso(until_d),
            "types": types,
            "min_count": min_count,
        },
    }


def _relation_edges(
    conn: Connection, edges: dict, focus: set[str] | None, since: date | None, until: date | None, limit: int
) -> None:
    r = S.relations.c
    q = select(S.relations)
    if focus is not None:
        ids = sorted(focus)
        q = q.where(or_(r.source_actor.in_(ids), r.target_actor.in_(ids)))
    for row in conn.execute(q.order_by(r.id)).mappings():
        start = row["start_date"] or row["doc_date"]
        end = row["end_date"] or row["doc_date"]
        if not _in_period(start, end, since, until):
            continue
        key = _edge_key(row["source_actor"], row["target_actor"], row["type"])
        agg = edges.get(key)
        if agg is None:
            agg = edges[key] = _Agg()
        if agg.relation_count and key in edges and _seen_relation(agg, row):
            continue
        agg.relation_count += 1
        if row["certainty"]:
            agg.certainty.add(row["certainty"])
        if row["role"]:
            agg.roles.add(row["role"])
        agg.add(
            start,
            end,
            {
                "document_id": row["document_id"],
                "event_id": None,
                "text": row["evidence_text"],
                "start": row["evidence_start"],
                "end": row["evidence_end"],
                "date": _iso(row["doc_date"]),
            },
            limit,
        )


def _seen_relation(agg: _Agg, row: Any) -> bool:
    """The same relation stated twice in one sentence counts once."""
    return any(
        ev["document_id"] == row["document_id"] and ev["start"] == row["evidence_start"]
        for ev in agg.evidence
    )


def _event_edges(
    conn: Connection,
    edges: dict,
    focus: set[str] | None,
    since: date | None,
    until: date | None,
    limit: int,
    include_unresolved: bool,
) -> None:
    rules = edge_rules()["by_event"]
    a = S.event_actors.alias("a")
    b = S.event_actors.alias("b")
    e = S.events.c
    q = (
        select(
            a.c.actor_id,
            b.c.actor_id,
            e.type,
            e.id,
            e.date_start,
            e.date_end,
            e.notes,
            e.document_id,
            e.evidence_start,
            e.evidence_end,
            e.source_count,
        )
        .select_from(
            S.events.join(a, and_(a.c.event_id == e.id, a.c.role == "actor")).join(
                b, and_(b.c.event_id == e.id, b.c.role == "recipient")
            )
        )
        .where(
            e.type.in_(sorted(rules)),
            e.negated.is_(False),
            e.status != "rejected",
            a.c.actor_id != b.c.actor_id,
        )
    )
    if since:
        q = q.where(e.date_end >= since)
    if until:
        q = q.where(e.date_start <= until)
    if focus is None:
        rows = conn.execute(q.order_by(e.date_start, e.id)).all()
    else:  # two indexed lookups beat one OR across both ends
        ids = sorted(focus)
        seen: set[tuple[str, str, str]] = set()
        rows = []
        for cond in (a.c.actor_id.in_(ids), b.c.actor_id.in_(ids)):
            for row in conn.execute(q.where(cond)):
                if (row[0], row[1], row[3]) not in seen:
                    seen.add((row[0], row[1], row[3]))
                    rows.append(row)
        rows.sort(key=lambda r: (r[4] or date.min, r[3]))
    for src, tgt, etype, eid, d0, d1, notes, doc_id, ev_s, ev_e, _n in rows:
        if not include_unresolved and (src.startswith("name:") or tgt.startswith("name:")):
            continue
        key = _edge_key(src, tgt, rules[etype])
        agg = edges.get(key)
        if agg is None:
            agg = edges[key] = _Agg()
        agg.event_count += 1
        agg.add(
            d0,
            d1,
            {
                "document_id": doc_id,
                "event_id": eid,
                "text": notes,
                "start": ev_s,
                "end": ev_e,
                "date": _iso(d0),
            },
            limit,
        )


def _territory(
    conn: Connection, focus: set[str] | None, since: date | None, until: date | None, limit: int
) -> list[dict[str, Any]]:
    items: dict[tuple[str, str, str], _Agg] = {}
    places: dict[str, dict[str, Any]] = {}
    t = S.territory.c
    q = select(S.territory)
    if focus is not None:
        q = q.where(t.actor_id.in_(sorted(focus)))
    for row in conn.execute(q.order_by(t.id)).mappings():
        if not _in_period(row["date_start"], row["date_end"], since, until):
            continue
        pkey = str(row["geonameid"] or row["place_name"] or "")
        places.setdefault(
            pkey,
            {
                "geonameid": row["geonameid"],
                "name": row["place_name"],
                "lat": row["latitude"],
                "lon": row["longitude"],
                "country_code": None,
            },
        )
        agg = items.setdefault((row["actor_id"], pkey, row["claim"]), _Agg())
        agg.origin.add("claim")
        if row["certainty"]:
            agg.certainty.add(row["certainty"])
        agg.add(
            row["date_start"],
            row["date_end"],
            {
                "document_id": row["document_id"],
                "event_id": None,
                "text": row["evidence_text"],
                "start": row["evidence_start"],
                "end": row["evidence_end"],
                "date": _iso(row["date_start"]),
            },
            limit,
        )
    e = S.events.c
    ea = S.event_actors.c
    q2 = (
        select(
            ea.actor_id,
            e.id,
            e.geonameid,
            e.location_name,
            e.latitude,
            e.longitude,
            e.country_code,
            e.date_start,
            e.date_end,
            e.notes,
            e.document_id,
            e.evidence_start,
            e.evidence_end,
            e.acled_sub_event_type,
        )
        .join(S.event_actors, and_(ea.event_id == e.id, ea.role == "actor"))
        .where(
            e.acled_sub_event_type.in_(edge_rules()["territory_taking"]),
            e.negated.is_(False),
            e.status != "rejected",
            or_(e.geonameid.is_not(None), e.location_name.is_not(None)),
        )
    )
    if focus is not None:
        q2 = q2.where(ea.actor_id.in_(sorted(focus)))
    for row in conn.execute(q2).mappings():
        if row["actor_id"].startswith("name:") or not _in_period(
            row["date_start"], row["date_end"], since, until
        ):
            continue
        pkey = str(row["geonameid"] or row["location_name"])
        places.setdefault(
            pkey,
            {
                "geonameid": row["geonameid"],
                "name": row["location_name"],
                "lat": row["latitude"],
                "lon": row["longitude"],
                "country_code": row["country_code"],
            },
        )
        agg = items.setdefault((row["actor_id"], pkey, "seized"), _Agg())
        agg.origin.add("event")
        agg.add(
            row["date_start"],
            row["date_end"],
            {
                "document_id": row["document_id"],
                "event_id": row["id"],
                "text": row["notes"],
                "start": row["evidence_start"],
                "end": row["evidence_end"],
                "date": _iso(row["date_start"]),
            },
            limit,
        )
    return [
        {
            "actor": actor,
            "place": places[pkey],
            "claim": claim,
            "count": a.count,
            "first_seen": _iso(a.first),
            "last_seen": _iso(a.last),
            "certainty": sorted(a.certainty),
            "origin": sorted(a.origin),
            "evidence": a.evidence,
        }
        for (actor, pkey, claim), a in sorted(
            items.items(), key=lambda kv: (kv[0][0], -kv[1].count, kv[0][1])
        )
    ]


def _nodes(conn: Connection, ids: set[str], edges: dict[tuple[str, str, str], _Agg]) -> list[dict[str, Any]]:
    degree: dict[str, int] = {}
    for s, t, _ in edges:
        degree[s] = degree.get(s, 0) + 1
        degree[t] = degree.get(t, 0) + 1
    rows: dict[str, Any] = {}
    id_list = sorted(ids)
    for i in range(0, len(id_list), 500):
        for r in conn.execute(select(S.actors).where(S.actors.c.id.in_(id_list[i : i + 500]))).mappings():
            rows[r["id"]] = r
    names: dict[str, str] = {}
    missing = [i for i in id_list if i not in rows]
    for i in range(0, len(missing), 500):
        for aid, name in conn.execute(
            select(S.event_actors.c.actor_id, S.event_actors.c.name).where(
                S.event_actors.c.actor_id.in_(missing[i : i + 500])
            )
        ):
            names.setdefault(aid, name)
    out = []
    for aid in id_list:
        r = rows.get(aid)
        out.append(
            {
                "id": aid,
                "name": (r["name"] if r else None) or names.get(aid) or aid,
                "kind": r["kind"] if r else None,
                "sector": r["sector"] if r else None,
                "country": r["country"] if r else None,
                "known": bool(r["known"]) if r else False,
                "first_seen": _iso(r["first_seen"]) if r else None,
                "last_seen": _iso(r["last_seen"]) if r else None,
                "degree": degree.get(aid, 0),
            }
        )
    return out


def _in_period(start: date | None, end: date | None, since: date | None, until: date | None) -> bool:
    if since and (end or start) and (end or start) < since:
        return False
    return not (until and start and start > until)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
