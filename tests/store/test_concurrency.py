"""Several processes on one store: a new database opened at once, two writers of the same documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from marsad.store import Store
from marsad.store import schema as S
from marsad.store.locking import transient

CORPUS = Path(__file__).parent / "fixtures" / "dedup_corpus.json"

# A child process: import, say it is ready, wait for the go file, then open the store and ingest
# the documents at the given corpus indexes; prints its results as one JSON object.
CHILD = """
import json, sys, time
from pathlib import Path
from marsad.store import Store
url, corpus, indexes, ready, go = sys.argv[1:6]
docs = json.loads(Path(corpus).read_text(encoding="utf-8"))["documents"]
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.002)
statuses, errors = [], []
store = Store.open(url)
run = store.start_run()
for i in json.loads(indexes):
    try:
        statuses.append(store.ingest(docs[i], run_id=run).status)
    except Exception as exc:
        errors.append(f"{docs[i]['id']}: {exc!r}"[:300])
store.finish_run(run)
store.close()
print(json.dumps({"statuses": statuses, "errors": errors}))
"""


def _run_at_once(url: str, orders: list[list[int]], tmp_path: Path) -> list[dict]:
    """Start one child per order, release them together, and return their results."""
    go = tmp_path / "go"
    procs, ready = [], []
    for n, order in enumerate(orders):
        ready.append(tmp_path / f"ready{n}")
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", CHILD, url, str(CORPUS), json.dumps(order), str(ready[-1]), str(go)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONHASHSEED": "0"},
            )
        )
    deadline = time.monotonic() + 60
    while not all(r.exists() for r in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        assert p.returncode == 0, stderr[-2000:]
        out.append(json.loads(stdout.strip().splitlines()[-1]))
    return out


def _counts(url: str) -> dict[str, int]:
    store = Store.open(url)
    try:
        with store.engine.connect() as conn:
            return {
                t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for t in (S.documents, S.event_sources, S.runs)
            }
    finally:
        store.close()


def test_two_processes_open_a_new_database_at_once(store_url, tmp_path):
    results = _run_at_once(store_url, [[0], [1]], tmp_path)
    assert [r["errors"] for r in results] == [[], []]
    assert [r["statuses"] for r in results] == [["inserted"], ["inserted"]]
    assert _counts(store_url)["documents"] == 2


def test_two_writers_store_the_same_documents_once(store_url, tmp_path, corpus):
    Store.open(store_url).close()  # an existing database: the writers race on rows, not on the schema
    n = 12
    forward, backward = list(range(n)), list(reversed(range(n)))
    results = _run_at_once(store_url, [forward, backward], tmp_path)
    assert [r["errors"] for r in results] == [[], []]
    statuses = [s for r in results for s in r["statuses"]]
    assert sorted(set(statuses)) <= ["inserted", "unchanged"]
    assert statuses.count("inserted") == n  # each document stored by exactly one of them
    reference = tmp_path / "sequential.db"
    with Store.open(reference) as one:
        for doc in corpus["documents"][:n]:
            one.ingest(doc)
    counts = _counts(store_url)
    assert counts["documents"] == n and counts["runs"] == 2
    assert counts["event_sources"] == _counts(str(reference))["event_sources"]


def test_only_lock_and_race_errors_are_retried():
    from sqlalchemy import exc

    locked = exc.OperationalError("INSERT", {}, Exception("database is locked"))
    duplicate = exc.IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed: documents.id"))
    missing = exc.IntegrityError("INSERT", {}, Exception("NOT NULL constraint failed: events.type"))
    full = exc.OperationalError("INSERT", {}, Exception("database or disk is full"))
    assert transient(locked) and transient(duplicate)
    assert not transient(missing) and not transient(full) and not transient(ValueError("locked"))

    class PgError(Exception):
        def __init__(self, sqlstate: str) -> None:
            super().__init__(f"sqlstate {sqlstate}")
            self.sqlstate = sqlstate

    # PostgreSQL: a row a concurrent writer removed (foreign key) is retried, a NOT NULL is not
    assert transient(exc.IntegrityError("INSERT", {}, PgError("23503")))
    assert not transient(exc.IntegrityError("INSERT", {}, PgError("23502")))


def test_sqlite_writers_queue_on_the_writer_lock_file(tmp_path, corpus):
    # a writer waits on <database>.writer.lock (woken when it is released), not in SQLite's
    # polling wait for its own lock
    import fcntl
    import threading

    store = Store.open(tmp_path / "queue.db")
    fd = os.open(f"{tmp_path / 'queue.db'}.writer.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another writer holds its turn
    done = threading.Event()
    writer = threading.Thread(target=lambda: (store.ingest(corpus["documents"][0]), done.set()))
    writer.start()
    assert not done.wait(0.5)
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
    assert done.wait(30)
    writer.join()
    assert store.count_events() > 0
    store.close()


def test_actor_rows_are_written_last_and_in_id_order(tmp_path, corpus):
    # a frequent actor's row is shared by every worker's documents: on PostgreSQL its lock is
    # held until commit, so it is taken last (after the re-grouping), and in one order
    from sqlalchemy import event

    store = Store.open(tmp_path / "order.db")
    store.ingest(corpus["documents"][0])
    doc = dict(corpus["documents"][1])
    doc["actors"] = sorted(doc["actors"], key=lambda a: str(a.get("id")), reverse=True)
    ids = sorted(a["id"] for a in doc["actors"] if a.get("id"))
    assert len(ids) > 1
    statements: list[tuple[str, tuple]] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def record(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((" ".join(statement.split()), tuple(params) if not executemany else ()))

    store.ingest(doc)
    store.close()
    writes = [
        i
        for i, (sql, _) in enumerate(statements)
        if sql.startswith(("INSERT INTO actors ", "UPDATE actors "))
    ]
    regrouping = [i for i, (sql, _) in enumerate(statements) if "event_sources" in sql.split(" WHERE")[0]]
    assert writes and regrouping
    assert min(writes) > max(i for i in regrouping if statements[i][0].startswith(("INSERT", "UPDATE")))
    written = [next(a for a in ids if a in statements[i][1]) for i in writes]
    assert written == ids
