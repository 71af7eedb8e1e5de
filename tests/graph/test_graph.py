"""The actor graph: edges from relations and events, territorial control, time filters, writers."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from marsad.export import gexf, graphml
from marsad.graph import actor_graph
from marsad.store import Store


def span(text: str, start: int = 0) -> dict:
    return {"text": text, "start": start, "end": start + len(text)}


def ref(aid: str) -> dict:
    return {"id": aid, "name": aid.title(), "text": aid, "start": 0, "end": len(aid)}


def event(
    eid: str,
    type_: str,
    actor: str,
    recipient: str,
    day: str,
    sub: str | None = None,
    place: dict | None = None,
) -> dict:
    return {
        "id": eid,
        "type": type_,
        "mode": None,
        "context": [],
        "acled": {"event_type": "Battles" if sub else None, "sub_event_type": sub},
        "actors": [ref(actor)],
        "recipients": [ref(recipient)],
        "location": place,
        "date": {"start": day, "end": day, "granularity": "day"},
        "evidence": span(f"{actor} {type_} {recipient}"),
        "negated": False,
    }


TOWN = {
    "text": "Townsville",
    "name": "Townsville",
    "geonameid": 111,
    "lat": 10.0,
    "lon": 20.0,
    "country_code": "SY",
    "precision": 1,
    "feature_code": "PPL",
}


def documents() -> list[dict]:
    return [
        {
            "id": "g1",
            "date": "2015-01-10",
            "events": [event("e1", "ASSAULT", "alpha", "beta", "2015-01-09")],
            "relations": [
                {
                    "source": "gamma",
                    "target": "alpha",
                    "type": "member_of",
                    "role": "emir of Townsville",
                    "evidence": span("Gamma, alpha's emir of Townsville", 40),
                },
                {
                    "source": "alpha",
                    "target": "delta",
                    "type": "ally",
                    "certainty": "hedged",
                    "evidence": span("alpha may back delta", 80),
                },
            ],
            "territory": [
                {
                    "actor": "alpha",
                    "place": {
                        "text": "Raqqa",
                        "name": "Raqqa",
                        "geonameid": 163915,
                        "lat": 35.95,
                        "lon": 39.01,
                    },
                    "claim": "capital",
                    "evidence": span("alpha considers Raqqa its capital", 120),
                }
            ],
        },
        {
            "id": "g2",
            "date": "2015-03-02",
            "events": [
                event("e1", "FIGHT", "beta", "alpha", "2015-03-01"),
                event("e2", "COOPERATE", "alpha", "delta", "2015-03-01"),
                event(
                    "e3",
                    "ASSAULT",
                    "alpha",
                    "beta",
                    "2015-03-01",
                    sub="Non-state actor overtakes territory",
                    place=TOWN,
                ),
            ],
        },
    ]


@pytest.fixture
def graph_store(tmp_path):
    store = Store.open(tmp_path / "g.db")
    for doc in documents():
        store.ingest(doc)
    yield store
    store.close()


def edge(graph: dict, a: str, b: str, type_: str) -> dict | None:
    for e in graph["edges"]:
        if e["type"] == type_ and {e["source"], e["target"]} == {a, b}:
            return e
    return None


def test_edges_from_events_and_relations(graph_store):
    g = actor_graph(graph_store)
    hostile = edge(g, "alpha", "beta", "hostile")
    assert hostile["count"] == 3 and hostile["event_count"] == 3  # two assaults and a fight, either direction
    assert (hostile["first_seen"], hostile["last_seen"]) == ("2015-01-09", "2015-03-01")
    assert hostile["evidence"] and hostile["evidence"][0]["event_id"]
    ally = edge(g, "alpha", "delta", "ally")
    assert ally["relation_count"] == 1 and ally["event_count"] == 1 and ally["certainty"] == ["hedged"]
    member = edge(g, "gamma", "alpha", "member_of")
    assert (member["source"], member["target"]) == ("gamma", "alpha") and member["roles"] == [
        "emir of Townsville"
    ]
    assert (
        member["evidence"][0]["text"] == "Gamma, alpha's emir of Townsville"
        and member["evidence"][0]["start"] == 40
    )
    assert {n["id"] for n in g["nodes"]} == {"alpha", "beta", "gamma", "delta"}


def test_territorial_control_from_claims_and_events(graph_store):
    territory = actor_graph(graph_store)["territory"]
    by_place = {t["place"]["name"]: t for t in territory}
    assert by_place["Raqqa"]["actor"] == "alpha" and by_place["Raqqa"]["claim"] == "capital"
    assert by_place["Raqqa"]["origin"] == ["claim"]
    assert by_place["Townsville"]["claim"] == "seized" and by_place["Townsville"]["origin"] == ["event"]
    assert by_place["Townsville"]["first_seen"] == "2015-03-01"


def test_filters(graph_store):
    g = actor_graph(graph_store, actor="delta")
    assert {(e["source"], e["target"]) for e in g["edges"]} == {("alpha", "delta")}
    g2 = actor_graph(graph_store, actor="delta", depth=2)
    assert edge(g2, "alpha", "beta", "hostile") is not None
    early = actor_graph(graph_store, until="2015-01-31")
    assert edge(early, "alpha", "beta", "hostile")["count"] == 1
    assert actor_graph(graph_store, types=["member_of"])["edges"][0]["type"] == "member_of"
    assert len(actor_graph(graph_store, types=["member_of"])["edges"]) == 1
    assert all(e["count"] >= 2 for e in actor_graph(graph_store, min_count=2)["edges"])


def test_graph_writers_produce_valid_xml(graph_store):
    g = actor_graph(graph_store)
    buf = io.StringIO()
    graphml(g, buf)
    root = ET.fromstring(buf.getvalue())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = root.findall(".//g:node", ns)
    edges = root.findall(".//g:edge", ns)
    assert len(nodes) == len(g["nodes"]) + len(g["territory"])  # actors + place nodes
    assert len(edges) == len(g["edges"]) + len(g["territory"])
    buf = io.StringIO()
    gexf(g, buf)
    root = ET.fromstring(buf.getvalue())
    ns = {"x": "http://gexf.net/1.3"}
    gexf_edges = root.findall(".//x:edge", ns)
    assert len(gexf_edges) == len(edges)
    assert all(e.get("start") for e in gexf_edges)  # the timeline in Gephi


@pytest.mark.slow
def test_seed_relations_and_territory_reach_the_graph(seed_doc, tmp_path):
    """Whatever relations and claims the pipeline found in the seed, the graph must show them."""
    store = Store.open(tmp_path / "seed.db")
    store.ingest(seed_doc)
    g = actor_graph(store)
    for rel in seed_doc.relations:
        assert edge(g, rel.source, rel.target, rel.type) is not None, rel
    claimed = {(t["actor"], t["place"]["geonameid"] or t["place"]["name"]) for t in g["territory"]}
    for claim in seed_doc.territory:
        assert (claim.actor, claim.place.geonameid or claim.place.name or claim.place.text) in claimed, claim
    store.close()
