"""The actor graph over time: edges between actors and territorial control, from a store."""

from marsad.graph.build import actor_graph, edge_rules
from marsad.graph.evidence import edge_evidence

__all__ = ["actor_graph", "edge_evidence", "edge_rules"]
