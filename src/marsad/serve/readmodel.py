"""The API's read model: coded documents flattened into indexed ``serve_*`` tables.

Input: coded documents (``Document.to_dict()`` dicts). Output: rows in tables made for
the API's queries (filters, facets, bounding boxes, timelines, review status) on the
store's SQLAlchemy engine. The store keeps the record; this model keeps what the web
app needs to answer in milliseconds on 100,000 events (one flat, indexed row per event)
plus what the store has no place for: review status and its history.

Event ids are made unique across documents: ``<doc id>-<event id>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    delete,
    insert,
    select,
    update,
)

STATUSES = ("candidate", "verified", "rejected")

metadata = MetaData()

documents = Table(
    "serve_documents",
    metadata,
    Column("id", String, primary_key=True),
    Column("title", Text),
    Column("date", String(10)),
    Column("publication", Text),
    Column("author", Text),
    Column("url", Text),
    Column("source", Text),
    Column("format", String(16)),
    Column("text", Text, nullable=False),
    Column("coded", Text, nullable=False),  # Document.to_dict() as JSON
    Column("ingested_at", String(32), nullable=False),
)

events = Table(
    "serve_events",
    metadata,
    Column("id", String, primary_key=True),
    Column("doc_id", String, nullable=False, index=True),
    Column("local_id", String, nullable=False),  # the event id inside its coded document
    Column("type", String(32), index=True),
    Column("mode", String(64)),
    Column("acled_event_type", String(64), index=True),
    Column("sub_event_type", String(64), index=True),
    Column("country", String(2), index=True),
    Column("admin1", String(128), index=True),
    Column("place_name", Text),
    Column("geonameid", Integer, index=True),
    Column("lat", Float),
    Column("lon", Float),
    Column("precision", Integer),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("week", String(10)),  # Monday of the ISO week of date_start (timeline buckets)
    Column("month", String(10)),  # first day of the month of date_start
    Column("granularity", String(16)),
    Column("confidence", Float),
    Column("certainty", String(16), index=True),
    Column("negated", Boolean, nullable=False, default=False),
    Column("fatalities", Integer),
    Column("status", String(16), nullable=False, default="candidate", index=True),
    Column("actors_text", Text),  # " | "-joined actor and recipient names, for display
    Column("evidence", Text),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Index("ix_serve_events_lat_lon", "lat", "lon", "fatalities"),
    Index("ix_serve_events_month_type", "month", "type"),
    Index("ix_serve_events_week_type", "week", "type"),
    Index("ix_serve_events_date_id", "date_start", "id"),  # sorts and paging: ORDER BY x, id
    Index("ix_serve_events_confidence_id", "confidence", "id"),
    Index("ix_serve_events_fatalities_id", "fatalities", "id"),
)

# the full event dicts, apart so that the rows scanned by filters and aggregates stay narrow
event_data = Table(
    "serve_event_data",
    metadata,
    Column("id", String, primary_key=True),
    Column("data", Text, nullable=False),  # the event dict, corrections applied
    Column("original", Text, nullable=False),  # the event dict as coded
)

event_actors = Table(
    "serve_event_actors",
    metadata,
    Column("event_id", String, nullable=False, index=True),
    Column("actor_id", String, nullable=False),
    Column("name", Text),
    Column("role", String(16), nullable=False),  # actor | recipient
    Index("ix_serve_event_actors_actor_event", "actor_id", "event_id"),
)

actors = Table(
    "serve_actors",
    metadata,
    Column("id", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32)),
    Column("sector", String(16), index=True),
    Column("country", String(3), index=True),
    Column("aliases", Text, nullable=False, default="[]"),
    Column("known", Boolean, nullable=False, default=True),
    Column("wikidata", String(32)),
    Column("reason", Text),
)

relations = Table(
    "serve_relations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String, nullable=False, index=True),
    Column("source", String, nullable=False),
    Column("target", String, nullable=False, index=True),
    Column("type", String(32), nullable=False),
    Column("certainty", String(16)),
    Column("evidence_text", Text),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("role", Text),
    Column("reason", Text),
    Index("ix_serve_relations_edge", "source", "target", "type"),
)

reviews = Table(
    "serve_reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String, nullable=False, index=True),
    Column("at", String(32), nullable=False),
    Column("reviewer", Text, nullable=False),
    Column("status_from", String(16)),
    Column("status_to", String(16)),
    Column("changes", Text, nullable=False),  # {"field": [old, new]}
    Column("note", Text),
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def event_key(doc_id: str, event_id: str) -> str:
    """The API id of an event: unique across documents."""
    return event_id if event_id.startswith(doc_id) else f"{doc_id}-{event_id}"


def buckets(day: str | None) -> tuple[str | None, str | None]:
    """(week, month) bucket starts of an ISO date: the Monday of its week, the 1st of its month."""
    if not day:
        return None, None
    try:
        d = date.fromisoformat(day)
    except ValueError:
        return None, None
    return (d - timedelta(days=d.weekday())).isoformat(), d.replace(day=1).isoformat()


def _names(refs: list[dict[str, Any]]) -> list[str]:
    return [r.get("name") or r.get("text") or "" for r in refs]


def flatten_event(doc_id: str, event: dict[str, Any]) -> dict[str, Any]:
    """One ``serve_events`` row (without id and status) from an event dict."""
    loc = event.get("location") or {}
    when = event.get("date") or {}
    acled = event.get("acled") or {}
    week, month = buckets(when.get("start"))
    return {
        "doc_id": doc_id,
        "week": week,
        "month": month,
        "type": event.get("type"),
        "mode": event.get("mode"),
        "acled_event_type": acled.get("event_type"),
        "sub_event_type": acled.get("sub_event_type"),
        "country": loc.get("country_code"),
        "admin1": loc.get("admin1"),
        "place_name": loc.get("name") or loc.get("text"),
        "geonameid": loc.get("geonameid"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "precision": loc.get("precision"),
        "date_start": when.get("start"),
        "date_end": when.get("end"),
        "granularity": when.get("granularity"),
        "confidence": event.get("confidence"),
        "certainty": event.get("certainty"),
        "negated": bool(event.get("negated")),
        "fatalities": event.get("fatalities"),
        "actors_text": " | ".join(_names(event.get("actors", [])) + _names(event.get("recipients", []))),
        "evidence": (event.get("evidence") or {}).get("text"),
        "evidence_start": (event.get("evidence") or {}).get("start"),
        "evidence_end": (event.get("evidence") or {}).get("end"),
    }


def _actor_links(event_id: str, event: dict[str, Any]) -> list[dict[str, Any]]:
    links = []
    for role, key in (("actor", "actors"), ("recipient", "recipients")):
        for ref in event.get(key, []):
            if ref.get("id"):
                links.append(
                    {"event_id": event_id, "actor_id": ref["id"], "name": ref.get("name"), "role": role}
                )
    return links


class ReadModel:
    """The ``serve_*`` tables on an engine, and the writes that keep them current."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    # -- writes -----------------------------------------------------------------
    def add_document(self, coded: dict[str, Any], text: str) -> list[str]:
        """Store (or replace) one coded document; returns its event ids.

        Re-coding a document keeps the review status of events whose ids are unchanged.
        """
        with self.engine.begin() as conn:
            return self._add(conn, coded, text)

    def add_many(self, docs: Iterable[tuple[dict[str, Any], str]]) -> int:
        """Store many (coded, text) documents in one transaction; returns their number."""
        n = 0
        with self.engine.begin() as conn:
            for coded, text in docs:
                self._add(conn, coded, text)
                n += 1
        return n

    def _add(self, conn: Any, coded: dict[str, Any], text: str) -> list[str]:
        doc_id = coded["id"]
        kept: dict[str, tuple[str, str, str]] = {}
        if conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first() is not None:
            kept = {
                r.id: (r.status, r.data, r.original)
                for r in conn.execute(
                    select(events.c.id, events.c.status, event_data.c.data, event_data.c.original)
                    .join(event_data, event_data.c.id == events.c.id)
                    .where(events.c.doc_id == doc_id)
                )
            }
            if kept:
                conn.execute(delete(event_actors).where(event_actors.c.event_id.in_(list(kept))))
                conn.execute(delete(event_data).where(event_data.c.id.in_(list(kept))))
                conn.execute(delete(events).where(events.c.doc_id == doc_id))
            conn.execute(delete(relations).where(relations.c.doc_id == doc_id))
            conn.execute(delete(documents).where(documents.c.id == doc_id))
        conn.execute(
            insert(documents).values(
                id=doc_id,
                title=coded.get("title"),
                date=coded.get("date"),
                publication=coded.get("publication"),
                author=coded.get("author"),
                url=coded.get("url"),
                source=coded.get("source"),
                format=coded.get("format"),
                text=text,
                coded=json.dumps(coded, ensure_ascii=False),
                ingested_at=now(),
            )
        )
        rows, blobs, links, ids = [], [], [], []
        for event in coded.get("events", []):
            eid = event_key(doc_id, str(event["id"]))
            original = json.dumps(event, ensure_ascii=False)
            current, status = event, "candidate"
            if eid in kept and kept[eid][2] == original:  # the same coding again: keep its review
                status, current = kept[eid][0], json.loads(kept[eid][1])
            rows.append(
                {**flatten_event(doc_id, current), "id": eid, "local_id": str(event["id"]), "status": status}
            )
            blobs.append({"id": eid, "data": json.dumps(current, ensure_ascii=False), "original": original})
            links.extend(_actor_links(eid, current))
            ids.append(eid)
        if rows:
            conn.execute(insert(events), rows)
            conn.execute(insert(event_data), blobs)
        if links:
            conn.execute(insert(event_actors), links)
        self._upsert_actors(conn, coded.get("actors", []))
        rels = [
            {
                "doc_id": doc_id,
                "source": r["source"],
                "target": r["target"],
                "type": r["type"],
                "certainty": r.get("certainty"),
                "evidence_text": (r.get("evidence") or {}).get("text"),
                "evidence_start": (r.get("evidence") or {}).get("start"),
                "evidence_end": (r.get("evidence") or {}).get("end"),
                "role": r.get("role"),
                "reason": r.get("reason"),
            }
            for r in coded.get("relations", [])
            if r.get("source") and r.get("target")
        ]
        if rels:
            conn.execute(insert(relations), rels)
        return ids

    @staticmethod
    def _upsert_actors(conn: Any, doc_actors: list[dict[str, Any]]) -> None:
        """Insert new actors; merge aliases (and fill empty fields) of known ones."""
        doc_actors = [a for a in doc_actors if a.get("id")]
        if not doc_actors:
            return
        old = {
            r.id: r
            for r in conn.execute(select(actors).where(actors.c.id.in_([a["id"] for a in doc_actors])))
        }
        new_rows, updates = {}, []
        for a in doc_actors:
            names = {
                a.get("name"),
                *(a.get("aliases") or []),
                *(m.get("text") for m in a.get("mentions", [])),
            }
            row = old.get(a["id"])
            if row is None:
                entry = new_rows.setdefault(
                    a["id"],
                    {
                        "id": a["id"],
                        "name": a.get("name") or a["id"],
                        "kind": a.get("kind"),
                        "sector": a.get("sector"),
                        "country": a.get("country"),
                        "aliases": set(),
                        "known": bool(a.get("known", True)),
                        "wikidata": a.get("wikidata"),
                        "reason": a.get("reason"),
                    },
                )
                entry["aliases"] |= {n for n in names if n and n != entry["name"]}
                continue
            aliases = sorted({*json.loads(row.aliases), *(n for n in names if n and n != row.name)})
            values = {
                "aliases": json.dumps(aliases, ensure_ascii=False),
                "kind": row.kind or a.get("kind"),
                "sector": row.sector or a.get("sector"),
                "country": row.country or a.get("country"),
                "wikidata": row.wikidata or a.get("wikidata"),
            }
            if any(values[k] != getattr(row, k) for k in values):
                updates.append({"key": a["id"], **values})
        if new_rows:
            rows = [
                {**r, "aliases": json.dumps(sorted(r["aliases"]), ensure_ascii=False)}
                for r in new_rows.values()
            ]
            conn.execute(insert(actors), rows)
        if updates:
            conn.execute(
                update(actors)
                .where(actors.c.id == bindparam("key"))
                .values({k: bindparam(k) for k in ("aliases", "kind", "sector", "country", "wikidata")}),
                updates,
            )

    def review(
        self,
        event_id: str,
        *,
        reviewer: str,
        status: str | None = None,
        corrections: dict[str, Any] | None = None,
        note: str | None = None,
    ) -> dict[str, Any] | None:
        """Set an event's review status and/or correct fields; records the change in history.

        ``corrections`` maps a path into the event dict (``type``, ``acled.sub_event_type``,
        ``fatalities``, ``date.start``, ``location.name``...) to its new value. Returns
        the updated event dict, or None when the event does not exist.
        """
        if status is not None and status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        with self.engine.begin() as conn:
            row = conn.execute(
                select(events.c.status, events.c.doc_id, event_data.c.data)
                .join(event_data, event_data.c.id == events.c.id)
                .where(events.c.id == event_id)
            ).first()
            if row is None:
                return None
            data = json.loads(row.data)
            changes: dict[str, list[Any]] = {}
            for path, value in (corrections or {}).items():
                old = set_path(data, path, value)
                if old != value:
                    changes[path] = [old, value]
            values = flatten_event(row.doc_id, data)
            if status is not None:
                values["status"] = status
            conn.execute(update(events).where(events.c.id == event_id).values(**values))
            conn.execute(
                update(event_data)
                .where(event_data.c.id == event_id)
                .values(data=json.dumps(data, ensure_ascii=False))
            )
            if changes:
                conn.execute(delete(event_actors).where(event_actors.c.event_id == event_id))
                links = _actor_links(event_id, data)
                if links:
                    conn.execute(insert(event_actors), links)
            conn.execute(
                insert(reviews).values(
                    event_id=event_id,
                    at=now(),
                    reviewer=reviewer,
                    status_from=row.status,
                    status_to=status or row.status,
                    changes=json.dumps(changes, ensure_ascii=False),
                    note=note,
                )
            )
        return data


