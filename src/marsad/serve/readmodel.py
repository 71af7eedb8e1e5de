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
import math
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

from marsad.actors.aliases import is_alias
from marsad.store.locking import schema_lock, write_transaction

STATUSES = ("candidate", "verified", "rejected")
# The integer columns are 32-bit on PostgreSQL; a larger value is no count or GeoNames id.
MAX_INT = 2**31 - 1
# Dates the read model keeps: wide enough for any news archive, narrow enough that date
# arithmetic (weeks, merge windows) never leaves Python's range.
MIN_DATE, MAX_DATE = date(1800, 1, 1), date(2199, 12, 31)

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


# one row, ``version``: raised by every write, so that each server process knows when the
# aggregates it has computed (facets, grid, actors, stats) are out of date
meta = Table(
    "serve_meta",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)
VERSION = "version"


def data_version(conn: Any) -> int:
    """The read model's write counter (0 before the first write)."""
    return int(conn.execute(select(meta.c.value).where(meta.c.key == VERSION)).scalar() or 0)


def _bump_version(conn: Any) -> None:
    if conn.execute(update(meta).where(meta.c.key == VERSION).values(value=meta.c.value + 1)).rowcount == 0:
        conn.execute(insert(meta).values(key=VERSION, value=1))


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


def clean_text(value: str) -> str:
    """``value`` storable in any database: lone surrogates and NULs replaced by U+FFFD."""
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


def _text(value: Any, limit: int | None = None) -> str | None:
    """A text column's value: strings (cleaned) and numbers as text; anything else, or a code
    longer than its column's ``limit``, is None (never stored raw)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = clean_text(value)
    return None if limit is not None and len(value) > limit else value


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        return None
    return int(value) if -MAX_INT <= value <= MAX_INT else None


def _float(value: Any, limit: float = math.inf) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) and abs(value) <= limit else None


def _day(value: Any) -> str | None:
    """An ISO date within ``MIN_DATE..MAX_DATE``, else None."""
    if not isinstance(value, str):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day.isoformat() if MIN_DATE <= day <= MAX_DATE else None


def _names(refs: Any) -> list[str]:
    return [_text(r.get("name")) or _text(r.get("text")) or "" for r in _dicts(refs)]


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def flatten_event(doc_id: str, event: dict[str, Any]) -> dict[str, Any]:
    """One ``serve_events`` row (without id and status) from an event dict; a field of the wrong
    type or out of its column's range is stored as None."""
    loc, when = _dict(event.get("location")), _dict(event.get("date"))
    acled, evidence = _dict(event.get("acled")), _dict(event.get("evidence"))
    start = _day(when.get("start"))
    week, month = buckets(start)
    return {
        "doc_id": doc_id,
        "week": week,
        "month": month,
        "type": _text(event.get("type"), 32),
        "mode": _text(event.get("mode"), 64),
        "acled_event_type": _text(acled.get("event_type"), 64),
        "sub_event_type": _text(acled.get("sub_event_type"), 64),
        "country": _text(loc.get("country_code"), 2),
        "admin1": _text(loc.get("admin1"), 128),
        "place_name": _text(loc.get("name")) or _text(loc.get("text")),
        "geonameid": _int(loc.get("geonameid")),
        "lat": _float(loc.get("lat"), 90),
        "lon": _float(loc.get("lon"), 180),
        "precision": _int(loc.get("precision")),
        "date_start": start,
        "date_end": _day(when.get("end")),
        "granularity": _text(when.get("granularity"), 16),
        "confidence": _float(event.get("confidence")),
        "certainty": _text(event.get("certainty"), 16),
        "negated": bool(event.get("negated")),
        "fatalities": _int(event.get("fatalities")),
        "actors_text": " | ".join(_names(event.get("actors")) + _names(event.get("recipients"))),
        "evidence": _text(evidence.get("text")),
        "evidence_start": _int(evidence.get("start")),
        "evidence_end": _int(evidence.get("end")),
    }


def _actor_links(event_id: str, event: dict[str, Any]) -> list[dict[str, Any]]:
    links = []
    for role, key in (("actor", "actors"), ("recipient", "recipients")):
        for ref in _dicts(event.get(key)):
            if actor_id := _text(ref.get("id")):
                links.append(
                    {"event_id": event_id, "actor_id": actor_id, "name": _text(ref.get("name")), "role": role}
                )
    return links


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities replaced by None (JSON has no place for them)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def dump(value: Any) -> str:
    """JSON text of a coded value that any database stores and any client parses."""
    return clean_text(json.dumps(_finite(value), ensure_ascii=False, default=str))


def _document_row(doc_id: str, coded: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": doc_id,
        "title": _text(coded.get("title")),
        "date": _day(coded.get("date")),
        "publication": _text(coded.get("publication")),
        "author": _text(coded.get("author")),
        "url": _text(coded.get("url")),
        "source": _text(coded.get("source")),
        "format": _text(coded.get("format"), 16),
        "text": clean_text(text) if isinstance(text, str) else "",
        "coded": dump(coded),
        "ingested_at": now(),
    }


def _actor_fields(a: dict[str, Any]) -> dict[str, Any]:
    """An actor dict with every field of its column's type; aliases include mention texts
    that name it (not pronouns or descriptions such as "It", "the latter")."""
    aliases = a.get("aliases") if isinstance(a.get("aliases"), list) else []
    mentions = [_text(m.get("text")) for m in _dicts(a.get("mentions"))]
    return {
        "id": _text(a.get("id")),
        "name": _text(a.get("name")),
        "kind": _text(a.get("kind"), 32),
        "sector": _text(a.get("sector"), 16),
        "country": _text(a.get("country"), 3),
        "aliases": [n for n in (*map(_text, aliases), *mentions) if n and is_alias(n)],
        "known": bool(a.get("known", True)),
        "wikidata": _text(a.get("wikidata"), 32),
        "reason": _text(a.get("reason")),
    }


