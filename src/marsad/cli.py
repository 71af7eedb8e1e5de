"""The ``marsad`` command line.

Core verbs live here (``code``, ``geoparse``, ``components``); stage packages add their
own verbs through an optional ``marsad.<package>.cli`` module with ``register(subparsers)``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from marsad import __version__
from marsad.progress import expected_documents, progress

SUBCOMMAND_MODULES = (
    "marsad.places.cli",
    "marsad.actors.cli",
    "marsad.store.cli",
    "marsad.graph.cli",
    "marsad.export.cli",
    "marsad.serve.cli",
    "marsad.batch.cli",
)
CODE_FORMATS = ("jsonl", "plover", "acled-csv", "geojson")
# commands that only read a store: pointed at a file that is not there, they say so and stop
READ_COMMANDS = frozenset({"events", "graph", "stats", "timeline", "serve", "export"})


def _warn(message: str) -> None:
    print(f"marsad: {message}", file=sys.stderr)


def iter_documents(paths: list[str], *, date: str | None, errors: list[str]) -> Iterator[Any]:
    """Documents from every path (``-`` is stdin); bad ones are reported and skipped, and a
    path whose reading breaks off is reported after the documents read from it so far."""
    from marsad.ingest import IngestError, read_path

    for path in paths or ["-"]:
        try:
            for item in read_path(path, date=date):
                if isinstance(item, IngestError):
                    _skipped(item.source, item.reason, errors)
                else:
                    yield item
        except (OSError, ValueError) as exc:  # the input itself failed: go on with the next one
            _skipped(path, f"reading stopped: {type(exc).__name__}: {exc}", errors)


def _skipped(source: str, reason: str, errors: list[str]) -> None:
    _warn(f"skipped {source}: {reason}")
    errors.append(f"{source}: {reason}")


def coded_documents(engine: Any, docs: Iterable[Any], errors: list[str]) -> Iterator[Any]:
    """Code each document with the engine; a document that fails is reported and skipped."""
    from marsad.engine import CodingError

    for item in engine.map(docs):
        if isinstance(item, CodingError):
            _skipped(item.source, f"could not be coded: {item.reason}", errors)
        else:
            yield item


def _engine(args: argparse.Namespace, config: Any = None) -> Any:
    from marsad.engine import make_engine

    kind = args.engine or ("local" if args.workers > 1 else "inline")
    return make_engine(kind, workers=args.workers, scheduler=args.scheduler, config=config)


def _add_engine_arguments(parser: argparse.ArgumentParser) -> None:
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


def _write_json_line(obj: dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()


def _pipeline_config(args: argparse.Namespace) -> Any:
    if args.time_budget is None:
        return None
    from marsad.config import PipelineConfig

    return PipelineConfig(time_budget_s=args.time_budget)


def _serialised(doc: Any, include_text: bool) -> tuple[dict[str, Any], str]:
    """A coded document's output object and its JSON line, checked to be writable as UTF-8."""
    data = doc.to_dict()
    if include_text:
        data["text"] = doc.text
    line = json.dumps(data, ensure_ascii=False)
    line.encode("utf-8")
    return data, line


def _written(
    docs: Iterable[Any], store: Any, run_id: int | None, args: argparse.Namespace, errors: list[str]
):  # type: ignore[no-untyped-def]
    """Each coded document checked for output, then stored: a document that cannot be written
    or stored is that document's error, and is neither stored nor printed (never half-done)."""
    from marsad.store.errors import store_error_reason

    for doc in docs:
        source = doc.source or doc.id
        try:
            data, line = _serialised(doc, args.include_text)
        except (ValueError, TypeError, UnicodeError, RecursionError) as exc:
            _skipped(source, f"could not be written: {type(exc).__name__}: {str(exc)[:200]}", errors)
            continue
        if store is not None:
            try:
                store.ingest(doc, run_id=run_id)
            except Exception as exc:  # noqa: BLE001 - one refused document must not stop the batch
                _skipped(source, f"not stored: {store_error_reason(exc)}", errors)
                continue
        yield data, line


@contextmanager
def _sigterm_as_exit() -> Iterator[None]:
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


