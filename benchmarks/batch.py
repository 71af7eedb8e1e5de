"""Documents per second per worker process of ``marsad batch`` (workers read, code and store).

    python -m benchmarks.batch [DATA_DIR] [--limit N] [--workers 1 2] [--db URL]
    python -m benchmarks.batch [DATA_DIR] --memory N [--every S] [--texts news|satp|pool]
                               [--per-partition K] [--samples FILE.csv] [--workers W] [--resume]

The texts are the TR-News articles (as in :mod:`benchmarks.throughput`), written as JSONL
partitions of 20 with distinct ids. For each worker count, a local Dask cluster (one thread
per worker process) first codes a small warm-up job, so that every worker has built its
pipeline, then the timed job; both write the store (a fresh SQLite file unless ``--db``).
Reported: documents, seconds, documents/s in all and per worker process, and the CPU time
spent during the timed job by the client process (which, with a local cluster, also runs the
scheduler), by the worker processes and by their nannies, with the client's share of it all.

``--memory N`` instead runs one worker process (``--workers W``: W of them) over N documents
(the texts repeated, each with a distinct id, dated 20 a day from 1 January 2000, the years
written in the n-th copy of a text moved n // 4 years later, so that an event told with absolute
dates has at most four reports; ``--texts``: the TR-News articles, the SATP
summaries, or all 5,500 distinct news-like texts of the shared data) into a fresh SQLite store
(``--db URL``: that empty store, e.g. PostgreSQL),
after a warm-up job into another store, and samples each worker's resident memory (VmRSS) and
what malloc holds in use every ``--every`` seconds, with the count of documents stored so far
(``--samples``: all of them as CSV). Reported: documents/s; RSS at start (pipeline not built),
after the warm-up, at every 10% of the run (with the highest RSS since the row before) and at the end; the peak; the growth per 1,000 documents over the second half of the
run; the size of spaCy's vocabulary (lexemes, strings, lemmatizer cache) after the warm-up and
at the end; and the count of documents in the store at the end (it must be N). ``--resume``
goes on with a run that was stopped (the same command and store): the job codes only what is not
stored, the samples go on in the same CSV file, and the rate is given for this part and for the
whole run (its running time, the pauses between parts not counted).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path

from benchmarks.throughput import load_texts
from marsad.batch.job import local_cluster, run_job
from marsad.batch.plan import plan_partitions
from marsad.batch.work import PartitionTask
from marsad.batching import batched
from marsad.pipeline import Pipeline
from marsad.store import Store, normalize_url

PER_PARTITION = 20
ARTICLES_PER_DAY = 20


def load_pool(data_dir: Path, only: str | None = None) -> tuple[list[str], str]:
    """Every distinct text of the shared data's news-like sets, in a fixed shuffled order:
    TR-News and GeoVirus articles, SATP incident summaries, MUC-4 reports, InsightCrime
    articles and Times of India documents (IndiaPoliceEvents); those present are used."""
    import csv
    import random
    import xml.etree.ElementTree as ET

    csv.field_size_limit(2**31 - 1)
    found: dict[str, list[str]] = {}
    for name in ("TR-News", "GeoVirus"):
        path = data_dir / "geoparsing" / f"{name}.xml"
        if path.is_file():
            found[name] = [el.text or "" for el in ET.parse(path).getroot().iter("text")]
    conflibert = data_dir / "events" / "conflibert"
    for name, folder in (
        ("SATP", "satp_relevant"),
        ("InsightCrime", "insightCrime"),
        ("IndiaPolice", "IndiaPoliceEvents_docs"),
    ):
        for split in ("train", "dev"):
            path = conflibert / folder / f"{split}.tsv"
            if path.is_file():
                with path.open(encoding="utf-8", newline="") as stream:
                    found.setdefault(name, []).extend(
                        row[0] for row in csv.reader(stream, delimiter="\t") if row
                    )
    for split in ("train", "dev"):
        path = conflibert / "muc4" / f"{split}.json"
        if path.is_file():
            found.setdefault("MUC-4", []).extend(
                r.get("doc", "") for r in json.loads(path.read_text()).values()
            )
    if only:
        found = {k: v for k, v in found.items() if k == only}
    texts = sorted({t.strip() for group in found.values() for t in group if len(t.split()) >= 12})
    random.Random(15).shuffle(texts)
    origin = ", ".join(f"{k} {len(v):,}" for k, v in found.items())
    return texts, f"{len(texts):,} distinct texts from {origin}"


def write_partitions(
    folder: Path,
    texts: Iterable[str],
    prefix: str,
    size: int = PER_PARTITION,
    date_of: Callable[[int], str] | None = None,
) -> None:
    """The texts as JSONL files of ``size`` records, with distinct ids ``PREFIX-N`` (and the date
    ``date_of(N)`` when given)."""
    folder.mkdir(parents=True, exist_ok=True)
    for k, chunk in enumerate(batched(texts, size)):
        rows = [{"id": f"{prefix}-{k * size + i}", "text": t} for i, t in enumerate(chunk)]
        if date_of is not None:
            for n, row in enumerate(rows, start=k * size):
                row["date"] = date_of(n)
        (folder / f"{prefix}-{k * size:07d}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def timed_job(client: object, folder: Path, db: str) -> tuple[int, float]:
    tasks = [PartitionTask(p, db, pipeline_factory=Pipeline) for p in plan_partitions([str(folder)])]
    started = time.monotonic()
    summary = run_job(client, tasks)
    if summary.skipped or summary.failed or summary.failed_partitions:
        # a document not stored must say why, or the store's count at the end is a riddle
        print(f"skipped: {dict(summary.skipped)}; failed: {dict(summary.failed)}")
        for source, error in summary.errors[:20]:
            print(f"  {source}: {error}")
        for key, error in summary.failed_partitions:
            print(f"  partition {key} failed: {error}")
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


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds used so far by each process (children not included)."""
    import psutil

    times = {}
    for pid in pids:
        t = psutil.Process(pid).cpu_times()
        times[pid] = t.user + t.system
    return times


