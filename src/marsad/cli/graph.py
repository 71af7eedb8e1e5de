"""``marsad graph [--actor A] [--depth N] [--since D --until D] [--format text|json|graphml|gexf]``.

``text`` (the default) is a summary to read in a terminal: counts, the most connected actors,
the edges and the territorial claims, strongest first; the other formats hold the whole graph.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from marsad.model import RELATION_TYPES

GRAPH_FORMATS = ("text", "json", "graphml", "gexf")
SUMMARY_ROWS = 25
CLAIM_WORDS = {
    "controls": "controls",
    "capital": "has its capital in",
    "presence": "is present in",
    "seized": "seized",
}


def register(subparsers: Any) -> None:
    """Add ``marsad graph`` to the ``marsad`` argument parser."""
    p = subparsers.add_parser("graph", help="the actor graph (edges over time, territorial control)")
    p.add_argument("--actor", help="keep edges around this actor (id, name or alias)")
    p.add_argument("--depth", type=int, default=1, help="hops around --actor (default 1)")
    p.add_argument("--since", help="evidence on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="evidence on or before this date (YYYY-MM-DD)")
    p.add_argument("--type", action="append", choices=list(RELATION_TYPES), help="edge type(s) to keep")
    p.add_argument("--min-count", type=int, default=1, help="drop edges seen fewer times")
    p.add_argument(
        "--format",
        choices=GRAPH_FORMATS,
        default="text",
        help="text: a summary to read (default); json, graphml, gexf: the whole graph",
    )
    p.add_argument("--db", default=None, help="store: SQLite path or database URL")
    p.set_defaults(func=cmd_graph)


def cmd_graph(args: argparse.Namespace) -> int:
    from marsad.export import write_graph
    from marsad.graph import actor_graph
    from marsad.store import Store

    store = Store.open(args.db)
    try:
        graph = actor_graph(
            store,
            actor=args.actor,
            depth=args.depth,
            since=args.since,
            until=args.until,
            types=args.type,
            min_count=args.min_count,
        )
    finally:
        store.close()
    if args.format == "text":
        print_graph_summary(graph, sys.stdout)
    else:
        write_graph(args.format, graph, sys.stdout)
    return 0


def print_graph_summary(graph: dict[str, Any], out: TextIO, rows: int = SUMMARY_ROWS) -> None:
    """The graph as a reader would want it first: what it holds, then its strongest parts."""
    nodes, edges, territory = graph.get("nodes") or [], graph.get("edges") or [], graph.get("territory") or []
    names = {n["id"]: n.get("name") or n["id"] for n in nodes}
    out.write(
        f"{_count(len(nodes), 'actor')}, {_count(len(edges), 'edge')}, "
        f"{_count(len(territory), 'territorial claim')}{_filters_note(graph.get('filters') or {})}\n"
    )
    hubs = sorted(nodes, key=lambda n: (-(n.get("degree") or 0), names[n["id"]]))[:5]
    if hubs:
        out.write(
            "most connected: " + ", ".join(f"{names[n['id']]} ({n.get('degree') or 0})" for n in hubs) + "\n"
        )
    _section(out, "edges", edges, rows, lambda e: _edge_line(e, names))
    _section(out, "territory", territory, rows, lambda t: _territory_line(t, names))
    if len(edges) > rows or len(territory) > rows:
        out.write("(--format json for the whole graph, with evidence)\n")


def _section(out: TextIO, title: str, items: list[dict[str, Any]], rows: int, line: Any) -> None:
    if not items:
        return
    out.write(f"\n{title} (strongest first):\n")
    strongest = sorted(items, key=lambda i: -(i.get("count") or 0))
    for item in strongest[:rows]:
        out.write(f"  {line(item)}\n")
    if len(items) > rows:
        out.write(f"  … and {len(items) - rows} more\n")


def _edge_line(edge: dict[str, Any], names: dict[str, str]) -> str:
    source, target = (names.get(edge[k], edge[k]) for k in ("source", "target"))
    return f"{source} —{edge['type']}→ {target}  ×{edge.get('count', 1)}  {_period(edge)}"


def _territory_line(claim: dict[str, Any], names: dict[str, str]) -> str:
    place = (claim.get("place") or {}).get("name") or "?"
    actor = names.get(claim["actor"], claim["actor"])
    verb = CLAIM_WORDS.get(claim.get("claim") or "", claim.get("claim") or "controls")
    return f"{actor} {verb} {place}  ×{claim.get('count', 1)}  {_period(claim)}"


def _period(item: dict[str, Any]) -> str:
    first, last = item.get("first_seen"), item.get("last_seen")
    if not first and not last:
        return ""
    return str(first or last) if first == last or not last else f"{first or '?'} .. {last}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _filters_note(filters: dict[str, Any]) -> str:
    shown = {
        k: v for k, v in filters.items() if v not in (None, [], 1) or (k == "depth" and filters.get("actor"))
    }
    return "  (" + ", ".join(f"{k}={v}" for k, v in shown.items()) + ")" if shown else ""