def cmd_code(args: argparse.Namespace) -> int:
    if not args.paths and sys.stdin.isatty():
        _warn("no input: give PATH(s) or '-' to read standard input")
        return 2
    errors: list[str] = []
    engine = _engine(args, _pipeline_config(args))
    store = run_id = None
    if not args.no_store:
        from marsad.store import Store

        store = Store.open(args.db)
        run_id = store.start_run(config=engine.config.to_dict())
    out = sys.stdout
    with _sigterm_as_exit():
        try:
            with engine:
                docs = coded_documents(
                    engine, iter_documents(args.paths, date=args.date, errors=errors), errors
                )
                docs = progress(
                    docs,
                    total=expected_documents(args.paths) if args.progress else None,
                    errors=errors,
                    desc="coding",
                    enabled=args.progress,
                )
                written = _written(docs, store, run_id, args, errors)
                if args.format == "jsonl":
                    for _, line in written:
                        out.write(line + "\n")
                        out.flush()
                else:
                    from marsad import export
                    from marsad.cliargs import warn_left_out

                    left_out = export.write(args.format, (data for data, _ in written), out)
                    warn_left_out(args.format, left_out)
        except BaseException as exc:
            if store is not None:
                from marsad.store.core import run_status_for

                store.finish_run(run_id, status=run_status_for(exc), error=repr(exc)[:2000])
            raise
    if store is not None:
        store.finish_run(run_id, status="done" if not errors else "done with errors")
    return 1 if errors else 0


def cmd_geoparse(args: argparse.Namespace) -> int:
    from marsad import Pipeline
    from marsad.engine import Engine
    from marsad.model import places_not_found

    errors: list[str] = []
    engine = Engine(pipeline=Pipeline(stages=("nlp", "actors", "places")))
    docs = coded_documents(engine, iter_documents(args.paths, date=None, errors=errors), errors)
    total = expected_documents(args.paths) if args.progress else None
    for doc in progress(docs, total=total, errors=errors, desc="geoparsing", enabled=args.progress):
        # the names the gazetteer lacks are said, not only left in each place's reason
        _write_json_line(
            {
                "id": doc.id,
                "places": [p.to_dict() for p in doc.places],
                "not_found": places_not_found(doc.places),
            },
            sys.stdout,
        )
    return 1 if errors else 0


def cmd_components(args: argparse.Namespace) -> int:
    from marsad import Pipeline, registry

    Pipeline()  # imports the modules that register the default components
    for reg in registry.all_registrations():
        print(f"{reg.stage:10} {reg.name}@{reg.version}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="Code conflict reporting into geocoded PLOVER/ACLED events, actors and places.",
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    code = sub.add_parser("code", help="code documents into events, actors, places and relations")
    code.add_argument("paths", nargs="*", metavar="PATH", help=".txt page, .html, .jsonl, or - for stdin")
    code.add_argument("--date", help="article date (YYYY-MM-DD) for documents that give none")
    code.add_argument("--format", choices=CODE_FORMATS, default="jsonl")
    code.add_argument(
        "--db", help="store (SQLite path or postgresql:// URL); default under the user data dir"
    )
    code.add_argument("--no-store", action="store_true", help="do not write to the store")
    code.add_argument("--include-text", action="store_true", help="add each document's full text to the JSON")
    code.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=sys.stderr.isatty(),
        help="a progress bar on stderr, with total and time left when the inputs can be counted "
        "(default: on when stderr is a terminal)",
    )
    _add_engine_arguments(code)
    code.set_defaults(func=cmd_code)

    geo = sub.add_parser("geoparse", help="find and resolve every toponym")
    geo.add_argument("paths", nargs="*", metavar="PATH")
    geo.add_argument("--format", choices=("jsonl",), default="jsonl")
    geo.add_argument("--progress", action=argparse.BooleanOptionalAction, default=sys.stderr.isatty())
    geo.set_defaults(func=cmd_geoparse)

    comp = sub.add_parser("components", help="list the registered pipeline components and versions")
    comp.set_defaults(func=cmd_components)

    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def argument_error(args: argparse.Namespace) -> str | None:
    """One line saying what is wrong with the command line before anything runs, or None."""
    from marsad.cliargs import date_option_error, missing_store

    problem = date_option_error(args)
    if problem:
        return problem
    if args.command in READ_COMMANDS and hasattr(args, "db"):
        missing = missing_store(args.db)
        if missing is not None:
            return (
                f"no store at {missing}: {args.command} reads a store and does not create one "
                f"(create it with 'marsad code FILE --db {missing}', or empty with "
                f"'marsad store migrate --db {missing}')"
            )
    return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    problem = argument_error(args)
    if problem:
        _warn(problem)
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # marsad itself failed (not one document): exit 2, said plainly
        _warn(f"failed: {type(exc).__name__}: {exc}")
        if os.environ.get("MARSAD_DEBUG"):
            traceback.print_exc()
        else:
            _warn("set MARSAD_DEBUG=1 to see where")
        return 2


if __name__ == "__main__":
    sys.exit(main())
