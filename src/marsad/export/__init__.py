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
from collections.abc import Iterable
from typing import Any, TextIO

from marsad.export.acled import COLUMNS as ACLED_COLUMNS
from marsad.export.acled import acled_row, acled_rows
from marsad.export.common import event_items
from marsad.export.csvsafe import safe_cell, safe_dict_writer
from marsad.export.geo import geojson_feature, geojson_features, write_geojson
from marsad.export.graphs import gexf, graphml
from marsad.export.plover import plover_record, plover_records

FORMATS = ("jsonl", "plover", "acled-csv", "geojson")
GRAPH_FORMATS = ("graphml", "gexf")


def write(fmt: str, docs: Iterable[dict[str, Any]], out: TextIO) -> None:
    """Stream ``docs`` (coded-document dicts and/or store event dicts) to ``out`` as ``fmt``."""
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
            row = acled_row(ev, ctx)
            if row is not None:
                writer.writerow(row)
    elif fmt == "geojson":
        write_geojson(docs, out)
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


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
    "acled_row",
    "acled_rows",
    "geojson_feature",
    "geojson_features",
    "gexf",
    "graphml",
    "plover_record",
    "plover_records",
    "safe_cell",
    "safe_dict_writer",
    "write",
    "write_graph",
]
