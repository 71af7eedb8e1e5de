"""``marsad actors`` sub-commands (the lookups themselves are :mod:`marsad.actors.lookup`).

* ``marsad actors [--format table|json|jsonl]`` — the actor dictionary (shipped + MARSAD_ACTORS files);
* ``marsad actors --unknown [--db DB | -i FILE ... | -i -]`` — actors not in the dictionary, from the
  store, or from coded JSON/JSONL documents given as input, clustered by ``actor_key``;
* ``marsad actors resolve "TEXT" [--date D]`` — the actors resolved in a text, with the reason;
  ``marsad actors resolve -`` reads one query per line from stdin (plain text, a JSON string,
  or ``{"text": ..., "date": ...}``) and writes one JSON object per query, in order.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from marsad.actors.lookup import TextResolver, resolve_lines, unknown_from_documents

FORMATS = ("table", "json", "jsonl")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("actors", help="list dictionary or unknown actors; resolve actors in a text")
    p.add_argument("--unknown", action="store_true", help="list actors not in the dictionary")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--db", default=None, help="store (SQLite path or URL) for --unknown")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument(
        "-i",
        "--input",
        dest="inputs",
        action="append",
        default=[],
        metavar="FILE",
        help="with --unknown: coded JSON/JSONL documents ('-' for stdin) instead of the store (repeatable)",
    )
    p.set_defaults(func=cmd_actors)
    sub = p.add_subparsers(dest="actors_command", metavar="ACTION")
    r = sub.add_parser(
        "resolve",
        help="resolve the actors mentioned in TEXT; '-' reads one query per line from stdin "
        '(plain text, a JSON string or {"text", "date"}) and writes one JSON object per query',
    )
    r.add_argument("text")
    r.add_argument("--date", default=None, help="article date (YYYY-MM-DD): chooses among date-bounded names")
    r.add_argument("--format", choices=FORMATS, default="table")
    r.set_defaults(func=cmd_resolve)


def _fail(message: str) -> int:
    print(f"marsad actors: {message}", file=sys.stderr)
    return 2


def _write(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> None:
    if fmt == "json":
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    elif fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    else:
        print("\t".join(columns))
        for row in rows:
            print("\t".join("" if row.get(c) is None else str(row.get(c)) for c in columns))


def cmd_actors(args: argparse.Namespace) -> int:
    if args.unknown:
        return _list_unknown(args)
    from marsad.actors.kb import ActorKB
    from marsad.config import PipelineConfig

    try:
        kb = ActorKB.load(PipelineConfig().actor_files)
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    rows = [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "sector": a.sector,
            "country": a.country,
            "wikidata": a.wikidata,
            "acled_name": a.acled_name,
            "acled_inter": a.acled_inter,
            "aliases": a.all_names()[1:],
            "members": a.members,
            "source": a.source,
        }
        for a in kb
    ]
    _write(rows[: args.limit], args.format, ["id", "name", "kind", "sector", "country", "wikidata"])
    return 0


def _list_unknown(args: argparse.Namespace) -> int:
    columns = ["actor_id", "kind", "count", "documents", "names"]
    if args.inputs:
        from marsad.cli.store import read_coded

        try:
            rows = unknown_from_documents(read_coded(args.inputs))
        except (OSError, ValueError) as exc:
            return _fail(str(exc))
        _write(rows[: args.limit], args.format, columns)
        return 0
    from marsad.store import Store

    with Store.open(args.db) as store:
        rows = store.unknown_actors(limit=args.limit)
    _write(rows, args.format, ["actor_id", "text", "kind", "count", "documents", "reason"])
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from marsad.config import PipelineConfig

    day = None
    if args.date:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            return _fail(f"--date must be YYYY-MM-DD, got {args.date!r}")
    try:
        resolver = TextResolver(PipelineConfig().actor_files)
    except (OSError, ValueError, RuntimeError) as exc:
        return _fail(str(exc))
    if args.text == "-":
        for row in resolve_lines(sys.stdin, resolver, day):
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            sys.stdout.flush()
        return 0
    rows = resolver(args.text, day)
    _write(rows, args.format, ["text", "id", "name", "sector", "country", "wikidata", "method", "reason"])
    return 0
