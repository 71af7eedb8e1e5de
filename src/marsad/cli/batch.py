"""``marsad batch``: code a partitioned corpus on a Dask cluster, the workers writing the store."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

SHOWN_ERRORS = 20


def _say(message: str) -> None:
    print(f"marsad: {message}", file=sys.stderr)


def _client(args: argparse.Namespace) -> tuple[Any, Any]:
    try:
        from distributed import Client
    except ImportError as exc:
        raise RuntimeError('marsad batch needs dask.distributed: pip install "marsad[distributed]"') from exc
    if args.scheduler:
        return Client(args.scheduler), None
    from marsad.batch.job import local_cluster

    cluster = local_cluster(args.workers)
    return Client(cluster), cluster


def cmd_batch(args: argparse.Namespace) -> int:
    from marsad.batch.job import run_job
    from marsad.batch.plan import PlanError, is_url, parse_size, plan_partitions
    from marsad.batch.work import PartitionTask
    from marsad.cli.common import pipeline_config, sigterm_as_exit
    from marsad.config import PipelineConfig
    from marsad.pipeline import Pipeline
    from marsad.store import Store, normalize_url, run_status_for

    if args.out_format == "parquet":
        from marsad.batch.parquet import require_pyarrow

        try:
            require_pyarrow()
        except RuntimeError as exc:
            _say(str(exc))
            return 2
    try:
        split = parse_size(args.split_bytes) if args.split_bytes else None
        partitions = plan_partitions(
            args.inputs, files_per_partition=args.files_per_partition, split_bytes=split
        )
    except (PlanError, ValueError) as exc:
        _say(str(exc))
        return 2
    db = normalize_url(args.db)  # an absolute path: workers may run elsewhere
    out = args.out if args.out is None or is_url(args.out) else os.path.abspath(args.out)
    config = pipeline_config(args) or PipelineConfig()
    store = Store.open(db)  # the schema is made here once, before the workers open the store
    run_id = store.start_run(config=config.to_dict())
    tasks = [
        PartitionTask(
            p,
            db,
            config,
            run_id=run_id,
            out=out,
            out_format=args.out_format,
            date=args.date,
            recode=args.recode,
            pipeline_factory=Pipeline,
        )
        for p in partitions
    ]
    _say(f"{len(partitions):,} partitions planned; coding into {store.url}")
    with sigterm_as_exit():
        try:
            client, cluster = _client(args)
            try:
                summary = run_job(client, tasks, progress=args.progress)
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
        except BaseException as exc:
            store.finish_run(run_id, status=run_status_for(exc), error=repr(exc)[:2000])
            raise
    store.finish_run(run_id, status="done" if summary.complete else "done with errors")
    store.close()
    for line in summary.lines():
        print(line, file=sys.stderr)
    problems = summary.failed_partitions + summary.errors
    for source, reason in problems[:SHOWN_ERRORS]:
        _say(f"skipped {source}: {reason}")
    if len(problems) > SHOWN_ERRORS:
        more = "see --report" if args.report is None else f"all in {args.report}"
        _say(f"... and {len(problems) - SHOWN_ERRORS} more ({more})")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as stream:
            json.dump(summary.to_dict(), stream, ensure_ascii=False, indent=1)
    return 0 if summary.complete else 1


def register(sub: argparse._SubParsersAction) -> None:
    batch = sub.add_parser(
        "batch",
        help="code a partitioned corpus on a Dask cluster, the workers reading and storing it themselves",
        description="Each worker reads its own partitions, codes them and writes the store given by --db "
        "(and PLOVER JSONL partitions with --out); the client only plans and watches. Started again "
        "with the same command, a job skips what is stored and redoes what was in flight.",
    )
    batch.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a .jsonl/.jsonl.gz file, a folder, a glob ('feed/**/*.jsonl.gz') or an fsspec URL",
    )
    batch.add_argument(
        "--db",
        required=True,
        help="the store every worker writes: postgresql://… for a cluster, a SQLite path on one machine",
    )
    batch.add_argument(
        "--out", metavar="DIR", help="also write the events, one file per partition (see --out-format)"
    )
    batch.add_argument(
        "--out-format",
        choices=("plover", "parquet"),
        default="plover",
        help="files written with --out: PLOVER JSONL (KEY.plover.jsonl, default) or Parquet "
        '(KEY.parquet, one row per event; needs pyarrow: pip install "marsad[parquet]")',
    )
    batch.add_argument("--date", help="article date (YYYY-MM-DD) for documents that give none")
    batch.add_argument(
        "--files-per-partition",
        type=int,
        default=64,
        metavar="N",
        help=".txt/.html files per partition (default 64; each JSONL file is a partition)",
    )
    batch.add_argument(
        "--split-bytes",
        metavar="SIZE",
        help="cut an uncompressed JSONL file larger than SIZE (64MB, 1GB, ...) into partitions of "
        "about SIZE bytes, each read by its worker from its own byte range (default: one per file)",
    )
    batch.add_argument(
        "--recode", action="store_true", help="code documents the store already holds (after an upgrade)"
    )
    batch.add_argument("--report", metavar="FILE", help="write the summary and every error as JSON")
    batch.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=sys.stderr.isatty(),
        help="a progress bar with total and time left (default: on when stderr is a terminal)",
    )
    batch.add_argument("--scheduler", metavar="ADDR", help="the Dask scheduler (tcp://host:8786)")
    batch.add_argument(
        "--workers",
        type=int,
        default=2,
        help="without --scheduler: worker processes of a local Dask cluster (default 2)",
    )
    batch.add_argument(
        "--time-budget",
        type=float,
        metavar="SECONDS",
        help="skip a document that takes longer to code (default 120; 0: no limit)",
    )
    batch.set_defaults(func=cmd_batch)
