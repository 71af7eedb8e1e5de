"""Opening a store's database, and its write counter.

``normalize_url`` turns a path or URL into a SQLAlchemy URL and ``open_engine`` opens it
(SQLite with WAL and foreign keys on); ``data_version``/``bump_version`` read and raise the
counter in ``store_meta`` that every write raises (the API's caches are valid while it holds).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, insert, select, update
from sqlalchemy.engine import Connection, Engine

from marsad.store import schema as S
from marsad.store.locking import BUSY_TIMEOUT_S, configure_sqlite


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def normalize_url(url_or_path: str | Path | None) -> str:
    """A SQLAlchemy URL: None → the default SQLite file; a plain path → SQLite; URLs kept.

    ``postgresql://`` URLs use the psycopg (3) driver.
    """
    if url_or_path is None:
        from marsad.config import default_db_path

        url_or_path = default_db_path()
    if isinstance(url_or_path, Path) or "://" not in str(url_or_path):
        path = Path(url_or_path).expanduser()
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{path.resolve()}"
        return "sqlite://"
    url = str(url_or_path)
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def open_engine(url: str) -> Engine:
    """The SQLAlchemy engine of a normalised URL (SQLite: busy timeout, WAL, foreign keys)."""
    sqlite = url.startswith("sqlite")
    engine = create_engine(url, future=True, connect_args={"timeout": BUSY_TIMEOUT_S} if sqlite else {})
    if sqlite:
        configure_sqlite(engine)
        event.listen(engine, "connect", sqlite_pragmas)
    return engine


def sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def data_version(conn: Connection) -> int:
    """The store's write counter (``store_meta.version``)."""
    return int(
        conn.execute(select(S.store_meta.c.value).where(S.store_meta.c.key == "version")).scalar() or 0
    )


def bump_version(conn: Connection) -> None:
    """Raise the write counter, in the writing transaction."""
    m = S.store_meta.c
    if conn.execute(update(S.store_meta).where(m.key == "version").values(value=m.value + 1)).rowcount == 0:
        conn.execute(insert(S.store_meta).values(key="version", value=1))
