"""GraphML and GEXF (Gephi) writers for the actor graph.

Input: the dict of :func:`marsad.graph.build.actor_graph` (``nodes``, ``edges``, ``territory``).
Output: an XML document written to a text stream. Territorial control becomes place nodes
(``node_type`` = place) linked from actors by ``controls`` edges carrying the claim. In GEXF
each edge spans ``first_seen``..``last_seen`` so Gephi's timeline can play the graph over time.
"""

from __future__ import annotations

from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

NODE_ATTRS: list[tuple[str, str]] = [
    ("label", "string"),
    ("node_type", "string"),
    ("kind", "string"),
    ("sector", "string"),
    ("country", "string"),
    ("known", "boolean"),
    ("degree", "int"),
    ("lat", "double"),
    ("lon", "double"),
]
EDGE_ATTRS: list[tuple[str, str]] = [
    ("type", "string"),
    ("count", "int"),
    ("first_seen", "string"),
    ("last_seen", "string"),
    ("certainty", "string"),
    ("claim", "string"),
    ("evidence", "string"),
]


def _place_id(place: dict[str, Any]) -> str:
    return f"place:{place.get('geonameid') or place.get('name')}"


def graph_elements(graph: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Flatten a graph dict into (nodes, edges) with the attributes the writers emit."""
    nodes: dict[str, dict[str, Any]] = {}
    for n in graph.get("nodes") or []:
        nodes[n["id"]] = {
            "id": n["id"],
            "label": n.get("name") or n["id"],
            "node_type": "actor",
            "kind": n.get("kind"),
            "sector": n.get("sector"),
            "country": n.get("country"),
            "known": n.get("known"),
            "degree": n.get("degree"),
        }
    edges: list[dict[str, Any]] = []
    for e in graph.get("edges") or []:
        for end in (e["source"], e["target"]):
            nodes.setdefault(end, {"id": end, "label": end, "node_type": "actor"})
        edges.append(
            {
                "source": e["source"],
                "target": e["target"],
                "type": e["type"],
                "count": e.get("count"),
                "first_seen": e.get("first_seen"),
                "last_seen": e.get("last_seen"),
                "certainty": ",".join(e.get("certainty") or []),
                "claim": None,
                "evidence": _first_evidence(e),
            }
        )
    for t in graph.get("territory") or []:
        place = t.get("place") or {}
        pid = _place_id(place)
        nodes.setdefault(
            pid,
            {
                "id": pid,
                "label": place.get("name") or pid,
                "node_type": "place",
                "country": place.get("country_code"),
                "lat": place.get("lat"),
                "lon": place.get("lon"),
            },
        )
        nodes.setdefault(t["actor"], {"id": t["actor"], "label": t["actor"], "node_type": "actor"})
        edges.append(
            {
                "source": t["actor"],
                "target": pid,
                "type": "controls",
                "count": t.get("count"),
                "first_seen": t.get("first_seen"),
                "last_seen": t.get("last_seen"),
                "certainty": ",".join(t.get("certainty") or []),
                "claim": t.get("claim"),
                "evidence": _first_evidence(t),
            }
        )
    return list(nodes.values()), edges


def _first_evidence(item: dict[str, Any]) -> str | None:
    ev = item.get("evidence") or []
    return ev[0].get("text") if ev else None


def _value(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def graphml(graph: dict[str, Any], out: TextIO) -> None:
    """Write ``graph`` as GraphML (directed; every node and edge attribute declared as a key)."""
    nodes, edges = graph_elements(graph)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for name, typ in NODE_ATTRS:
        out.write(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{typ}"/>\n')
    for name, typ in EDGE_ATTRS:
        out.write(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{typ}"/>\n')
    out.write('  <graph id="marsad" edgedefault="directed">\n')
    for n in nodes:
        out.write(f"    <node id={quoteattr(n['id'])}>\n")
        for name, _ in NODE_ATTRS:
            v = _value(n.get(name))
            if v is not None:
                out.write(f'      <data key="n_{name}">{escape(v)}</data>\n')
        out.write("    </node>\n")
    for i, e in enumerate(edges):
        out.write(f'    <edge id="e{i}" source={quoteattr(e["source"])} target={quoteattr(e["target"])}>\n')
        for name, _ in EDGE_ATTRS:
            v = _value(e.get(name))
            if v is not None:
                out.write(f'      <data key="e_{name}">{escape(v)}</data>\n')
        out.write("    </edge>\n")
    out.write("  </graph>\n</graphml>\n")


def gexf(graph: dict[str, Any], out: TextIO) -> None:
    """Write ``graph`` as GEXF 1.3 (dynamic: edges live from first to last seen date)."""
    nodes, edges = graph_elements(graph)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<gexf xmlns="http://gexf.net/1.3" version="1.3">\n')
    out.write("  <meta><creator>marsad</creator><description>actor graph</description></meta>\n")
    out.write('  <graph mode="dynamic" defaultedgetype="directed" timeformat="date">\n')
    out.write('    <attributes class="node">\n')
    for i, (name, typ) in enumerate(NODE_ATTRS[1:]):
        out.write(f'      <attribute id="{i}" title="{name}" type="{typ}"/>\n')
    out.write('    </attributes>\n    <attributes class="edge">\n')
    for i, (name, typ) in enumerate(EDGE_ATTRS):
        out.write(f'      <attribute id="{i}" title="{name}" type="{typ}"/>\n')
    out.write("    </attributes>\n    <nodes>\n")
    for n in nodes:
        out.write(f"      <node id={quoteattr(n['id'])} label={quoteattr(str(n.get('label') or n['id']))}>\n")
        _attvalues(out, n, NODE_ATTRS[1:])
        out.write("      </node>\n")
    out.write("    </nodes>\n    <edges>\n")
    for i, e in enumerate(edges):
        span = ""
        if e.get("first_seen"):
            span += f' start="{e["first_seen"]}"'
        if e.get("last_seen"):
            span += f' end="{e["last_seen"]}"'
        out.write(
            f'      <edge id="e{i}" source={quoteattr(e["source"])} target={quoteattr(e["target"])} '
            f'label={quoteattr(e["type"])} weight="{float(e.get("count") or 1):g}"{span}>\n'
        )
        _attvalues(out, e, EDGE_ATTRS)
        out.write("      </edge>\n")
    out.write("    </edges>\n  </graph>\n</gexf>\n")


def _attvalues(out: TextIO, item: dict[str, Any], attrs: list[tuple[str, str]]) -> None:
    values = [(i, _value(item.get(name))) for i, (name, _) in enumerate(attrs)]
    values = [(i, v) for i, v in values if v is not None]
    if not values:
        return
    out.write("        <attvalues>\n")
    for i, v in values:
        out.write(f'          <attvalue for="{i}" value={quoteattr(v)}/>\n')
    out.write("        </attvalues>\n")
