"""Several processes on one database: schema changes one at a time, writes that wait their turn.

- :func:`schema_lock` serialises creating and migrating the schema between processes: an
  exclusive ``flock`` on ``<database file>.lock`` for SQLite, a session advisory lock for
  PostgreSQL. Two processes opening a new database at once: the second waits, then finds the
  schema at head and has nothing to do.
- :func:`configure_sqlite` makes a SQLite engine wait up to ``BUSY_TIMEOUT_S`` for a lock
  rather than fail, and lets :func:`write_transaction` start with ``BEGIN IMMEDIATE`` (after
  queueing on a file lock, for marsad's own writers): the
  write lock is taken before the first read, so a writer never reads a snapshot that another
  writer outdates before it writes (which SQLite reports as "database is locked" at once,
  without waiting).
- :func:`transient` tells which errors a whole-transaction retry can cure.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine

try:
    import fcntl
except ImportError:  # not on POSIX: no file lock (one process at a time is then the user's care)
    fcntl = None  # type: ignore[assignment]

BUSY_TIMEOUT_S = 30.0
_PG_LOCK_KEY = zlib.crc32(b"marsad schema")
_IMMEDIATE = "marsad_immediate"
# deadlock and serialisation failures (PostgreSQL), unique violations of a concurrent insert,
# and foreign-key violations of a concurrent delete: another writer storing the same report
# replaced the event this transaction was adding a source to (a failure of a test of two
# writers on PostgreSQL, about one run in six); the retry reads the new rows
_RETRY_SQLSTATES = {"40001", "40P01", "23505", "23503"}


def configure_sqlite(engine: Engine) -> None:
    """Busy timeout, and explicit ``BEGIN`` (``BEGIN IMMEDIATE`` for :func:`write_transaction`)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the driver's own BEGIN would always be deferred
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_IMMEDIATE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: on SQLite it holds the write lock from its first statement.

    SQLite writers first queue on an exclusive ``flock`` of ``<database file>.writer.lock``: the
    next one wakes as soon as the last commits, where SQLite's own wait for its lock polls with
    sleeps of up to 100 ms (two workers storing into one file spent half their time there)."""
    with engine.connect() as conn:
        if engine.dialect.name != "sqlite":
            with conn.begin():
                yield conn
            return
        conn.execution_options(**{_IMMEDIATE: True})
        with _file_lock(engine.url.database, ".writer.lock"), conn.begin():
            yield conn


def transient(exc: BaseException) -> bool:
    """Whether running the same transaction again may succeed: a lock held too long, a
    deadlock, or a row another process inserted (or, on PostgreSQL, removed) at the same
    moment."""
    if not isinstance(exc, sa_exc.OperationalError | sa_exc.IntegrityError):
        return False
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in _RETRY_SQLSTATES:
        return True
    message = str(orig or exc).lower()
    if isinstance(exc, sa_exc.IntegrityError):
        return "unique constraint failed" in message
    return "locked" in message or "busy" in message


@contextmanager
def schema_lock(engine: Engine) -> Iterator[None]:
    """Hold the database's schema lock (other processes opening it wait here)."""
    if engine.dialect.name == "sqlite":
        with _file_lock(engine.url.database):
            yield
    elif engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({_PG_LOCK_KEY})")
            conn.commit()
            try:
                yield
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_PG_LOCK_KEY})")
                conn.commit()
    else:
        yield


@contextmanager
def _file_lock(database: str | None, suffix: str = ".lock") -> Iterator[None]:
    """An exclusive ``flock`` on ``<database><suffix>`` (none for an in-memory database)."""
    if fcntl is None or not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    try:
        fd = os.open(f"{database}{suffix}", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a read-only folder: no process can change this database's schema anyway
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