EDITABLE_PATHS = (
    "type",
    "mode",
    "acled.event_type",
    "acled.sub_event_type",
    "fatalities",
    "injured",
    "certainty",
    "negated",
    "date.start",
    "date.end",
    "location.name",
    "location.geonameid",
    "location.lat",
    "location.lon",
    "location.country_code",
    "location.admin1",
    "location.precision",
)


def check_correction(path: str, value: Any) -> None:
    """Refuse a corrected value of the wrong kind (raises ValueError naming the field)."""
    from marsad.model import CERTAINTIES

    if value is None:
        return
    bad = ValueError(f"field {path!r}: invalid value {value!r}")
    if path in ("fatalities", "injured", "location.geonameid"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise bad
    elif path == "location.precision":
        if value not in (1, 2, 3):
            raise bad
    elif path in ("location.lat", "location.lon"):
        limit = 90 if path.endswith("lat") else 180
        if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > limit:
            raise bad
    elif path == "negated":
        if not isinstance(value, bool):
            raise bad
    elif path == "certainty":
        if value not in CERTAINTIES:
            raise bad
    elif path in ("date.start", "date.end"):
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            raise bad from None
    elif not isinstance(value, str) or len(value) > 500:
        raise bad


def set_path(data: dict[str, Any], path: str, value: Any) -> Any:
    """Set ``data[a][b] = value`` for ``path`` ``"a.b"``; returns the old value."""
    if path not in EDITABLE_PATHS:
        raise ValueError(f"field {path!r} cannot be corrected; editable fields: {', '.join(EDITABLE_PATHS)}")
    check_correction(path, value)
    keys = path.split(".")
    node = data
    for key in keys[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    old = node.get(keys[-1])
    node[keys[-1]] = value
    return old
