"""The store's read methods: events, actors, places and documents as plain dicts.

The filtering, sorting and aggregation are :mod:`marsad.store.queries` (shared with the API);
these open a connection and shape the results for the CLI, the exports and the API.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection, Engine

from marsad.store import queries as Q
from marsad.store import schema as S
from marsad.store import summaries as A
from marsad.store.connection import data_version


class Reader:
    """Read queries: events, actors, places, documents, timeline, stats."""

    engine: Engine

    # (the query layer is marsad.store.queries: the CLI, the exports and the API share it)
    def resolve_actor_ids(self, conn: Connection, actor: str) -> set[str]:
        """Actor ids an ``--actor`` value may mean (see :func:`marsad.store.queries.resolve_actor_ids`)."""
        return Q.resolve_actor_ids(conn, actor)

    def resolve_place(self, conn: Connection, place: str) -> tuple[float, float] | None:
        """``lat,lon`` or a place name/GeoNames id known to the store → (lat, lon)."""
        return Q.resolve_place(conn, place)

    def events(
        self,
        *,
        limit: int | None = 100,
        offset: int = 0,
        sort: str = "-date",
        with_sources: bool = True,
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Events matching all the given filters (:class:`marsad.store.queries.EventFilters`:
        ``actor``, ``type``, ``sub_event_type``, ``country``, ``admin1``, ``since``, ``until``,
        ``min_confidence``, ``certainty``, ``bbox``, ``status``, ``geonameid``, ``document``, ``q``,
        ``min_sources``, ``needs_review``, ``near`` with ``km``), newest first.
        Each dict is shaped like ``Event.to_dict()`` plus ``source_count``, ``sources``,
        ``status``, ``latitude``, ``longitude``, ``first_seen``/``updated``.
        """
        f = Q.EventFilters.make(**filters)
        with self.engine.connect() as conn:
            rows = Q.select_events(conn, f, sort=sort, limit=limit, offset=offset)
            sources = self._sources_for(conn, [r["id"] for r in rows], full=False) if with_sources else {}
            return [self._event_dict(r, sources.get(r["id"], [])) for r in rows]

    def event_rows(
        self, *, limit: int | None = 100, offset: int = 0, sort: str = "-date", **filters: Any
    ) -> list[dict[str, Any]]:
        """Flat event rows (:data:`marsad.store.queries.ROW_FIELDS`): the CSV of the CLI and the API."""
        f = Q.EventFilters.make(**filters)
        with self.engine.connect() as conn:
            return Q.rows(conn, f, sort=sort, limit=limit, offset=offset)

    def count_events(self, **filters: Any) -> int:
        """How many events match the filters of :meth:`events`."""
        f = Q.EventFilters.make(**filters)
        with self.engine.connect() as conn:
            return Q.count(conn, f)

    def iter_events(self, batch: int = 1000, **filters: Any) -> Iterator[dict[str, Any]]:
        """All matching events, streamed in batches (for exports)."""
        offset = 0
        while True:
            page = self.events(limit=batch, offset=offset, **filters)
            yield from page
            if len(page) < batch:
                return
            offset += batch

    def _sources_for(
        self, conn: Connection, event_ids: list[str], *, full: bool
    ) -> dict[str, list[dict[str, Any]]]:
        if not event_ids:
            return {}
        s, d = S.event_sources.c, S.documents.c
        cols = [
            s.id,
            s.event_id,
            s.document_id,
            s.local_id,
            s.evidence_text,
            s.evidence_start,
            s.evidence_end,
            s.merge_reason,
            s.merge_score,
            s.pinned,
            s.type,
            s.date_start,
            s.date_end,
            d.url,
            d.title,
            d.publication,
            d.pub_date,
        ]
        if full:
            cols.append(s.data)
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for i in range(0, len(event_ids), 500):
            q = (
                select(*cols)
                .join(S.documents, S.documents.c.id == s.document_id)
                .where(s.event_id.in_(event_ids[i : i + 500]))
            )
            for r in conn.execute(q.order_by(s.id)).mappings():
                item = {
                    "source_id": r["id"],
                    "document_id": r["document_id"],
                    "event_local_id": r["local_id"],
                    "url": r["url"],
                    "title": r["title"],
                    "publication": r["publication"],
                    "document_date": r["pub_date"].isoformat() if r["pub_date"] else None,
                    "evidence": {
                        "text": r["evidence_text"],
                        "start": r["evidence_start"],
                        "end": r["evidence_end"],
                    },
                    "merge_reason": r["merge_reason"],
                    "merge_score": r["merge_score"],
                    "pinned": bool(r["pinned"]),
                }
                if full:
                    item["type"] = r["type"]
                    item["date"] = {"start": Q.iso(r["date_start"]), "end": Q.iso(r["date_end"])}
                    item["event"] = r["data"]
                out[r["event_id"]].append(item)
        return out

    @staticmethod
    def _event_dict(row: Any, sources: list[dict[str, Any]]) -> dict[str, Any]:
        d = dict(row["data"] or {})
        d["id"] = row["id"]
        d["source_count"] = row["source_count"]
        d["sources"] = sources
        # "status" here is the review status; how the text presented the event is kept apart
        d["mention_status"] = d.pop("status", None)
        d["status"] = row["status"]
        d["needs_review"] = bool(row["needs_review"])
        d["review_reason"] = row["review_reason"]
        d["corrections"] = row["corrections"] or {}
        d["fatalities_low"] = row["fatalities_low"]
        d["fatalities_high"] = row["fatalities_high"]
        d["latitude"] = row["latitude"]
        d["longitude"] = row["longitude"]
        d["first_seen"] = row["created_at"].isoformat() if row["created_at"] else None
        d["updated"] = row["updated_at"].isoformat() if row["updated_at"] else None
        return d

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with all its sources (evidence spans, each report as coded, why it merged),
        its reviews and its history (merges, splits, reviews, in order); None when there is no
        such event."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.events).where(S.events.c.id == event_id)).mappings().first()
            if row is None:  # an id the event had before a re-grouping renamed it
                alias = conn.execute(
                    select(S.event_aliases.c.new_id).where(S.event_aliases.c.old_id == event_id)
                ).scalar()
                if alias is None:
                    return None
                found = self.event(alias)
                return {**found, "alias_of": event_id} if found else None
            d = self._event_dict(row, self._sources_for(conn, [event_id], full=True).get(event_id, []))
            d["reviews"] = event_reviews(conn, event_id)
            log = conn.execute(
                select(S.merge_log).where(S.merge_log.c.event_id == event_id).order_by(S.merge_log.c.id)
            ).mappings()
            history = [
                {
                    "action": r["action"],
                    "source_id": r["source_id"],
                    "document_id": r["document_id"],
                    "reason": r["reason"],
                    "score": r["score"],
                    "at": r["created_at"].isoformat(),
                }
                for r in log
                if r["action"] != "review"
            ]
            history += [
                {
                    "action": "review",
                    "source_id": None,
                    "document_id": None,
                    "reason": _review_line(r),
                    "score": None,
                    "at": r["at"],
                    "reviewer": r["reviewer"],
                }
                for r in d["reviews"]
            ]
            d["history"] = sorted(history, key=lambda h: h["at"])
            return d

    def actors(
        self, *, q: str | None = None, known: bool | None = None, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Canonical actors (optionally whose name or alias contains ``q``), by number of events."""
        with self.engine.connect() as conn:
            return A.actor_rows(conn, q=q, known=known, limit=limit, offset=offset)[1]

    def actor(self, actor_id: str) -> dict[str, Any] | None:
        """One actor: its record, names (with the dates they were seen), event and mention
        counts; None when unknown. Its edges and territory are the graph's
        (``marsad.graph.actor_graph(store, actor=actor_id, depth=1)``)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.actors).where(S.actors.c.id == actor_id)).mappings().first()
            if row is None:
                return None
            d = A.actor_summary(row)
            d["names"] = A.actor_names(conn, actor_id)
            d["event_count"] = int(
                conn.execute(
                    select(func.count(func.distinct(S.event_actors.c.event_id))).where(
                        S.event_actors.c.actor_id == actor_id
                    )
                ).scalar_one()
            )
            d["mention_count"] = int(
                conn.execute(select(func.count()).where(S.mentions.c.actor_id == actor_id)).scalar_one()
            )
            d["data"] = row["data"]
        return d

    def unknown_actors(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Actors not in the actor dictionary (``known`` false) and unresolved mentions,
        grouped by text, most frequent first: {text, actor_id, count, documents, examples}."""
        with self.engine.connect() as conn:
            out: list[dict[str, Any]] = []
            for r in conn.execute(select(S.actors).where(S.actors.c.known.is_(False))).mappings():
                n = conn.execute(
                    select(func.count(), func.count(func.distinct(S.mentions.c.document_id))).where(
                        S.mentions.c.actor_id == r["id"]
                    )
                ).one()
                out.append(
                    {
                        "text": r["name"],
                        "actor_id": r["id"],
                        "count": int(n[0]),
                        "documents": int(n[1]),
                        "kind": r["kind"],
                        "reason": "not in the actor dictionary",
                    }
                )
            m = S.mentions.c
            q = (
                select(
                    m.text, func.count().label("n"), func.count(func.distinct(m.document_id)).label("docs")
                )
                .where(m.actor_id.is_(None))
                .group_by(m.text)
                .order_by(func.count().desc())
                .limit(limit)
            )
            for r in conn.execute(q):
                out.append(
                    {
                        "text": r.text,
                        "actor_id": None,
                        "count": int(r.n),
                        "documents": int(r.docs),
                        "kind": None,
                        "reason": "mention not resolved to an actor",
                    }
                )
        out.sort(key=lambda x: (-x["count"], x["text"] or ""))
        return out[:limit]

    def place(self, geonameid: int) -> dict[str, Any] | None:
        """A GeoNames place the store knows (see :func:`marsad.store.summaries.place`)."""
        with self.engine.connect() as conn:
            return A.place(conn, geonameid)

    def documents(self, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Stored documents (metadata only), newest first."""
        d = S.documents.c
        with self.engine.connect() as conn:
            q = select(
                d.id,
                d.url,
                d.title,
                d.publication,
                d.pub_date,
                d.revision,
                d.content_hash,
                d.ingested_at,
                d.updated_at,
            )
            rows = conn.execute(q.order_by(d.pub_date.desc(), d.id).offset(offset).limit(limit)).mappings()
            return [
                {k: (Q.iso(v) if isinstance(v, date | datetime) else v) for k, v in r.items()} for r in rows
            ]

    def document(self, document_id: str) -> dict[str, Any] | None:
        """A stored coded document (``Document.to_dict()`` plus ``text`` when stored, ``revision``,
        ``event_ids``), None when absent."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.documents).where(S.documents.c.id == document_id)).mappings().first()
            if row is None:
                return None
            d = dict(row["data"])
            d["text"] = row["text"]
            d["revision"] = row["revision"]
            d["event_ids"] = sorted(
                set(
                    conn.execute(
                        select(S.event_sources.c.event_id).where(S.event_sources.c.document_id == document_id)
                    ).scalars()
                )
            )
            d["revisions"] = [
                {
                    "document_id": r.document_id,
                    "revision": r.revision,
                    "content_hash": r.content_hash,
                    "replaced_at": r.replaced_at.isoformat(),
                }
                for r in conn.execute(
                    select(S.document_revisions).where(
                        or_(
                            S.document_revisions.c.superseded_by == document_id,
                            S.document_revisions.c.document_id == document_id,
                        )
                    )
                )
            ]
            return d

    def timeline(
        self, bucket: str = "month", by: str = "type", *, top: int | None = None, **filters: Any
    ) -> dict[str, Any]:
        """Event counts per time bucket and series (see :func:`marsad.store.summaries.timeline`)."""
        f = Q.EventFilters.make(**filters)
        with self.engine.connect() as conn:
            return A.timeline(conn, f, bucket=bucket, by=by, top=top)

    def stats(self) -> dict[str, Any]:
        """Counts of everything (see :func:`marsad.store.summaries.stats`), with the database."""
        with self.engine.connect() as conn:
            return {"db": self.url, "dialect": self.dialect, **A.stats(conn)}

    def data_version(self) -> int:
        """The store's write counter (raised by every write; caches are valid while it holds)."""
        with self.engine.connect() as conn:
            return data_version(conn)


def event_reviews(conn: Connection, event_id: str) -> list[dict[str, Any]]:
    """An event's reviews, oldest first: who, when, status before and after, changes, note."""
    r = S.event_reviews.c
    return [
        {
            "id": x.id,
            "at": x.at.isoformat(),
            "reviewer": x.reviewer,
            "status_from": x.status_from,
            "status_to": x.status_to,
            "changes": x.changes or {},
            "note": x.note,
        }
        for x in conn.execute(select(S.event_reviews).where(r.event_id == event_id).order_by(r.id))
    ]


def _review_line(r: dict[str, Any]) -> str:
    parts = [f"{r['reviewer']}: {r['status_from']} → {r['status_to']}"]
    parts += [f"{k} {old} → {new}" for k, (old, new) in sorted((r["changes"] or {}).items())]
    if r.get("note"):
        parts.append(f"note: {r['note']}")
    return "; ".join(parts)
