"""``marsad export --format plover|acled-csv|geojson|jsonl|graphml|gexf [filters] [--db] [-o FILE]``.

Exports the events of a store (deduplicated, with their sources) or its actor graph.
The store file itself is Datasette-ready: ``datasette marsad.db`` (events carry
``latitude``/``longitude`` columns for datasette-cluster-map).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from marsad.cli.args import add_db_arg, add_event_filters, event_filters, warn_left_out
from marsad.export import FORMATS, GRAPH_FORMATS


def register(subparsers: Any) -> None:
    """Add ``marsad export`` to the ``marsad`` argument parser."""
    p = subparsers.add_parser("export", help="export stored events (PLOVER, ACLED CSV, GeoJSON) or the graph")
    p.add_argument("--format", choices=[*FORMATS, *GRAPH_FORMATS], required=True)
    p.add_argument("-o", "--output", help="write to this file (default: standard output)")
    add_event_filters(p)
    add_db_arg(p)
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from marsad.store import Store

    store = Store.open(args.db)
    try:
        if args.output:
            with Path(args.output).open("w", encoding="utf-8", newline="") as out:
                _export(store, args, out)
        else:
            _export(store, args, sys.stdout)
    finally:
        store.close()
    return 0


def _export(store: Any, args: argparse.Namespace, out: Any) -> None:
    from marsad.export import write, write_graph
    from marsad.graph import actor_graph

    if args.format in GRAPH_FORMATS:
        write_graph(
            args.format, actor_graph(store, actor=args.actor, since=args.since, until=args.until), out
        )
        return
    filters = event_filters(args)
    if args.near:
        events = store.events(near=args.near, km=args.km, limit=None, **filters)
    else:
        events = store.iter_events(**filters)
    warn_left_out(args.format, write(args.format, events, out))
