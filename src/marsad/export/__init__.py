"""Exports of coded documents and store events.

``write(fmt, items, out)`` streams ``items`` (coded-document dicts as produced by
``Document.to_dict()``, and/or event dicts from ``marsad.store.Store.events``) to the text
stream ``out`` in one of :data:`FORMATS`:

- ``jsonl``: one item per line, as given;
- ``plover``: PLOVER JSONL, one event per line (:func:`plover_records`);
- ``acled-csv``: ACLED's 31 columns (:func:`acled_rows`; ``docs/ACLED_MAPPING.md``), text
  cells that a spreadsheet would run as formulas neutralised (:func:`safe_cell`);
- ``geojson``: an RFC 7946 FeatureCollection of located events (:func:`geojson_features`).

Graph writers: :func:`graphml` and :func:`gexf` over :func:`marsad.graph.build.actor_graph` dicts.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any, TextIO

from marsad.export.acled import COLUMNS as ACLED_COLUMNS
from marsad.export.acled import acled_exclusion, acled_row, acled_rows
from marsad.export.common import event_items
from marsad.export.csvsafe import safe_cell, safe_dict_writer
from marsad.export.geo import geojson_feature, geojson_features, write_geojson
from marsad.export.graphs import gexf, graphml
from marsad.export.plover import plover_record, plover_records

FORMATS = ("jsonl", "plover", "acled-csv", "geojson")
GRAPH_FORMATS = ("graphml", "gexf")
FORMAT_NAMES = {"acled-csv": "ACLED CSV", "geojson": "GeoJSON", "plover": "PLOVER", "jsonl": "JSONL"}


def write(fmt: str, docs: Iterable[dict[str, Any]], out: TextIO) -> Counter[str]:
    """Stream ``docs`` (coded-document dicts and/or store event dicts) to ``out`` as ``fmt``.

    Returns the events the format left out, counted by reason (see :func:`left_out_message`).
    """
    left_out: Counter[str] = Counter()
    if fmt == "jsonl":
        for item in docs:
            out.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
    elif fmt == "plover":
        for ev, ctx in event_items(docs):
            out.write(json.dumps(plover_record(ev, ctx), ensure_ascii=False) + "\n")
    elif fmt == "acled-csv":
        writer = safe_dict_writer(out, ACLED_COLUMNS)
        writer.writeheader()
        for ev, ctx in event_items(docs):
            reason = acled_exclusion(ev)
            if reason is None:
                writer.writerow(acled_row(ev, ctx))
            else:
                left_out[reason] += 1
    elif fmt == "geojson":
        left_out = write_geojson(docs, out)
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return left_out


def left_out_message(fmt: str, left_out: Counter[str]) -> str | None:
    """One line saying how many events ``fmt`` left out and why, or None when none were."""
    total = sum(left_out.values())
    if not total:
        return None
    reasons = ", ".join(f"{n} with {reason}" for reason, n in left_out.most_common())
    noun = "event" if total == 1 else "events"
    return f"{total} {noun} left out of the {FORMAT_NAMES.get(fmt, fmt)} export: {reasons}"


def write_graph(fmt: str, graph: dict[str, Any], out: TextIO) -> None:
    """Write an actor-graph dict as ``json``, ``graphml`` or ``gexf``."""
    if fmt == "json":
        json.dump(graph, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "graphml":
        graphml(graph, out)
    elif fmt == "gexf":
        gexf(graph, out)
    else:
        raise ValueError(f"unknown graph format {fmt!r}; choose json, graphml or gexf")


__all__ = [
    "ACLED_COLUMNS",
    "FORMATS",
    "GRAPH_FORMATS",
    "acled_exclusion",
    "acled_row",
    "acled_rows",
    "geojson_feature",
    "geojson_features",
    "gexf",
    "graphml",
    "left_out_message",
    "plover_record",
    "plover_records",
    "safe_cell",
    "safe_dict_writer",
    "write",
    "write_graph",
]