def job_processes(client: object) -> dict[str, list[int]]:
    """The client's process (with a LocalCluster, the scheduler's too), the workers, their nannies."""
    import psutil

    workers = sorted(client.run(worker_pid).values())  # type: ignore[attr-defined]
    return {
        "client": [os.getpid()],
        "workers": workers,
        "nannies": [psutil.Process(pid).ppid() for pid in workers],
    }


def worker_vocab() -> dict[str, int]:
    """On the worker: the size of each spaCy vocabulary it holds (lexemes, strings, the
    lemmatizer's cache), summed. Lexemes are counted (``len(vocab)`` counts freed ones too)."""
    import gc

    from spacy.language import Language

    sizes = {"pipelines": 0, "lexemes": 0, "strings": 0, "lemma_cache": 0}
    seen: set[int] = set()
    for obj in gc.get_objects():
        if isinstance(obj, Language) and id(obj.vocab) not in seen:
            seen.add(id(obj.vocab))
            sizes["pipelines"] += 1
            sizes["lexemes"] += sum(1 for _ in obj.vocab)
            sizes["strings"] += len(obj.vocab.strings)
            if "lemmatizer" in obj.pipe_names:
                sizes["lemma_cache"] += len(getattr(obj.get_pipe("lemmatizer"), "cache", {}))
    return sizes


def worker_profiling(dask_worker: object) -> bool:
    """On the worker: whether Dask's statistical profiler runs (it keeps 1,000 s of call trees)."""
    return "profile" in dask_worker.periodic_callbacks  # type: ignore[attr-defined]


