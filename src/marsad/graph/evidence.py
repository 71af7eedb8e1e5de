"""The evidence of one edge of the actor graph, read from the store.

Input: a connection to a store, two actor ids and an edge type. Output: the relations stated
between them and the events between them whose type makes an edge of this type
(``marsad/graph/data/event_edges.yaml``), each with its document and evidence span.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from marsad.graph.build import edge_rules
from marsad.store import schema as S
from marsad.store.queries import iso

E = S.events.c


def edge_evidence(
    conn: Connection, source: str, target: str, rel_type: str, limit: int = 200
) -> list[dict[str, Any]]:
    """The evidence of one edge of the actor graph: relations stated between the two actors,
    and events between them whose type makes an edge of this type (``graph/data/event_edges.yaml``)."""
    r, d = S.relations.c, S.documents.c
    pair = and_(r.source_actor == source, r.target_actor == target)
    rules = edge_rules()
    if rel_type in rules["symmetric"]:
        pair = or_(pair, and_(r.source_actor == target, r.target_actor == source))
    out = [
        {
            "origin": "relation",
            "document_id": row.document_id,
            "doc_title": row.doc_title,
            "doc_date": iso(row.published),
            "evidence_text": row.evidence_text,
            "start": row.evidence_start,
            "end": row.evidence_end,
            "certainty": row.certainty,
            "reason": row.reason,
        }
        for row in conn.execute(
            select(S.relations, d.title.label("doc_title"), d.pub_date.label("published"))
            .join(S.documents, d.id == r.document_id)
            .where(pair, r.type == rel_type)
            .order_by(r.id)
            .limit(limit)
        )
    ]
    types = sorted(t for t, edge in rules["by_event"].items() if edge == rel_type)
    if types and len(out) < limit:
        a = S.event_actors.alias("a")
        b = S.event_actors.alias("b")
        sides = and_(a.c.actor_id == source, b.c.actor_id == target)
        if rel_type in rules["symmetric"]:
            sides = or_(sides, and_(a.c.actor_id == target, b.c.actor_id == source))
        found = conn.execute(
            select(
                E.id,
                E.document_id,
                E.notes,
                E.evidence_start,
                E.evidence_end,
                E.certainty,
                E.date_start,
                d.title,
            )
            .select_from(
                S.events.join(a, and_(a.c.event_id == E.id, a.c.role == "actor"))
                .join(b, and_(b.c.event_id == E.id, b.c.role == "recipient"))
                .outerjoin(S.documents, d.id == E.document_id)
            )
            .where(sides, E.type.in_(types), E.negated.is_(False), E.status != "rejected")
            .order_by(E.date_start, E.id)
            .limit(limit - len(out))
        )
        out += [
            {
                "origin": "event",
                "event_id": row.id,
                "document_id": row.document_id,
                "doc_title": row.title,
                "doc_date": iso(row.date_start),
                "evidence_text": row.notes,
                "start": row.evidence_start,
                "end": row.evidence_end,
                "certainty": row.certainty,
                "reason": None,
            }
            for row in found
        ]
    return out
