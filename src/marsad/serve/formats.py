"""Renderers of API results: CSV and GeoJSON for event pages, GraphML for the network.

CSV text cells that a spreadsheet would run as formulas are neutralised (``marsad.export.csvsafe``).

Input: the dicts of :mod:`marsad.serve.queries` (the store's query layer). Output: text in the named format.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from marsad.store.queries import ROW_FIELDS, write_csv

CSV_FIELDS = ROW_FIELDS


def events_csv(rows: list[dict[str, Any]]) -> str:
    """Flat event rows as CSV, written by the code of ``marsad events --format csv``."""
    out = io.StringIO()
    write_csv(rows, out)
    return out.getvalue()


def events_geojson(page: dict[str, Any]) -> dict[str, Any]:
    """A FeatureCollection of the located events of a page (unlocated ones are counted)."""
    features = []
    for row in page["rows"]:
        if row.get("lat") is None or row.get("lon") is None:
            continue
        props = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        features.append(
            {
                "type": "Feature",
                "id": row["id"],
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": props,
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "total": page["total"],
        "page": page["page"],
        "pages": page["pages"],
        "unlocated": len(page["rows"]) - len(features),
    }


def graphml(graph: dict[str, Any]) -> str:
    """GraphML of ``queries.graph``: node attributes name/kind/sector/country/events,
    edge attributes type/count."""
    keys = [
        ("name", "node", "string"),
        ("kind", "node", "string"),
        ("sector", "node", "string"),
        ("country", "node", "string"),
        ("events", "node", "int"),
        ("type", "edge", "string"),
        ("count", "edge", "int"),
    ]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ]
    for name, domain, kind in keys:
        lines.append(f'  <key id="{domain[0]}_{name}" for="{domain}" attr.name="{name}" attr.type="{kind}"/>')
    lines.append('  <graph id="marsad" edgedefault="directed">')
    for node in graph["nodes"]:
        lines.append(f"    <node id={quoteattr(str(node['id']))}>")
        for name, domain, _ in keys:
            if domain == "node" and node.get(name) is not None:
                lines.append(f'      <data key="n_{name}">{escape(str(node[name]))}</data>')
        lines.append("    </node>")
    for i, edge in enumerate(graph["edges"]):
        lines.append(
            f'    <edge id="e{i}" source={quoteattr(str(edge["source"]))} target={quoteattr(str(edge["target"]))}>'
        )
        for name, domain, _ in keys:
            if domain == "edge" and edge.get(name) is not None:
                lines.append(f'      <data key="e_{name}">{escape(str(edge[name]))}</data>')
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)
