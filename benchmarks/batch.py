"""Documents per second per worker process of ``marsad batch`` (workers read, code and store).

    python -m benchmarks.batch [DATA_DIR] [--limit N] [--workers 1 2] [--db URL]

The texts are the TR-News articles (as in :mod:`benchmarks.throughput`), written as JSONL
partitions of 20 with distinct ids. For each worker count, a local Dask cluster (one thread
per worker process) first codes a small warm-up job, so that every worker has built its
pipeline, then the timed job; both write the store (a fresh SQLite file unless ``--db``).
Reported: documents, seconds, documents/s in all and per worker process.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from benchmarks.throughput import load_texts
from marsad.batch.job import run_job
from marsad.batch.plan import plan_partitions
from marsad.batch.work import PartitionTask
from marsad.store import Store, normalize_url

PER_PARTITION = 20


def write_partitions(folder: Path, texts: list[str], prefix: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(0, len(texts), PER_PARTITION):
        rows = [{"id": f"{prefix}-{k + i}", "text": t} for i, t in enumerate(texts[k : k + PER_PARTITION])]
        (folder / f"{prefix}-{k:06d}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def timed_job(client: object, folder: Path, db: str) -> tuple[int, float]:
    tasks = [PartitionTask(p, db) for p in plan_partitions([str(folder)])]
    started = time.monotonic()
    summary = run_job(client, tasks)
    return sum(summary.coded.values()), time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data_dir", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "data")
    )
    parser.add_argument("--limit", type=int, default=120)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--db")
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    texts, origin = load_texts(Path(args.data_dir), args.limit)
    print(f"texts: {len(texts)} from {origin}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.workers:
            db = normalize_url(args.db or str(Path(tmp) / f"batch-{n}.db"))
            Store.open(db).close()
            warm, main_job = Path(tmp) / f"warm-{n}", Path(tmp) / f"job-{n}"
            write_partitions(warm, texts[: n * 2], f"warm{n}")
            write_partitions(main_job, texts, f"job{n}")
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
            with cluster, Client(cluster) as client:
                timed_job(client, warm, db)
                docs, seconds = timed_job(client, main_job, db)
            rate = docs / seconds
            print(
                f"{n} worker(s): {docs} documents in {seconds:.1f} s: {rate:.2f} docs/s, {rate / n:.2f} per worker"
            )


if __name__ == "__main__":
    main()
