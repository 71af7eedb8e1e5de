"""``marsad store``: load coded documents into the store; list its actors, documents, places.

- ``marsad store ingest FILE...|-`` — load coded documents (JSON or JSONL, as ``marsad code`` prints)
- ``marsad store actors|unknown-actors|documents|migrate``, ``marsad store place GEONAMEID``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from marsad.cli.args import add_db_arg, fail, open_store
from marsad.cli.events import clip


def register(subparsers: Any) -> None:
    """Add ``marsad store`` to the ``marsad`` argument parser."""
    p = subparsers.add_parser("store", help="load coded documents into the store; list actors; migrate")
    p.add_argument("action", choices=["ingest", "actors", "unknown-actors", "documents", "place", "migrate"])
    p.add_argument(
        "files",
        nargs="*",
        help="ingest: coded documents (JSON or JSONL; '-' reads stdin); place: a GeoNames id",
    )
    p.add_argument("--km", type=float, help="dedup: places within N km may be the same (default 25)")
    p.add_argument("--days", type=int, help="dedup: dates within N days may be the same (default 2)")
    p.add_argument("--q", help="actors: name contains")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_db_arg(p)
    p.set_defaults(func=cmd_store)


def read_coded(paths: list[str]) -> Iterator[dict[str, Any]]:
    """Coded documents from JSON files (an object or a list), JSONL files, or stdin ('-')."""
    for path in paths or ["-"]:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        stripped = text.lstrip()
        if stripped.startswith("["):
            yield from json.loads(stripped)
            continue
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError:
            obj = None
        if isinstance(obj, dict):
            yield obj
            continue
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from exc


def cmd_store(args: argparse.Namespace) -> int:
    store = open_store(args, km=args.km, days=args.days)
    try:
        if args.action == "migrate":
            print(f"{store.url}: schema at head")
            return 0
        if args.action == "ingest":
            try:
                result = store.ingest_many(
                    read_coded(args.files), config={"km": store.dedup.km, "days": store.dedup.days}
                )
            except (ValueError, OSError) as exc:
                return fail(str(exc))
            print(json.dumps(result.to_dict()))
            return 0
        if args.action == "place":  # the API's /api/places/ID
            if len(args.files) != 1 or not args.files[0].isdigit():
                return fail("store place: give one GeoNames id")
            found = store.place(int(args.files[0]))
            if found is None:
                return fail(f"no event, claim or record of GeoNames id {args.files[0]} in the store")
            json.dump(found, sys.stdout, indent=2, default=str)
            sys.stdout.write("\n")
            return 0
        if args.action == "actors":
            rows = store.actors(q=args.q, limit=args.limit)
        elif args.action == "unknown-actors":
            rows = store.unknown_actors(limit=args.limit)
        else:
            rows = store.documents(limit=args.limit)
        if args.format == "json":
            json.dump(rows, sys.stdout, indent=2, default=str)
            sys.stdout.write("\n")
        else:
            for r in rows:
                print("  ".join(clip(r.get(k), 40) for k in list(r)[:6]))
        return 0
    finally:
        store.close()
