"""The API's storage: the marsad store, the one record of the CLI, the exports and the web app.

Input: a store path/URL or an open ``marsad.store.Store``. Output: a :class:`Backend` with the
store (its engine) and the API tokens. Uploads are ingested by the store (deduplicated into its
events in one transaction); every read goes through ``marsad.store.queries``; reviews are the
store's (``Store.review``), so the CLI and the web app see the same events, ids and statuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from marsad.model import Document
from marsad.serve.auth import Tokens
from marsad.store import Store


@dataclass
class Backend:
    store: Store
    tokens: Tokens

    @property
    def engine(self) -> Engine:
        return self.store.engine

    @classmethod
    def open(cls, db: str | Path | Store) -> Backend:
        """Open (and migrate) a store path/URL, or wrap an open Store."""
        store = db if isinstance(db, Store) else Store.open(str(db))
        return cls(store, Tokens(store.engine))

    def add(self, doc: Document) -> tuple[dict[str, Any], list[str], list[str]]:
        """Store one coded document; returns its dict, the ids of the store events it reports
        (deduplicated: an event other documents reported keeps its id) and warnings."""
        result = self.store.ingest(doc)
        coded = doc.to_dict()
        warnings = []
        if result.status == "unchanged":
            warnings.append("the store already holds this document with the same text and coding")
        ids = result.event_ids
        if result.status == "unchanged":
            found = self.store.document(doc.id) or {}
            ids = list(found.get("event_ids") or [])
        return coded, ids, warnings
