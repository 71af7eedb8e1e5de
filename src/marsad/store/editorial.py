"""The review operations on stored events: review (status, corrections), split and merge.

The CLI, the API and the web app all call these; each is one transaction that logs what it
did (``event_reviews``, ``merge_log``) and raises the write counter.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from marsad.store import review as R
from marsad.store import schema as S
from marsad.store.connection import bump_version, now_utc
from marsad.store.dedup import DedupConfig
from marsad.store.locking import write_transaction
from marsad.store.merging import alias, insert_event_shell, new_event_id, refresh_event


class Editorial:
    """Review operations: ``review``, ``set_event_status``, ``split_source``, ``merge_events``."""

    engine: Engine
    dedup: DedupConfig

    def split_source(self, source_id: int, *, reason: str = "split by analyst") -> str:
        """Undo a merge: move one event source out into an event of its own (pinned so it
        is never merged back automatically). Returns the new event id."""
        with write_transaction(self.engine) as conn:
            src = (
                conn.execute(select(S.event_sources).where(S.event_sources.c.id == source_id))
                .mappings()
                .first()
            )
            if src is None:
                raise KeyError(f"no event source {source_id}")
            old = src["event_id"]
            n_sources = conn.execute(
                select(func.count()).where(S.event_sources.c.event_id == old)
            ).scalar_one()
            if n_sources < 2:
                raise ValueError(f"source {source_id} is the only report of {old}: nothing to split")
            now = now_utc()
            new_id = new_event_id(conn, src["document_id"], src["local_id"])
            insert_event_shell(conn, new_id, src["data"], now)
            conn.execute(
                update(S.event_sources)
                .where(S.event_sources.c.id == source_id)
                .values(event_id=new_id, pinned=True, merge_reason=None, merge_score=None)
            )
            for eid, action in ((old, "split"), (new_id, "create")):
                conn.execute(
                    insert(S.merge_log),
                    dict(
                        event_id=eid,
                        source_id=source_id,
                        document_id=src["document_id"],
                        action=action,
                        reason=reason,
                        created_at=now,
                    ),
                )
            refresh_event(conn, old, self.dedup)
            refresh_event(conn, new_id, self.dedup)
            bump_version(conn)
            return new_id

    def merge_events(self, target_id: str, other_id: str, *, reason: str = "merged by analyst") -> None:
        """Merge ``other_id`` into ``target_id`` by hand (reversible with :meth:`split_source`)."""
        with write_transaction(self.engine) as conn:
            for eid in (target_id, other_id):
                if conn.execute(select(S.events.c.id).where(S.events.c.id == eid)).first() is None:
                    raise KeyError(f"no event {eid}")
            now = now_utc()
            src_ids = list(
                conn.execute(
                    select(S.event_sources.c.id).where(S.event_sources.c.event_id == other_id)
                ).scalars()
            )
            conn.execute(
                update(S.event_sources)
                .where(S.event_sources.c.event_id == other_id)
                .values(event_id=target_id, merge_reason=reason, merge_score=None)
            )
            # made by hand: automatic merging leaves it as the analyst made it
            conn.execute(
                update(S.event_sources).where(S.event_sources.c.event_id == target_id).values(pinned=True)
            )
            for sid in src_ids:
                conn.execute(
                    insert(S.merge_log),
                    dict(event_id=target_id, source_id=sid, action="merge", reason=reason, created_at=now),
                )
            refresh_event(conn, other_id, self.dedup)
            refresh_event(conn, target_id, self.dedup)
            alias(conn, other_id, target_id, now)
            bump_version(conn)

    def review(
        self,
        event_id: str,
        *,
        reviewer: str,
        status: str | None = None,
        corrections: dict[str, Any] | None = None,
        note: str | None = None,
    ) -> dict[str, Any]:
        """Review an event (the one operation of the CLI, the API and the web app): set its status
        (``candidate``, ``verified``, ``rejected``; rejected events never absorb merges) and/or
        correct fields by path (``fatalities``, ``acled.sub_event_type``, ``date.start``...; a
        value of None undoes a correction). Stored once in ``event_reviews`` with the event as
        reviewed; kept through re-ingests, which flag the event for re-review when they change
        what was reviewed. Returns the review as recorded; KeyError when there is no such event."""
        R.check_status(status)
        for path, value in (corrections or {}).items():
            R.check_correction(path, value)
        with write_transaction(self.engine) as conn:
            row = (
                conn.execute(
                    select(S.events.c.status, S.events.c.corrections).where(S.events.c.id == event_id)
                )
                .mappings()
                .first()
            )
            if row is None:
                alias = conn.execute(
                    select(S.event_aliases.c.new_id).where(S.event_aliases.c.old_id == event_id)
                ).scalar()
                row = (
                    conn.execute(
                        select(S.events.c.status, S.events.c.corrections).where(S.events.c.id == alias)
                    )
                    .mappings()
                    .first()
                    if alias
                    else None
                )
                if row is None:
                    raise KeyError(f"no event {event_id}")
                event_id = alias  # an id the event had before a re-grouping renamed it
            stored = dict(row["corrections"] or {})
            changes: dict[str, list[Any]] = {}
            for path, value in (corrections or {}).items():
                item = stored.get(path)
                current = self._current_value(conn, event_id, path)
                if value is None:
                    if item is not None:
                        stored.pop(path)
                        changes[path] = [current, item.get("coded")]
                    continue
                if current != value:
                    changes[path] = [current, value]
                    stored[path] = {"value": value, "coded": item.get("coded") if item else current}
            now = now_utc()
            conn.execute(
                update(S.events)
                .where(S.events.c.id == event_id)
                .values(status=status or row["status"], corrections=stored or None, updated_at=now)
            )
            merged = refresh_event(conn, event_id, self.dedup) or {}
            record = {
                "event_id": event_id,
                "at": now,
                "reviewer": R.clean_text(reviewer or "unknown")[:200],
                "status_from": row["status"],
                "status_to": status or row["status"],
                "changes": changes,
                "note": R.clean_text(note) if note else None,
                "snapshot": R.snapshot(R.original(merged, stored)),
            }
            conn.execute(insert(S.event_reviews), record)
            # reviewed now: what changed before this review is settled
            conn.execute(
                update(S.events)
                .where(S.events.c.id == event_id)
                .values(needs_review=False, review_reason=None)
            )
            bump_version(conn)
        return {**record, "at": now.isoformat()}

    @staticmethod
    def _current_value(conn: Connection, event_id: str, path: str) -> Any:
        data = conn.execute(select(S.events.c.data).where(S.events.c.id == event_id)).scalar() or {}
        return R.get_path(data, path)

    def set_event_status(
        self, event_id: str, status: str, note: str | None = None, *, reviewer: str = "cli"
    ) -> None:
        """Set an event's review status (see :meth:`review`)."""
        self.review(event_id, reviewer=reviewer, status=status, note=note)
