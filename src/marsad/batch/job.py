"""The client of a corpus job: it submits one task per partition, watches, and sums up.

No document passes through the client: workers count their partitions (for the progress
bar's total and ETA), read them, code them and store them; they send back only counts, as
Dask events while they work and a :class:`PartitionResult` at the end. A partition whose
worker is lost is redone elsewhere by the scheduler; one that raises is retried ``RETRIES``
times, then reported as failed (its documents are coded by the next start of the job).
"""

from __future__ import annotations

import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from marsad.batch.work import (
    ALREADY_STORED,
    PartitionResult,
    PartitionTask,
    count_on_dask_worker,
    run_on_dask_worker,
)

RETRIES = 2
POLL_S = 0.5
# Dask settings for the worker processes of a job. The worker's statistical profiler keeps the
# call tree of every second of the last 1,000 (``distributed.admin.low-level-log-length``):
# with the pipeline's deep stacks, 113 MiB that a worker gains over its first 17 minutes.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


def local_cluster(workers: int) -> Any:
    """A Dask cluster of ``workers`` single-threaded worker processes on this machine, set up
    with :data:`WORKER_CONFIG`."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(WORKER_CONFIG):
        return LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
        )


@dataclass
class JobSummary:
    """What a job did, summed over its partitions."""

    partitions: int
    documents: int = 0
    coded: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    failed_partitions: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, result: PartitionResult) -> None:
        self.documents += result.documents
        self.coded.update(result.coded)
        self.skipped.update(result.skipped)
        self.failed.update(result.failed)
        self.errors.extend(result.errors)

    @property
    def complete(self) -> bool:
        """Every document is stored or was skipped as stored: nothing unread, failed or left."""
        unread = sum(n for reason, n in self.skipped.items() if reason != ALREADY_STORED)
        return not (unread or self.failed or self.failed_partitions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "partitions": self.partitions,
            "documents": self.documents,
            "coded": dict(self.coded),
            "skipped": dict(self.skipped),
            "failed": dict(self.failed),
            "failed_partitions": [{"partition": k, "reason": r} for k, r in self.failed_partitions],
            "errors": [{"source": s, "reason": r} for s, r in self.errors],
            "seconds": round(self.seconds, 1),
        }

    def lines(self) -> list[str]:
        rate = self.documents / self.seconds if self.seconds else 0.0

        def counts(c: Counter[str]) -> str:
            total = sum(c.values())
            return f"{total:,}" + (f" ({', '.join(f'{k}: {n:,}' for k, n in c.most_common())})" if c else "")

        failed = counts(self.failed)
        if self.failed_partitions:
            failed += f"; {len(self.failed_partitions)} partition(s) failed whole"
        return [
            f"{self.documents:,} documents in {self.partitions:,} partitions, {self.seconds:.1f} s "
            f"({rate:.2f} documents/s)",
            f"  coded   {counts(self.coded)}",
            f"  skipped {counts(self.skipped)}",
            f"  failed  {failed}",
        ]


class _Progress:
    """Documents done per partition, from the workers' events (a redone partition counts again
    from zero, so the largest count heard is kept)."""

    def __init__(self, tasks: list[PartitionTask], enabled: bool) -> None:
        self.lock = threading.Lock()
        self.done: dict[str, int] = {}
        self.totals: dict[str, int | None] = {t.partition.key: t.partition.known_documents for t in tasks}
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, desc="coding", unit="doc", file=sys.stderr, dynamic_ncols=True)

    @property
    def total(self) -> int | None:
        values = list(self.totals.values())
        return None if any(v is None for v in values) else sum(v or 0 for v in values)

    def heard(self, event: Any) -> None:
        _, message = event
        with self.lock:
            key = message["key"]
            self.done[key] = max(self.done.get(key, 0), int(message["done"]))

    def show(self, partitions_left: int) -> None:
        if self.bar is None:
            return
        with self.lock:
            done = sum(self.done.values())
        if self.bar.total is None and self.total is not None:
            self.bar.total = self.total
        self.bar.n = done
        self.bar.set_postfix_str(f"{partitions_left} partitions left", refresh=False)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_job(client: Any, tasks: list[PartitionTask], *, progress: bool = False) -> JobSummary:
    """Run every task on the cluster behind ``client``; Ctrl-C cancels what has not run."""
    from distributed import wait

    started = time.monotonic()
    topic = f"marsad-batch-{uuid.uuid4().hex[:12]}"
    tasks = [replace(t, topic=topic) for t in tasks]
    summary = JobSummary(partitions=len(tasks))
    watch = _Progress(tasks, progress)
    client.subscribe_topic(topic, watch.heard)
    counting = {
        client.submit(count_on_dask_worker, t.partition, pure=False, priority=10): t.partition.key
        for t in tasks
        if t.partition.known_documents is None
    }
    working = {
        client.submit(run_on_dask_worker, t, key=f"{topic}-{t.partition.key}", retries=RETRIES): t
        for t in tasks
    }
    pending = set(counting) | set(working)
    try:
        while pending:
            try:
                done, pending = wait(pending, timeout=POLL_S, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            for future in done:
                _collect(future, counting, working, summary, watch)
                # forgotten once collected, so that workers do not hold every result to the end
                counting.pop(future, None)
                working.pop(future, None)
            watch.show(sum(1 for f in pending if f in working))
    except BaseException:
        client.cancel(list(pending))
        raise
    finally:
        client.unsubscribe_topic(topic)
        watch.close()
    summary.seconds = time.monotonic() - started
    return summary


def _collect(
    future: Any,
    counting: dict[Any, str],
    working: dict[Any, PartitionTask],
    summary: JobSummary,
    watch: _Progress,
) -> None:
    if future in counting:
        key = counting[future]
        try:
            watch.totals[key] = future.result()[1]
        except Exception:  # noqa: BLE001 - without a count, the bar only loses its total
            watch.totals[key] = 0
        return
    key = working[future].partition.key
    try:
        result: PartitionResult = future.result()
    except Exception as exc:  # noqa: BLE001 - a partition that failed whole is reported, the rest go on
        summary.failed_partitions.append((key, f"{type(exc).__name__}: {str(exc)[:300]}"))
        return
    summary.add(result)
    with watch.lock:
        watch.done[key] = result.documents
        watch.totals[key] = max(watch.totals.get(key) or 0, result.documents)
