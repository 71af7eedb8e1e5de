"""``marsad batch`` on a real local Dask cluster (a ``dask scheduler`` and ``dask worker``
processes on loopback TCP): one worker and then the client are killed mid-run, the same
command is started again, and the store ends with every document exactly once."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import DOCUMENTS, corpus_records, write_corpus

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("distributed") is None, reason="dask.distributed is not installed"
    ),
]
SCHEDULER_ARGS = ["--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
# single-threaded, and no nanny: a killed worker stays dead instead of being restarted
WORKER_ARGS = ["--nthreads", "1", "--no-nanny", "--no-dashboard", "--memory-limit", "0"]


def _wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@contextmanager
def dask_cluster(folder: Path, workers: int) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A scheduler and ``workers`` worker processes, each logging to a file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    info = folder / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    procs: list[subprocess.Popen] = []

    def start(args: list[str], name: str) -> subprocess.Popen:
        log = open(folder / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process below
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        proc.log = log  # type: ignore[attr-defined]
        procs.append(proc)
        return proc

    try:
        start([*dask, "scheduler", *SCHEDULER_ARGS, "--scheduler-file", str(info)], "scheduler")
        _wait_until(info.exists, 60, "the scheduler")
        address = json.loads(info.read_text())["address"]
        pool = [
            start([*dask, "worker", address, *WORKER_ARGS, "--name", f"w{i}"], f"worker-{i}")
            for i in range(workers)
        ]
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=60)
        yield address, pool
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            proc.log.close()  # type: ignore[attr-defined]


def _query(db_url: str, sql: str) -> list[tuple]:
    from sqlalchemy import create_engine, text

    from marsad.store import normalize_url

    engine = create_engine(normalize_url(db_url))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    except Exception:  # noqa: BLE001 - the store or its tables are not made yet
        return []
    finally:
        engine.dispose()


def _stored(db_url: str) -> int:
    rows = _query(db_url, "SELECT count(*) FROM documents")
    return int(rows[0][0]) if rows else 0


def test_a_job_killed_midway_resumes_and_stores_every_document_once(tmp_path, db_url):
    records = corpus_records(DOCUMENTS)
    write_corpus(tmp_path / "corpus", records)

    def command(report: Path) -> list[str]:
        batch = [sys.executable, "-m", "marsad.cli", "batch", str(tmp_path / "corpus")]
        return [*batch, "--db", db_url, "--scheduler", address, "--no-progress", "--report", str(report)]

    with dask_cluster(tmp_path / "cluster", workers=2) as (address, workers):
        first = subprocess.Popen(command(tmp_path / "first.json"), stderr=subprocess.PIPE)
        _wait_until(lambda: _stored(db_url) >= 2, 120, "the first stored documents")
        workers[1].kill()  # a worker lost with its partition in flight
        at_worker_kill = _stored(db_url)
        _wait_until(lambda: _stored(db_url) >= at_worker_kill + 2, 120, "the job to go on")
        first.kill()  # then the client, without a word to the store
        first.communicate()
        at_client_kill = _stored(db_url)
        assert at_client_kill < DOCUMENTS, "the job ended before it could be interrupted"

        second = subprocess.run(
            command(tmp_path / "second.json"), capture_output=True, text=True, timeout=180
        )
        assert second.returncode == 0, second.stderr[-3000:]

    report = json.loads((tmp_path / "second.json").read_text())
    assert report["documents"] == DOCUMENTS and not report["failed"] and not report["failed_partitions"]
    assert report["skipped"].get("already stored (same id and text)", 0) >= at_client_kill
    assert sum(report["coded"].values()) + sum(report["skipped"].values()) == DOCUMENTS
    ids = [row[0] for row in _query(db_url, "SELECT id FROM documents ORDER BY id")]
    assert ids == sorted(r["id"] for r in records)  # every document, once
    assert _query(db_url, "SELECT count(*) FROM document_revisions") == [(0,)]  # none stored twice over
    runs = dict(_query(db_url, "SELECT id, status FROM runs"))
    assert sorted(runs.values()) == ["done", "interrupted"]
