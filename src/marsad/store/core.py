"""The store: coded documents in, a deduplicated record of events, actors and claims out.

``Store.open(url_or_path)`` opens (and migrates) a SQLite file or a PostgreSQL database;
``store.ingest(doc)`` adds one coded document in one transaction; the query methods return
plain dicts (JSON-ready) used by the CLI, the exports and the REST API.

``Store`` is a facade over one module per responsibility:

- :mod:`marsad.store.writer`: ingest (with :mod:`.rows`, the document's rows, and
  :mod:`.regroup`, the dedup writes), and :mod:`.runs`, the ``runs`` of a batch;
- :mod:`marsad.store.editorial`: review operations (review, split, merge);
- :mod:`marsad.store.reads`: read queries (over :mod:`marsad.store.queries`, which the API shares);
- :mod:`marsad.store.merging`: an event's fields recomputed from its reports;
- :mod:`marsad.store.connection`: the database URL, engine and write counter.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from marsad.store.connection import normalize_url, open_engine
from marsad.store.dedup import DedupConfig
from marsad.store.editorial import Editorial
from marsad.store.reads import Reader
from marsad.store.records import CodedDoc
from marsad.store.regroup import ReportKeys
from marsad.store.writer import Writer


class Store(Writer, Editorial, Reader):
    """A marsad store over SQLite or PostgreSQL (same code, same schema)."""

    def __init__(self, engine: Engine, dedup: DedupConfig | None = None) -> None:
        self.engine = engine
        self.dedup = dedup or DedupConfig.load()
        self.report_keys = ReportKeys()
        #: called before each document's transaction commits (tests use it to simulate a crash)
        self.before_commit: Callable[[CodedDoc], None] | None = None

    @classmethod
    def open(
        cls, url_or_path: str | Path | None = None, *, dedup: DedupConfig | None = None, migrate: bool = True
    ) -> Store:
        """Open a store: None → ``marsad.config.default_db_path()``; a path → SQLite; or a URL.

        Creates parent directories and runs the Alembic migrations up to head.
        """
        engine = open_engine(normalize_url(url_or_path))
        if migrate:
            from marsad.store.migrate import upgrade

            upgrade(engine)
        return cls(engine, dedup)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
