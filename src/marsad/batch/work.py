"""A worker codes one partition straight into the store, skipping what the store already holds.

Per batch of ``PipelineConfig.batch_size`` documents: one query finds which are stored with
the same id and text (content hash), as ``Store.ingest`` would find them ``unchanged``; the
others are coded together (``code_batch``) and stored one transaction each. A partition
redone (a lost worker, a second start) therefore codes only what was in flight, and the
store's idempotent ingest makes a document coded twice at once land once.

Each worker process keeps one pipeline and one store connection pool for all its partitions.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from marsad.batch.partition import read_partition
from marsad.batch.plan import Partition, is_url
from marsad.batching import batched
from marsad.config import PipelineConfig
from marsad.engine.base import CodingError, PipelineFactory, code_batch
from marsad.ingest import IngestError
from marsad.model import Document

ALREADY_STORED = "already stored (same id and text)"
UNREADABLE = "could not be read"
NOT_CODED = "could not be coded"
NOT_STORED = "could not be stored"
MAX_ERRORS_KEPT = 200  # per partition: the summary counts them all, and shows these

_LOCK = threading.Lock()
_PIPELINES: dict[str, tuple[Any, threading.Lock]] = {}
_STORES: dict[str, Any] = {}


@dataclass(frozen=True)
class PartitionTask:
    """What a worker needs to code one partition on its own."""

    partition: Partition
    db: str  # a SQLAlchemy URL every worker can reach (an absolute SQLite path on one machine)
    config: PipelineConfig = field(default_factory=PipelineConfig)
    run_id: int | None = None
    out: str | None = None  # folder (or fsspec URL) for the output partitions
    out_format: str = "plover"  # PLOVER JSONL, or "parquet" (see marsad.batch.parquet)
    date: str | None = None
    recode: bool = False
    topic: str | None = None  # Dask event topic the progress goes to
    # builds the worker's pipeline from ``config`` (``marsad.Pipeline``, given by the command line)
    pipeline_factory: PipelineFactory | None = None


@dataclass
class PartitionResult:
    """What became of each document of a partition: coded (by store status), skipped, failed."""

    key: str
    documents: int = 0
    coded: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def note(self, kind: Counter[str], reason: str, source: str | None = None, detail: str = "") -> None:
        kind[reason] += 1
        if source is not None and len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append((source, f"{reason}: {detail}" if detail else reason))


def _pipeline(config: PipelineConfig, factory: PipelineFactory | None) -> tuple[Any, threading.Lock]:
    if factory is None:
        raise ValueError("a partition task needs a pipeline_factory (e.g. marsad.Pipeline) to code with")
    key = f"{factory!r}:{config.to_dict()!r}"
    with _LOCK:
        if key not in _PIPELINES:
            _PIPELINES[key] = (factory(config), threading.Lock())
        return _PIPELINES[key]


def _store(db: str) -> Any:
    with _LOCK:
        if db not in _STORES:
            from marsad.store import Store

            _STORES[db] = Store.open(db)
        return _STORES[db]


def stored_hashes(store: Any, ids: list[str]) -> dict[str, str]:
    """The content hash of each of ``ids`` the store holds."""
    if not ids:
        return {}
    from sqlalchemy import select

    from marsad.store.schema import documents

    with store.engine.connect() as conn:
        rows = conn.execute(select(documents.c.id, documents.c.content_hash).where(documents.c.id.in_(ids)))
        return {row.id: row.content_hash for row in rows}


def stored_data(store: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The coded-document dict of each of ``ids`` the store holds (for their PLOVER records)."""
    if not ids:
        return {}
    from sqlalchemy import select

    from marsad.store.schema import documents

    with store.engine.connect() as conn:
        rows = conn.execute(select(documents.c.id, documents.c.data).where(documents.c.id.in_(ids)))
        return {row.id: row.data for row in rows}


OUT_FORMATS = ("plover", "parquet")


