"""The store's writer: one coded document in, in one transaction (``Store.ingest``).

A document already stored unchanged is skipped; a corrected or re-coded one replaces the
earlier version (kept in ``document_revisions``); its rows are written (:mod:`.rows`) and
its events stored as reports and re-grouped (:mod:`.regroup`).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine

from marsad.model import Document
from marsad.store import schema as S
from marsad.store.connection import bump_version, now_utc
from marsad.store.dedup import DedupConfig
from marsad.store.locking import transient, write_transaction
from marsad.store.merging import refresh_event
from marsad.store.records import CodedDoc, coded_doc
from marsad.store.regroup import ReportKeys, insert_source, recluster, source_count
from marsad.store.rows import write_actors, write_relations, write_spans, write_territory
from marsad.store.runs import RunResult, Runs, run_status_for

# whole-transaction tries of one document when another process holds or changes the same rows
INGEST_ATTEMPTS = 5


@dataclass
class IngestResult:
    """What ``Store.ingest`` did with one document.

    ``status`` is ``inserted`` (new document), ``unchanged`` (same id, same content and
    coding: nothing written) or ``replaced`` (a corrected or re-coded version replaced the
    earlier one, which went to the revision history).
    """

    document_id: str
    status: str
    revision: int = 1
    events_new: int = 0
    events_merged: int = 0
    events_removed: int = 0
    replaced_id: str | None = None
    event_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Writer(Runs):
    """Ingest: ``Store.ingest`` and ``Store.ingest_many`` (a run of documents)."""

    engine: Engine
    dedup: DedupConfig
    report_keys: ReportKeys
    before_commit: Callable[[CodedDoc], None] | None

    def ingest(self, doc: Document | dict[str, Any], *, run_id: int | None = None) -> IngestResult:
        """Add one coded document, in one transaction.

        Idempotent by (document id, content hash, coding hash): the same document twice
        changes nothing. A document with the same id (or the same URL) but a different text
        or coding replaces the earlier version: its events, mentions, relations and claims
        are removed (events other documents also report keep those sources), the earlier
        version goes to ``document_revisions``, and the new one is ingested.
        """
        cd = coded_doc(doc)
        for attempt in range(INGEST_ATTEMPTS):
            try:
                return self._ingest_once(cd, run_id)
            except Exception as exc:
                # another process held the database or stored the same rows at the same moment:
                # the transaction was rolled back whole, and ingest is idempotent, so run it again
                if attempt + 1 == INGEST_ATTEMPTS or not transient(exc):
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    def _ingest_once(self, cd: CodedDoc, run_id: int | None) -> IngestResult:
        with write_transaction(self.engine) as conn:
            result = self._ingest(conn, cd, run_id)
            if self.before_commit is not None:
                self.before_commit(cd)
            if run_id is not None:
                conn.execute(
                    update(S.runs)
                    .where(S.runs.c.id == run_id)
                    .values(documents_done=S.runs.c.documents_done + 1, last_document_id=cd.id)
                )
            if result.status != "unchanged" or run_id is not None:
                bump_version(conn)  # last: the counter's row lock is held only until commit
        return result

    def ingest_many(
        self,
        docs: Iterable[Document | dict[str, Any]],
        *,
        pipeline: str = "marsad",
        version: str | None = None,
        config: dict[str, Any] | None = None,
        progress: Callable[[IngestResult], None] | None = None,
    ) -> RunResult:
        """Ingest a batch, recording a ``runs`` row; each document is its own transaction.

        If the batch stops (crash, Ctrl-C), running it again resumes: documents already
        stored are ``unchanged`` and cost one lookup each.
        """
        run_id = self.start_run(pipeline=pipeline, version=version, config=config)
        out = RunResult(run_id)
        try:
            for doc in docs:
                res = self.ingest(doc, run_id=run_id)
                out.counts[res.status] += 1
                out.results.append(res)
                if progress:
                    progress(res)
        except BaseException as exc:
            self.finish_run(run_id, status=run_status_for(exc), error=repr(exc))
            raise
        self.finish_run(run_id)
        return out

    def _find_existing(self, conn: Connection, cd: CodedDoc) -> Any:
        row = conn.execute(select(S.documents).where(S.documents.c.id == cd.id)).mappings().first()
        if row is None and cd.url:
            row = (
                conn.execute(
                    select(S.documents)
                    .where(S.documents.c.url == cd.url)
                    .order_by(S.documents.c.updated_at.desc())
                )
                .mappings()
                .first()
            )
        return row

    def _ingest(self, conn: Connection, cd: CodedDoc, run_id: int | None) -> IngestResult:
        existing = self._find_existing(conn, cd)
        revision = 1
        removed = 0
        remaining: list[int] = []
        replaced_id = None
        now = now_utc()
        ingested_at = now
        if existing is not None:
            if existing["content_hash"] == cd.content_hash and existing["coding_hash"] == cd.coding_hash:
                return IngestResult(cd.id, "unchanged", revision=existing["revision"])
            revision = existing["revision"] + 1
            replaced_id = existing["id"]
            ingested_at = existing["ingested_at"]
            conn.execute(
                insert(S.document_revisions),
                dict(
                    document_id=existing["id"],
                    superseded_by=cd.id,
                    url=existing["url"],
                    revision=existing["revision"],
                    content_hash=existing["content_hash"],
                    coding_hash=existing["coding_hash"],
                    text=existing["text"],
                    data=existing["data"],
                    ingested_at=existing["ingested_at"],
                    replaced_at=now,
                ),
            )
            removed, remaining = self._remove_document(conn, existing["id"])
        data = cd.data
        conn.execute(
            insert(S.documents),
            dict(
                id=cd.id,
                url=cd.url,
                source=data.get("source"),
                title=data.get("title"),
                publication=data.get("publication"),
                author=data.get("author"),
                pub_date=cd.pub_date,
                content_hash=cd.content_hash,
                coding_hash=cd.coding_hash,
                revision=revision,
                text=cd.text,
                data=data,
                run_id=run_id,
                ingested_at=ingested_at,
                updated_at=now,
            ),
        )
        write_spans(conn, cd)
        result = IngestResult(
            cd.id,
            "replaced" if existing is not None else "inserted",
            revision=revision,
            events_removed=removed,
            replaced_id=replaced_id,
        )
        seen_local: set[str] = set()
        new_sources: list[int] = []
        for n, ev in enumerate(data.get("events") or [], 1):
            local_id = str(ev.get("id") or f"e{n}")
            if local_id in seen_local:  # a coder that repeats an id must not lose the event
                local_id = f"{local_id}#{n}"
            seen_local.add(local_id)
            new_sources.append(insert_source(conn, cd, ev, local_id, now))
        final = recluster(
            conn, new_sources + remaining, now, self.dedup, new=set(new_sources), keys=self.report_keys
        )
        for sid in new_sources:
            if sid not in final:  # its event is fixed: a rejected id come back, kept as reviewed
                eid = conn.execute(
                    select(S.event_sources.c.event_id).where(S.event_sources.c.id == sid)
                ).scalar_one()
                refresh_event(conn, eid, self.dedup)
                final[sid] = eid
                conn.execute(
                    insert(S.merge_log),
                    dict(
                        event_id=eid,
                        source_id=sid,
                        document_id=cd.id,
                        action="create",
                        reason="the event this report founded was rejected: kept apart, as reviewed",
                        created_at=now,
                    ),
                )
        counts = Counter(final.values())
        for sid in new_sources:
            result.event_ids.append(final[sid])
            if counts[final[sid]] > 1 or source_count(conn, final[sid]) > 1:
                result.events_merged += 1
            else:
                result.events_new += 1
        write_relations(conn, cd)
        write_territory(conn, cd)
        # last: the row of a frequent actor is written by every worker's documents, and on
        # PostgreSQL its lock is held until commit (first, it made each worker wait for the whole
        # transaction of the other)
        write_actors(conn, cd)
        return result

    def _remove_document(self, conn: Connection, document_id: str) -> tuple[int, list[int]]:
        """Delete a document and what came from it; returns how many events disappeared and the
        reports left in the events it fed (their neighbourhood is re-grouped)."""
        affected = set(
            conn.execute(
                select(S.event_sources.c.event_id).where(S.event_sources.c.document_id == document_id)
            ).scalars()
        )
        for table in (S.event_sources, S.mentions, S.sentences, S.relations, S.territory):
            conn.execute(delete(table).where(table.c.document_id == document_id))
        conn.execute(delete(S.documents).where(S.documents.c.id == document_id))
        removed = 0
        for event_id in sorted(affected):
            if refresh_event(conn, event_id, self.dedup) is None:
                removed += 1
                conn.execute(
                    insert(S.merge_log),
                    dict(
                        event_id=event_id,
                        document_id=document_id,
                        action="detach",
                        reason="its only report was replaced or removed",
                        created_at=now_utc(),
                    ),
                )
        remaining = list(
            conn.execute(
                select(S.event_sources.c.id)
                .where(S.event_sources.c.event_id.in_(sorted(affected)))
                .order_by(S.event_sources.c.id)
            ).scalars()
        )
        return removed, remaining
