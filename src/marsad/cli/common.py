"""What the ``marsad`` commands share: reading inputs, coding them with an engine, warnings,
and a SIGTERM that ends a run as Ctrl-C does."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO


def warn(message: str) -> None:
    print(f"marsad: {message}", file=sys.stderr)


def iter_documents(paths: list[str], *, date: str | None, errors: list[str]) -> Iterator[Any]:
    """Documents from every path (``-`` is stdin); bad ones are reported and skipped, and a
    path whose reading breaks off is reported after the documents read from it so far."""
    from marsad.ingest import IngestError, read_path

    for path in paths or ["-"]:
        try:
            for item in read_path(path, date=date):
                if isinstance(item, IngestError):
                    skipped(item.source, item.reason, errors)
                else:
                    yield item
        except (OSError, ValueError) as exc:  # the input itself failed: go on with the next one
            skipped(path, f"reading stopped: {type(exc).__name__}: {exc}", errors)


def skipped(source: str, reason: str, errors: list[str]) -> None:
    warn(f"skipped {source}: {reason}")
    errors.append(f"{source}: {reason}")


def coded_documents(engine: Any, docs: Iterable[Any], errors: list[str]) -> Iterator[Any]:
    """Code each document with the engine; a document that fails is reported and skipped."""
    from marsad.engine import CodingError

    for item in engine.map(docs):
        if isinstance(item, CodingError):
            skipped(item.source, f"could not be coded: {item.reason}", errors)
        else:
            yield item


def make_cli_engine(args: argparse.Namespace, config: Any = None) -> Any:
    from marsad.engine import make_engine
    from marsad.pipeline import Pipeline

    kind = args.engine or ("local" if args.workers > 1 else "inline")
    return make_engine(
        kind, workers=args.workers, scheduler=args.scheduler, config=config, pipeline_factory=Pipeline
    )


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, default=1, help="processes to code with (default 1)")
    parser.add_argument(
        "--engine",
        choices=("inline", "local", "dask"),
        help="where to code (default: inline, or local with --workers > 1)",
    )
    parser.add_argument(
        "--scheduler", help="Dask scheduler address for --engine dask (default: a local Dask cluster)"
    )
    parser.add_argument(
        "--time-budget",
        type=float,
        metavar="SECONDS",
        help="skip a document that takes longer to code (default 120, MARSAD_TIME_BUDGET; 0: no limit)",
    )


def write_json_line(obj: dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()


def pipeline_config(args: argparse.Namespace) -> Any:
    if args.time_budget is None:
        return None
    from marsad.config import PipelineConfig

    return PipelineConfig(time_budget_s=args.time_budget)


@contextmanager
def sigterm_as_exit() -> Iterator[None]:
    """SIGTERM raises SystemExit(143) in the main thread, so an interrupted run is recorded
    as such and the workers are ended, as on Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