@contextmanager
def _published(out: str, name: str, mode: str) -> Iterator[IO[Any]]:
    """A file of the output folder, published whole when the partition ends (a local file by
    rename, an object store by its upload on close), never half-written under its final name."""
    if is_url(out):
        import fsspec

        with fsspec.open(
            f"{out.rstrip('/')}/{name}", mode, encoding=None if "b" in mode else "utf-8"
        ) as stream:
            yield stream
        return
    os.makedirs(out, exist_ok=True)
    final = os.path.join(out, name)
    partial = f"{final}.part-{os.getpid()}-{threading.get_ident()}"
    try:
        with open(partial, mode, encoding=None if "b" in mode else "utf-8") as stream:
            yield stream
        os.replace(partial, final)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


@contextmanager
def _output(
    out: str | None, key: str, fmt: str = "plover"
) -> Iterator[Callable[[dict[str, Any]], None] | None]:
    """What takes each coded-document dict of the partition for its output file, if any:
    PLOVER JSONL (``KEY.plover.jsonl``) or Parquet (``KEY.parquet``), both streamed."""
    if out is None:
        yield None
    elif fmt == "parquet":
        from marsad.batch.parquet import ParquetPlover

        with _published(out, f"{key}.parquet", "wb") as stream:
            table = ParquetPlover(stream)
            yield table.add
            table.close()
    elif fmt == "plover":
        from marsad import export

        with _published(out, f"{key}.plover.jsonl", "w") as stream:
            yield lambda data: export.write("plover", [data], stream)
    else:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(OUT_FORMATS)}")


def run_partition(
    task: PartitionTask,
    *,
    pipeline: Any = None,
    store: Any = None,
    report: Callable[[int], None] | None = None,
) -> PartitionResult:
    """Code and store one partition; ``report`` hears how many of its documents are done."""
    from marsad.store.errors import store_error_reason

    started = time.monotonic()
    lock = threading.Lock()
    store = store if store is not None else _store(task.db)
    result = PartitionResult(task.partition.key)
    size = task.config.batch_size
    with _output(task.out, task.partition.key, task.out_format) as out:
        for batch in batched(read_partition(task.partition, date=task.date), size):
            docs: list[Document] = []
            for item in batch:
                if isinstance(item, IngestError):
                    result.note(result.skipped, UNREADABLE, item.source, item.reason)
                else:
                    docs.append(item)
            stored = {} if task.recode else stored_hashes(store, [d.id for d in docs])
            todo = [d for d in docs if stored.get(d.id) != d.content_hash]
            if todo and pipeline is None:  # built on first need: a resumed job may code nothing
                pipeline, lock = _pipeline(task.config, task.pipeline_factory)
            with lock:
                coded = iter(code_batch(pipeline, todo) if todo else [])
            kept = stored_data(store, [d.id for d in docs if d.id in stored]) if out else {}
            for doc in docs:
                data: dict[str, Any] | None = None
                if stored.get(doc.id) == doc.content_hash:
                    result.note(result.skipped, ALREADY_STORED)
                    data = kept.get(doc.id)
                else:
                    item = next(coded)
                    if isinstance(item, CodingError):
                        result.note(result.failed, NOT_CODED, item.source, item.reason)
                        continue
                    try:
                        status = store.ingest(item, run_id=task.run_id).status
                    except Exception as exc:  # noqa: BLE001 - one refused document must not stop the rest
                        result.note(result.failed, NOT_STORED, doc.source or doc.id, store_error_reason(exc))
                        continue
                    result.coded[status] += 1
                    data = item.to_dict()
                if out is not None and data is not None:
                    out(data)
            result.documents += len(batch)
            if report is not None:
                report(result.documents)
    result.seconds = time.monotonic() - started
    return result


def run_on_dask_worker(task: PartitionTask) -> PartitionResult:
    """:func:`run_partition` on a Dask worker, its progress sent to the client as events."""
    from distributed import get_worker

    worker = get_worker()

    def report(done: int) -> None:
        if task.topic:
            worker.log_event(task.topic, {"key": task.partition.key, "done": done})

    return run_partition(task, report=report)


def count_on_dask_worker(partition: Partition) -> tuple[str, int]:
    from marsad.batch.partition import count_documents

    return partition.key, count_documents(partition)
