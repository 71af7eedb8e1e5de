"""The API's storage: the marsad store (when available) plus the serve read model.

Input: a store path/URL or an open ``marsad.store.Store``. Output: a :class:`Backend`
with the SQLAlchemy engine, the store (or None), the read model and the tokens.

Writes go to the store first (the record of what was coded), then to the read model
(what the API queries). At start, documents already in the store and missing from the
read model are copied into it, so a store filled by ``marsad ingest`` is served as is.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select

from marsad.model import Document
from marsad.serve.auth import Tokens
from marsad.serve.readmodel import ReadModel, event_key
from marsad.serve.readmodel import documents as serve_documents
from marsad.serve.readmodel import events as serve_events
from marsad.serve.security import short_reason
from marsad.store.locking import BUSY_TIMEOUT_S, configure_sqlite

STORE_STATUS = {"verified": "confirmed", "rejected": "rejected", "candidate": "new"}

log = logging.getLogger(__name__)


def engine_for(db: str | Path) -> Engine:
    """An engine for a database URL or a SQLite file path (its folder is created)."""
    url = str(db)
    if "://" not in url:
        path = Path(url).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    sqlite = url.startswith("sqlite")
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S} if sqlite else {})
    if sqlite:
        configure_sqlite(engine)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

    return engine


def _open_store(db: str | Path) -> Any | None:
    try:
        from marsad.store import Store  # type: ignore[attr-defined]
    except ImportError:
        return None
    return Store.open(str(db))


@dataclass
class Backend:
    engine: Engine
    store: Any | None
    model: ReadModel
    tokens: Tokens

    @classmethod
    def open(cls, db: Any) -> Backend:
        """Open a store path/URL, or wrap an open Store (anything with an ``engine``)."""
        if isinstance(db, str | Path):
            store = _open_store(db)
            engine = getattr(store, "engine", None) or engine_for(db)
        else:
            store, engine = db, db.engine
        backend = cls(engine, store, ReadModel(engine), Tokens(engine))
        backend.sync_from_store()
        return backend

    def add(self, doc: Document) -> tuple[dict[str, Any], list[str], list[str]]:
        """Store one coded document; returns its dict, its event ids and warnings."""
        warnings: list[str] = []
        if self.store is not None and hasattr(self.store, "ingest"):
            try:
                self.store.ingest(doc)
            except Exception as exc:  # the store is a separate component: report, go on
                log.exception("store ingest failed for %s", doc.id)
                warnings.append(f"store: {short_reason(exc)}")
        coded = doc.to_dict()
        coded["format"] = doc.format
        return coded, self.model.add_document(coded, doc.text), warnings

    def mirror_review(self, event_id: str, status: str | None, note: str | None) -> list[str]:
        """Pass a review status on to the store's (deduplicated) event that this coding feeds.

        verified → ``confirmed``, rejected → ``rejected``, candidate → ``new``. Returns warnings.
        """
        if status is None or self.store is None or not hasattr(self.store, "set_event_status"):
            return []
        try:
            from marsad.store import schema
        except ImportError:
            return []
        sources = schema.metadata.tables.get("event_sources")
        if sources is None:
            return []
        with self.engine.connect() as conn:
            target = self._store_event_id(conn, sources, event_id)
        if target is None:
            return [f"store: no stored event is fed by {event_id}; review kept in the API only"]
        try:
            self.store.set_event_status(target, STORE_STATUS[status], note)
        except Exception as exc:  # the store is a separate component: report, go on
            return [f"store: {short_reason(exc)}"]
        return []

    def _store_event_id(self, conn: Any, sources: Any, event_id: str) -> str | None:
        """The id of the store's event that the coding ``event_id`` feeds (None: not stored)."""
        row = conn.execute(
            select(serve_events.c.doc_id, serve_events.c.local_id).where(serve_events.c.id == event_id)
        ).first()
        if row is None:
            return None
        return conn.execute(
            select(sources.c.event_id).where(
                sources.c.document_id == row.doc_id, sources.c.local_id == row.local_id
            )
        ).scalar()

    def sources(self, event_id: str) -> list[dict[str, Any]]:
        """Every coding the store merged into the same real-world event as this one (this one
        included): document, evidence, and why it was merged. Empty without a store."""
        if self.store is None:
            return []
        try:
            from marsad.store import schema
        except ImportError:
            return []
        src, docs = schema.metadata.tables.get("event_sources"), schema.metadata.tables.get("documents")
        if src is None or docs is None:
            return []
        try:
            with self.engine.connect() as conn:
                target = self._store_event_id(conn, src, event_id)
                if target is None:
                    return []
                rows = conn.execute(
                    select(
                        src.c.document_id,
                        src.c.local_id,
                        src.c.evidence_text,
                        src.c.merge_reason,
                        src.c.merge_score,
                        docs.c.title,
                        docs.c.publication,
                        docs.c.pub_date,
                        docs.c.url,
                    )
                    .join(docs, docs.c.id == src.c.document_id)
                    .where(src.c.event_id == target)
                    .order_by(src.c.id)
                ).all()
        except Exception:  # the store's schema differs: no merged sources to show
            log.exception("reading the store's event sources failed")
            return []
        return [
            {
                "store_event_id": target,
                "event_id": event_key(r.document_id, r.local_id),
                "document_id": r.document_id,
                "title": r.title,
                "publication": r.publication,
                "date": r.pub_date.isoformat() if r.pub_date else None,
                "url": r.url,
                "evidence": r.evidence_text,
                "merge_reason": r.merge_reason or "first report of this event",
                "merge_score": r.merge_score,
            }
            for r in rows
        ]

    def _copy(self, rows: list[Any]) -> int:
        """Add store rows to the read model in one transaction; when that fails, one by one,
        skipping (and logging) a document that cannot be served rather than refusing to start."""
        batch = []
        for row in rows:
            if not row.text or not row.data:
                continue  # stored without its text: nothing to show evidence in
            try:
                coded = row.data if isinstance(row.data, dict) else json.loads(row.data)
            except (ValueError, RecursionError):
                log.warning("store document %s: its coded JSON cannot be read; not served", row.id)
                continue
            if isinstance(coded, dict) and coded.get("id"):
                batch.append((coded, row.text))
        try:
            return self.model.add_many(batch)
        except Exception:  # one bad document: find it, serve the others
            log.warning("copying %d store documents failed; copying them one by one", len(batch))
        n = 0
        for coded, text in batch:
            try:
                n += self.model.add_many([(coded, text)])
            except Exception as exc:  # a document the read model cannot hold: skip it, go on
                log.warning("store document %s is not served: %s", coded.get("id"), short_reason(exc))
        return n

    def sync_from_store(self) -> int:
        """Copy documents of the store (``documents.data``: the coded JSON, ``documents.text``) missing from the read model."""
        try:
            from marsad.store import schema
        except ImportError:
            return 0
        table = schema.metadata.tables.get("documents")
        if table is None or "data" not in table.c or "text" not in table.c:
            return 0
        try:
            with self.engine.connect() as conn:
                have = set(conn.execute(select(serve_documents.c.id)).scalars())
                missing = [i for i in conn.execute(select(table.c.id)).scalars() if i not in have]
        except Exception:  # the store's tables are not there (yet): nothing to copy
            return 0
        n = 0
        for start in range(0, len(missing), 500):
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(table.c.id, table.c.data, table.c.text).where(
                        table.c.id.in_(missing[start : start + 500])
                    )
                ).all()
            n += self._copy(rows)
        if n:
            log.info("served %d documents of the store that the read model lacked", n)
        return n
