"""Documents per second per worker process of ``marsad batch`` (workers read, code and store).

    python -m benchmarks.batch [DATA_DIR] [--limit N] [--workers 1 2] [--db URL]
    python -m benchmarks.batch [DATA_DIR] --memory N [--every S]

The texts are the TR-News articles (as in :mod:`benchmarks.throughput`), written as JSONL
partitions of 20 with distinct ids. For each worker count, a local Dask cluster (one thread
per worker process) first codes a small warm-up job, so that every worker has built its
pipeline, then the timed job; both write the store (a fresh SQLite file unless ``--db``).
Reported: documents, seconds, documents/s in all and per worker process.

``--memory N`` instead runs ONE worker process over N documents (the texts repeated, each with
a distinct id) into a fresh SQLite store, after a warm-up job into another store, and samples
the worker's resident memory (VmRSS) every ``--every`` seconds, with the count of documents
stored so far. Reported: documents/s; RSS at start (pipeline not built), after the warm-up, at
every 10% of the run and at the end; the peak; the growth per 1,000 documents over the second
half of the run; the size of spaCy's vocabulary (lexemes, strings) after the warm-up and at the
end; and the count of documents in the store at the end (it must be N).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile
import threading
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


def rss_mib(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB, from /proc (psutil where /proc is absent)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


def worker_pid() -> int:
    return os.getpid()


def worker_vocab() -> dict[str, int]:
    """On the worker: the size of each spaCy vocabulary it holds (lexemes, strings), summed."""
    import gc

    from spacy.language import Language

    sizes = {"pipelines": 0, "lexemes": 0, "strings": 0}
    seen: set[int] = set()
    for obj in gc.get_objects():
        if isinstance(obj, Language) and id(obj.vocab) not in seen:
            seen.add(id(obj.vocab))
            sizes["pipelines"] += 1
            sizes["lexemes"] += len(obj.vocab)
            sizes["strings"] += len(obj.vocab.strings)
    return sizes


def stored_count(db: str) -> int:
    from sqlalchemy import create_engine, func, select

    from marsad.store.schema import documents

    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())
    finally:
        engine.dispose()


def memory_run(texts: list[str], n: int, every: float, tmp: Path) -> None:
    """One worker process over ``n`` documents; its RSS sampled as it goes."""
    from distributed import Client, LocalCluster

    repeated = [texts[i % len(texts)] for i in range(n)]
    warm_db, db = (normalize_url(str(tmp / name)) for name in ("memory-warm.db", "memory.db"))
    for url in (warm_db, db):
        Store.open(url).close()
    warm, main_job = tmp / "memory-warm", tmp / "memory-job"
    write_partitions(warm, texts[:PER_PARTITION], "warm")
    write_partitions(main_job, repeated, "mem")
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster) as client:
        (pid,) = client.run(worker_pid).values()
        start_rss = rss_mib(pid)
        timed_job(client, warm, warm_db)
        warm_rss = rss_mib(pid)
        (vocab_warm,) = client.run(worker_vocab).values()
        print(f"worker pid {pid}: RSS at start {start_rss:.0f} MiB, after warm-up {warm_rss:.0f} MiB")
        samples: list[tuple[float, int, float]] = []  # seconds, documents stored, RSS MiB
        stop = threading.Event()
        started = time.monotonic()

        def sample() -> None:
            count = 0
            while not stop.is_set():
                with contextlib.suppress(Exception):  # a busy store: keep the last count
                    count = stored_count(db)
                samples.append((time.monotonic() - started, count, rss_mib(pid)))
                stop.wait(every)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        docs, seconds = timed_job(client, main_job, db)
        stop.set()
        sampler.join()
        end_rss = rss_mib(pid)
        samples.append((seconds, stored_count(db), end_rss))
        (vocab_end,) = client.run(worker_vocab).values()
    stored = stored_count(db)
    peak = max(rss for _, _, rss in samples)
    print(f"{docs} documents coded in {seconds:.1f} s: {docs / seconds:.2f} docs/s (one worker process)")
    print("  done   documents   seconds   RSS MiB")
    for tenth in range(1, 11):
        mark = n * tenth // 10
        at = next((s for s in samples if s[1] >= mark), samples[-1])
        print(f"  {tenth * 10:>3}%   {at[1]:>9,}   {at[0]:>7.0f}   {at[2]:>7.0f}")
    print(f"RSS: start {start_rss:.0f}, after warm-up {warm_rss:.0f}, end {end_rss:.0f}, peak {peak:.0f} MiB")
    half = [s for s in samples if s[1] >= n // 2]
    xs, ys = [s[1] for s in half], [s[2] for s in half]
    if len(set(xs)) > 1:  # least-squares slope of RSS on documents stored
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
        print(f"RSS growth over the second half: {slope * 1000:+.1f} MiB per 1,000 documents (fit)")
    print(f"spaCy vocabulary after warm-up {vocab_warm}, at the end {vocab_end}")
    print(
        f"documents in the store at the end: {stored:,} (expected {n:,}: {'ok' if stored == n else 'MISMATCH'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data_dir", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "data")
    )
    parser.add_argument("--limit", type=int, default=120)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--db")
    parser.add_argument(
        "--memory", type=int, metavar="N", help="one worker over N documents, its RSS sampled"
    )
    parser.add_argument("--every", type=float, default=3.0, help="seconds between RSS samples (--memory)")
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    if args.memory:
        texts, origin = load_texts(Path(args.data_dir), 10**9)
        print(f"texts: {len(texts)} distinct from {origin}, repeated to {args.memory} documents")
        with tempfile.TemporaryDirectory() as tmp:
            memory_run(texts, args.memory, args.every, Path(tmp))
        return
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