def worker_heap() -> float:
    """On the worker: MiB that malloc holds in use (glibc's mallinfo2; -1 elsewhere)."""
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [
            (f, ctypes.c_size_t)
            for f in [
                "arena",
                "ordblks",
                "smblks",
                "hblks",
                "hblkhd",
                "usmblks",
                "fsmblks",
                "uordblks",
                "fordblks",
                "keepcost",
            ]
        ]

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = MallInfo2
        info = libc.mallinfo2()
    except (OSError, AttributeError):
        return -1.0
    return (info.uordblks + info.hblkhd) / 2**20


def stored_count(db: str) -> int:
    from sqlalchemy import create_engine, func, select

    from marsad.store.schema import documents

    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())
    finally:
        engine.dispose()


#: copies of a text that keep its dates: a report with absolute dates ("on 3 March 2011") gives
#: the same event in every copy, and an archive reports an event a handful of times, not once
#: per copy (77 copies of each SATP summary in 100,000 documents)
COPIES_PER_EVENT = 4
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def shift_years(text: str, years: int) -> str:
    """``text`` with every year from 1950 to 2049 moved ``years`` later."""
    return _YEAR.sub(lambda m: str(int(m.group(1)) + years), text) if years else text


def memory_run(
    texts: list[str],
    n: int,
    every: float,
    tmp: Path,
    *,
    per_partition: int,
    samples_path: str | None,
    workers: int = 1,
    db_url: str | None = None,
    resume: bool = False,
) -> None:
    """``workers`` worker processes over ``n`` documents; each one's RSS sampled as it goes.

    ``resume``: the store already holds part of this run (a run stopped before its end): the job
    codes what is not stored, and the samples go on from those in ``samples_path``."""
    from distributed import Client

    repeated = (shift_years(texts[i % len(texts)], i // len(texts) // COPIES_PER_EVENT) for i in range(n))

    def copy_date(i: int) -> str:
        # an archive's articles are spread over time: 20 a day, as a regional feed brings; the
        # same text on one date, copied, would merge into one event and make every ingest
        # compare with all of them, a load no real archive brings
        return (date(2000, 1, 1) + timedelta(days=i // ARTICLES_PER_DAY)).isoformat()

    warm_db, db = (normalize_url(str(tmp / name)) for name in ("memory-warm.db", "memory.db"))
    db = normalize_url(db_url) if db_url else db
    for url in (warm_db, db):
        Store.open(url).close()
    already = stored_count(db)
    if already and not resume:
        raise SystemExit(f"{db} already holds documents: give --memory an empty store (or --resume)")
    earlier = read_samples(samples_path, workers) if resume and samples_path else []
    offset = earlier[-1][0] if earlier else 0.0  # seconds the run had run before this part
    if resume:
        print(f"resuming: {already:,} documents already stored, after {offset / 60:.1f} minutes of running")
    warm, main_job = tmp / "memory-warm", tmp / "memory-job"
    write_partitions(warm, texts[: PER_PARTITION * workers], "warm")
    write_partitions(main_job, repeated, "mem", per_partition, copy_date)
    cluster = local_cluster(workers)
    with cluster, Client(cluster) as client:
        pid_of = client.run(worker_pid)  # worker address -> pid
        pids = sorted(pid_of.values())

        def rss() -> list[float]:
            return [rss_mib(pid) for pid in pids]

        def heaps() -> list[float]:
            by_worker = client.run(worker_heap)  # keyed by address: in the order of their pids
            return [h for _, h in sorted((pid_of[a], h) for a, h in by_worker.items())]

        start_rss = rss()
        timed_job(client, warm, warm_db)
        warm_rss = rss()
        vocab_warm = list(client.run(worker_vocab).values())
        profiling = any(client.run(worker_profiling).values())
        print(
            f"worker pids {pids}: RSS at start {mib(start_rss)} MiB, after warm-up {mib(warm_rss)} MiB; "
            f"Dask's profiler {'on' if profiling else 'off'}"
        )
        samples = earlier  # (seconds, stored, RSS, heap MiB), the seconds counted over all parts
        stop = threading.Event()
        started = time.monotonic() - offset

        log = open(samples_path, "a" if earlier else "w", encoding="utf-8") if samples_path else None  # noqa: SIM115
        if log and not earlier:
            columns = [f"rss_mib_{w}" for w in range(1, workers + 1)]
            columns += [f"malloc_in_use_mib_{w}" for w in range(1, workers + 1)]
            log.write(",".join(["seconds", "documents_stored", *columns]) + "\n")

        def write_sample() -> None:
            if log:  # as it goes: a run stopped early keeps its samples
                t, c, r, h = samples[-1]
                log.write(",".join([f"{t:.1f}", str(c), *(f"{v:.1f}" for v in r + h)]) + "\n")
                log.flush()

        def sample() -> None:
            count = 0
            while not stop.is_set():
                with contextlib.suppress(Exception):  # a busy store: keep the last count
                    count = stored_count(db)
                heap = [-1.0] * workers
                with contextlib.suppress(Exception):
                    heap = heaps()
                samples.append((time.monotonic() - started, count, rss(), heap))
                write_sample()
                stop.wait(every)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        docs, seconds = timed_job(client, main_job, db)
        stop.set()
        sampler.join()
        end_rss = rss()
        samples.append((offset + seconds, stored_count(db), end_rss, heaps()))
        write_sample()
        vocab_end = list(client.run(worker_vocab).values())
    if log:
        log.close()
    stored = stored_count(db)
    peak = [max(s[2][w] for s in samples) for w in range(workers)]
    print(
        f"{docs} documents coded in {seconds:.1f} s: {docs / seconds:.2f} docs/s, "
        f"{docs / seconds / workers:.2f} per worker process ({workers})"
    )
    if resume:
        total = offset + seconds
        print(
            f"the whole run, all its parts ({total / 60:.1f} minutes of running, the pauses between "
            f"parts not counted): {stored / total:.2f} docs/s"
        )
    print(
        "  done   documents   minutes   RSS MiB per worker   malloc in use MiB   (RSS max since the last row)"
    )
    last = 0
    for tenth in range(1, 11):
        mark = n * tenth // 10
        k = next((i for i, s in enumerate(samples) if s[1] >= mark), len(samples) - 1)
        at = samples[k]
        window = samples[last : k + 1] or [at]
        highest = [max(s[2][w] for s in window) for w in range(workers)]
        print(
            f"  {tenth * 10:>3}%   {at[1]:>9,}   {at[0] / 60:>7.1f}   {mib(at[2]):>18}   {mib(at[3]):>17}"
            f"   ({mib(highest)})"
        )
        last = k + 1
    print(
        f"RSS: start {mib(start_rss)}, after warm-up {mib(warm_rss)}, end {mib(end_rss)}, peak {mib(peak)} MiB"
    )
    half = [s for s in samples if s[1] >= n // 2]
    xs = [s[1] for s in half]
    if len(set(xs)) > 1:  # least-squares slope on documents stored, per worker
        for label, col in (("RSS", 2), ("malloc in use", 3)):
            slopes = [slope(xs, [s[col][w] for s in half]) * 1000 for w in range(workers)]
            print(
                f"{label} growth over the second half, MiB per 1,000 documents (fit): {mib(slopes, '+.1f')}"
            )
    print(f"spaCy vocabulary after warm-up {vocab_warm}, at the end {vocab_end}")
    print(
        f"documents in the store at the end: {stored:,} (expected {n:,}: {'ok' if stored == n else 'MISMATCH'})"
    )
    if samples_path:
        print(f"samples written to {samples_path}")


def read_samples(path: str, workers: int) -> list[tuple[float, int, list[float], list[float]]]:
    """The samples an earlier part of the run wrote to ``path`` (none if it is missing)."""
    if not Path(path).exists():
        return []
    rows = [line.split(",") for line in Path(path).read_text(encoding="utf-8").splitlines()[1:] if line]
    return [
        (float(r[0]), int(r[1]), [float(v) for v in r[2 : 2 + workers]], [float(v) for v in r[2 + workers :]])
        for r in rows
    ]


def mib(values: list[float], spec: str = ".0f") -> str:
    """Per-worker figures, one after another."""
    return " / ".join(format(v, spec) for v in values)


def slope(xs: list[int], ys: list[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data_dir", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "data")
    )
    parser.add_argument("--limit", type=int, default=120)
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        help="worker processes: the counts compared (default 1 2); --memory: one count (default 1)",
    )
    parser.add_argument("--db", help="the store (a SQLite path or a PostgreSQL URL); --memory: an empty one")
    parser.add_argument(
        "--memory", type=int, metavar="N", help="one worker over N documents, its RSS sampled"
    )
    parser.add_argument("--every", type=float, default=3.0, help="seconds between RSS samples (--memory)")
    parser.add_argument(
        "--texts",
        choices=("news", "satp", "pool"),
        default="news",
        help="--memory: the TR-News articles (default), the SATP incident summaries, or every distinct "
        "text of the shared news-like sets (TR-News, GeoVirus, SATP, MUC-4, InsightCrime, IndiaPolice)",
    )
    parser.add_argument(
        "--per-partition", type=int, default=PER_PARTITION, help="--memory: documents per partition"
    )
    parser.add_argument("--samples", metavar="CSV", help="--memory: write every sample to this CSV file")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="--memory: go on with a run that was stopped (the same command; its store and --samples file)",
    )
    args = parser.parse_args()
    from distributed import Client

    if args.memory:
        data = Path(args.data_dir)
        if args.texts == "news":
            texts, origin = load_texts(data, 10**9)
        else:
            texts, origin = load_pool(data, only="SATP" if args.texts == "satp" else None)
        print(f"texts: {len(texts)} distinct from {origin}, repeated to {args.memory} documents")
        with tempfile.TemporaryDirectory() as tmp:
            memory_run(
                texts,
                args.memory,
                args.every,
                Path(tmp),
                per_partition=args.per_partition,
                samples_path=args.samples,
                workers=(args.workers or [1])[0],
                db_url=args.db,
                resume=args.resume,
            )
        return
    texts, origin = load_texts(Path(args.data_dir), args.limit)
    print(f"texts: {len(texts)} from {origin}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.workers or [1, 2]:
            db = normalize_url(args.db or str(Path(tmp) / f"batch-{n}.db"))
            Store.open(db).close()
            warm, main_job = Path(tmp) / f"warm-{n}", Path(tmp) / f"job-{n}"
            write_partitions(warm, texts[: n * 2], f"warm{n}")
            write_partitions(main_job, texts, f"job{n}")
            cluster = local_cluster(n)
            with cluster, Client(cluster) as client:
                timed_job(client, warm, db)
                procs = job_processes(client)
                pids = [pid for group in procs.values() for pid in group]
                before = cpu_seconds(pids)
                docs, seconds = timed_job(client, main_job, db)
                after = cpu_seconds(pids)
            rate = docs / seconds
            used = {k: sum(after[p] - before[p] for p in group) for k, group in procs.items()}
            total = sum(used.values())
            print(
                f"{n} worker(s): {docs} documents in {seconds:.1f} s: {rate:.2f} docs/s, {rate / n:.2f} per worker"
            )
            print(
                f"  CPU during the job: client + scheduler {used['client']:.1f} s "
                f"({100 * used['client'] / total:.1f}% of the job's CPU, {100 * used['client'] / seconds:.1f}% "
                f"of one core), workers {used['workers']:.1f} s, nannies {used['nannies']:.1f} s"
            )


if __name__ == "__main__":
    main()