def _relation_row(doc_id: str, r: dict[str, Any]) -> dict[str, Any]:
    evidence = _dict(r.get("evidence"))
    return {
        "doc_id": doc_id,
        "source": _text(r.get("source")),
        "target": _text(r.get("target")),
        "type": _text(r.get("type"), 32),
        "certainty": _text(r.get("certainty"), 16),
        "evidence_text": _text(evidence.get("text")),
        "evidence_start": _int(evidence.get("start")),
        "evidence_end": _int(evidence.get("end")),
        "role": _text(r.get("role")),
        "reason": _text(r.get("reason")),
    }


class ReadModel:
    """The ``serve_*`` tables on an engine, and the writes that keep them current."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        with schema_lock(engine):  # several server processes may start on a new database at once
            metadata.create_all(engine)

    # -- writes -----------------------------------------------------------------
    def add_document(self, coded: dict[str, Any], text: str) -> list[str]:
        """Store (or replace) one coded document; returns its event ids.

        Re-coding a document keeps the review status of events whose ids are unchanged.
        """
        with write_transaction(self.engine) as conn:
            _bump_version(conn)
            return self._add(conn, coded, text)

    def add_many(self, docs: Iterable[tuple[dict[str, Any], str]]) -> int:
        """Store many (coded, text) documents in one transaction; returns their number."""
        n = 0
        with write_transaction(self.engine) as conn:
            _bump_version(conn)
            for coded, text in docs:
                self._add(conn, coded, text)
                n += 1
        return n

    def _add(self, conn: Any, coded: dict[str, Any], text: str) -> list[str]:
        doc_id = str(coded["id"])
        kept = self._forget(conn, doc_id)
        conn.execute(insert(documents).values(**_document_row(doc_id, coded, text)))
        rows, blobs, links, ids = [], [], [], []
        for event in _dicts(coded.get("events")):
            local_id = _text(event.get("id")) or str(len(ids) + 1)
            eid = event_key(doc_id, local_id)
            original = dump(event)
            current, data, status = event, original, "candidate"
            if eid in kept and kept[eid][2] == original:  # the same coding again: keep its review
                status, data = kept[eid][0], kept[eid][1]
                current = json.loads(data)
            rows.append({**flatten_event(doc_id, current), "id": eid, "local_id": local_id, "status": status})
            blobs.append({"id": eid, "data": data, "original": original})
            links.extend(_actor_links(eid, current))
            ids.append(eid)
        if rows:
            conn.execute(insert(events), rows)
            conn.execute(insert(event_data), blobs)
        if links:
            conn.execute(insert(event_actors), links)
        self._upsert_actors(conn, _dicts(coded.get("actors")))
        rels = [_relation_row(doc_id, r) for r in _dicts(coded.get("relations"))]
        rels = [r for r in rels if r["source"] and r["target"] and r["type"]]
        if rels:
            conn.execute(insert(relations), rels)
        return ids

    @staticmethod
    def _forget(conn: Any, doc_id: str) -> dict[str, tuple[str, str, str]]:
        """Delete a document's rows before it is stored again; returns its events' (status,
        data, original) by id, so that an unchanged coding keeps its review."""
        if conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first() is None:
            return {}
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
        return kept

    @staticmethod
    def _upsert_actors(conn: Any, doc_actors: list[dict[str, Any]]) -> None:
        """Insert new actors; merge aliases (and fill empty fields) of known ones."""
        doc_actors = [a for a in map(_actor_fields, doc_actors) if a["id"]]
        if not doc_actors:
            return
        old = {
            r.id: r
            for r in conn.execute(select(actors).where(actors.c.id.in_([a["id"] for a in doc_actors])))
        }
        new_rows, updates = {}, []
        for a in doc_actors:
            names = {a["name"], *a["aliases"]}
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
        with write_transaction(self.engine) as conn:
            _bump_version(conn)
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
            conn.execute(update(event_data).where(event_data.c.id == event_id).values(data=dump(data)))
            if changes:
                conn.execute(delete(event_actors).where(event_actors.c.event_id == event_id))
                links = _actor_links(event_id, data)
                if links:
                    conn.execute(insert(event_actors), links)
            conn.execute(
                insert(reviews).values(
                    event_id=event_id,
                    at=now(),
                    reviewer=clean_text(reviewer),
                    status_from=row.status,
                    status_to=status or row.status,
                    changes=dump(changes),
                    note=clean_text(note) if note else note,
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
    """Refuse a corrected value of the wrong kind or out of range (raises ValueError naming the field)."""
    from marsad.model import CERTAINTIES

    if value is None:
        return
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    bad = ValueError(f"field {path!r}: invalid value {shown}")
    if path in ("fatalities", "injured", "location.geonameid"):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INT:
            raise bad
    elif path == "location.precision":
        if value not in (1, 2, 3):
            raise bad
    elif path in ("location.lat", "location.lon"):
        if _float(value, 90 if path.endswith("lat") else 180) is None:
            raise bad
    elif path == "negated":
        if not isinstance(value, bool):
            raise bad
    elif path == "certainty":
        if value not in CERTAINTIES:
            raise bad
    elif path in ("date.start", "date.end"):
        if _day(value) is None:
            raise ValueError(
                f"field {path!r}: expected a date YYYY-MM-DD between {MIN_DATE} and {MAX_DATE}, got {shown}"
            )
    elif not isinstance(value, str) or len(value) > 500 or clean_text(value) != value:
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
