"""``marsad graph [--actor A] [--depth N] [--since D --until D] [--format json|graphml|gexf]``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from marsad.model import RELATION_TYPES


def register(subparsers: Any) -> None:
    """Add ``marsad graph`` to the ``marsad`` argument parser."""
    p = subparsers.add_parser("graph", help="the actor graph (edges over time, territorial control)")
    p.add_argument("--actor", help="keep edges around this actor (id, name or alias)")
    p.add_argument("--depth", type=int, default=1, help="hops around --actor (default 1)")
    p.add_argument("--since", help="evidence on or after this date")
    p.add_argument("--until", help="evidence on or before this date")
    p.add_argument("--type", action="append", choices=list(RELATION_TYPES), help="edge type(s) to keep")
    p.add_argument("--min-count", type=int, default=1, help="drop edges seen fewer times")
    p.add_argument("--format", choices=["json", "graphml", "gexf"], default="json")
    p.add_argument("--db", default=None, help="store: SQLite path or database URL")
    p.set_defaults(func=cmd_graph)


def cmd_graph(args: argparse.Namespace) -> int:
    from marsad.export import write_graph
    from marsad.store import Store

    store = Store.open(args.db)
    try:
        graph = store.graph(
            actor=args.actor,
            depth=args.depth,
            since=args.since,
            until=args.until,
            types=args.type,
            min_count=args.min_count,
        )
    finally:
        store.close()
    write_graph(args.format, graph, sys.stdout)
    return 0
