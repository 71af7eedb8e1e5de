"""The actor graph over time: edges between actors and territorial control, from a store."""

from marsad.graph.build import actor_graph, edge_rules

__all__ = ["actor_graph", "edge_rules"]
