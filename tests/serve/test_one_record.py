"""The command line and the API read one record: the same filters give the same rows, timeline,
graph, places and statistics (the dedup corpus: 25 articles, several reporting one event)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "store" / "fixtures" / "dedup_corpus.json"


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    """A store filled with the corpus (merges included), and a client of the API over it."""
    from marsad.serve.app import create_app
    from marsad.store import Store

    db = str(tmp_path_factory.mktemp("one") / "marsad.db")
    store = Store.open(db)
    for doc in json.loads(CORPUS.read_text(encoding="utf-8"))["documents"]:
        store.ingest(doc)
    assert store.stats()["merged_events"] >= 3  # the test means something only with merges
    store.close()
    with TestClient(create_app(db)) as client:
        yield db, client


def cli(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


# the API's filters and the same filters on the command line
FILTERS = [
    ({}, []),
    ({"type": "ASSAULT"}, ["--type", "ASSAULT"]),
    ({"type": "Battles"}, ["--type", "Battles"]),
    ({"actor": "ISIS"}, ["--actor", "ISIS"]),
    ({"actor": "Daesh"}, ["--actor", "Daesh"]),
    ({"country": "Yemen"}, ["--country", "Yemen"]),
    ({"start": "2015-01-01", "end": "2015-12-31"}, ["--since", "2015-01-01", "--until", "2015-12-31"]),
    ({"status": "candidate"}, ["--status", "candidate"]),
    ({"min_sources": "2"}, ["--min-sources", "2"]),
    ({"q": "killed"}, ["--q", "killed"]),
    ({"bbox": "40,10,50,20"}, ["--bbox", "40,10,50,20"]),
    (
        {"certainty": "asserted", "min_confidence": "0.5"},
        ["--certainty", "asserted", "--min-confidence", "0.5"],
    ),
]


@pytest.mark.parametrize(("params", "argv"), FILTERS, ids=[json.dumps(p) for p, _ in FILTERS])
def test_events_csv_is_the_same_from_the_cli_and_the_api(record, capsys, params, argv):
    db, client = record
    api = client.get("/api/events.csv", params={**params, "_size": 5000})
    assert api.status_code == 200, api.text
    out = cli(capsys, "events", "--db", db, "--format", "csv", "--limit", "0", *argv)
    assert out.replace("\r\n", "\n") == api.text.replace("\r\n", "\n")
    assert int(api.headers["x-total-count"]) == len(out.strip().splitlines()) - 1
    if not params:  # the whole record: one row per real-world event, merged reports included once
        listed = client.get("/api/events", params={"_size": 5000}).json()
        assert listed["total"] == len(out.strip().splitlines()) - 1
        assert {r["id"] for r in listed["rows"]} == {
            e["id"] for e in json.loads(cli(capsys, "events", "--db", db, "--format", "json", "--limit", "0"))
        }


@pytest.mark.parametrize(
    ("bucket", "by", "params", "argv"),
    [
        ("month", "type", {}, []),
        ("week", "acled_event_type", {"country": "Iraq"}, ["--country", "Iraq"]),
        ("day", "actor", {"type": "ASSAULT"}, ["--type", "ASSAULT"]),
        ("year", "none", {}, []),
    ],
)
def test_timeline_is_the_same(record, capsys, bucket, by, params, argv):
    db, client = record
    api = client.get("/api/timeline", params={"bucket": bucket, "by": by, **params, "top": 10}).json()
    top = ["--top", "10"] if by == "actor" else []
    out = json.loads(
        cli(capsys, "timeline", "--db", db, "--bucket", bucket, "--by", by, "--format", "json", *top, *argv)
    )
    assert out == api and api["rows"]


def test_graph_is_the_same(record, capsys):
    db, client = record
    api = client.get("/api/graph", params={"limit": 5000}).json()
    out = json.loads(cli(capsys, "graph", "--db", db, "--format", "json"))
    assert api["edges"] == out["edges"] and api["edges"]
    assert {n["id"] for n in api["nodes"]} == {e[k] for e in out["edges"] for k in ("source", "target")}
    one = client.get("/api/graph", params={"actor": "ISIS", "type": "hostile", "limit": 5000}).json()
    out = json.loads(
        cli(capsys, "graph", "--db", db, "--actor", "ISIS", "--type", "hostile", "--format", "json")
    )
    assert one["edges"] == out["edges"] and one["edges"]


def test_places_are_the_same(record, capsys):
    db, client = record
    rows = client.get("/api/events", params={"_size": 5000}).json()["rows"]
    ids = sorted({r["geonameid"] for r in rows if r["geonameid"]})
    assert ids
    for gid in ids:
        api = client.get(f"/api/places/{gid}").json()
        api.pop("gazetteer")
        assert api == json.loads(cli(capsys, "store", "place", str(gid), "--db", db)), gid
        assert api["events"] == sum(1 for r in rows if r["geonameid"] == gid)


def test_stats_are_the_same(record, capsys):
    db, client = record
    out = json.loads(cli(capsys, "stats", "--db", db, "--format", "json"))
    assert out.pop("db") and out.pop("dialect") == "sqlite"  # where the database is: CLI only
    api = client.get("/api/stats").json()
    assert api == out
    assert api["events"] == client.get("/api/events", params={"_size": 0}).json()["total"]
