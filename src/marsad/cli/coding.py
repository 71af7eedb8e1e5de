"""``marsad code``, ``marsad geoparse`` and ``marsad components``: documents coded by the pipeline."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from marsad.cli.common import (
    add_engine_arguments,
    coded_documents,
    iter_documents,
    make_cli_engine,
    pipeline_config,
    sigterm_as_exit,
    skipped,
    warn,
    write_json_line,
)
from marsad.progress import expected_documents, progress

CODE_FORMATS = ("jsonl", "plover", "acled-csv", "geojson")


def register(sub: Any) -> None:
    """Add ``code``, ``geoparse`` and ``components`` to the ``marsad`` argument parser."""
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
    add_engine_arguments(code)
    code.set_defaults(func=cmd_code)

    geo = sub.add_parser("geoparse", help="find and resolve every toponym")
    geo.add_argument("paths", nargs="*", metavar="PATH")
    geo.add_argument("--format", choices=("jsonl",), default="jsonl")
    geo.add_argument("--progress", action=argparse.BooleanOptionalAction, default=sys.stderr.isatty())
    geo.set_defaults(func=cmd_geoparse)

    comp = sub.add_parser("components", help="list the registered pipeline components and versions")
    comp.set_defaults(func=cmd_components)


def serialised(doc: Any, include_text: bool) -> tuple[dict[str, Any], str]:
    """A coded document's output object and its JSON line, checked to be writable as UTF-8."""
    data = doc.to_dict()
    if include_text:
        data["text"] = doc.text
    line = json.dumps(data, ensure_ascii=False)
    line.encode("utf-8")
    return data, line


def written(
    docs: Iterable[Any], store: Any, run_id: int | None, args: argparse.Namespace, errors: list[str]
) -> Iterator[tuple[dict[str, Any], str]]:
    """Each coded document checked for output, then stored: a document that cannot be written
    or stored is that document's error, and is neither stored nor printed (never half-done)."""
    from marsad.store.errors import store_error_reason

    for doc in docs:
        source = doc.source or doc.id
        try:
            data, line = serialised(doc, args.include_text)
        except (ValueError, TypeError, UnicodeError, RecursionError) as exc:
            skipped(source, f"could not be written: {type(exc).__name__}: {str(exc)[:200]}", errors)
            continue
        if store is not None:
            try:
                store.ingest(doc, run_id=run_id)
            except Exception as exc:  # noqa: BLE001 - one refused document must not stop the batch
                skipped(source, f"not stored: {store_error_reason(exc)}", errors)
                continue
        yield data, line


def cmd_code(args: argparse.Namespace) -> int:
    if not args.paths and sys.stdin.isatty():
        warn("no input: give PATH(s) or '-' to read standard input")
        return 2
    errors: list[str] = []
    engine = make_cli_engine(args, pipeline_config(args))
    store = run_id = None
    if not args.no_store:
        from marsad.store import Store

        store = Store.open(args.db)
        run_id = store.start_run(config=engine.config.to_dict())
    out = sys.stdout
    with sigterm_as_exit():
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
                lines = written(docs, store, run_id, args, errors)
                if args.format == "jsonl":
                    for _, line in lines:
                        out.write(line + "\n")
                        out.flush()
                else:
                    from marsad import export
                    from marsad.cli.args import warn_left_out

                    left_out = export.write(args.format, (data for data, _ in lines), out)
                    warn_left_out(args.format, left_out)
        except BaseException as exc:
            if store is not None:
                from marsad.store import run_status_for

                store.finish_run(run_id, status=run_status_for(exc), error=repr(exc)[:2000])
            raise
    if store is not None:
        store.finish_run(run_id, status="done" if not errors else "done with errors")
    return 1 if errors else 0


def cmd_geoparse(args: argparse.Namespace) -> int:
    from marsad.engine import Engine
    from marsad.model import places_not_found
    from marsad.pipeline import Pipeline

    errors: list[str] = []
    engine = Engine(pipeline=Pipeline(stages=("nlp", "actors", "places")))
    docs = coded_documents(engine, iter_documents(args.paths, date=None, errors=errors), errors)
    total = expected_documents(args.paths) if args.progress else None
    for doc in progress(docs, total=total, errors=errors, desc="geoparsing", enabled=args.progress):
        # the names the gazetteer lacks are said, not only left in each place's reason
        write_json_line(
            {
                "id": doc.id,
                "places": [p.to_dict() for p in doc.places],
                "not_found": places_not_found(doc.places),
            },
            sys.stdout,
        )
    return 1 if errors else 0


def cmd_components(args: argparse.Namespace) -> int:
    from marsad import registry
    from marsad.pipeline import Pipeline

    Pipeline()  # imports the modules that register the default components
    for reg in registry.all_registrations():
        print(f"{reg.stage:10} {reg.name}@{reg.version}")
    return 0
