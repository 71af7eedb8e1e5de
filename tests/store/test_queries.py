"""Queries used by the CLI and the REST API, and the CLI commands themselves."""

from __future__ import annotations

import argparse
import json
import sqlite3

import pytest

from marsad.store import Store


@pytest.fixture
def filled(store, corpus):
    for doc in corpus["documents"]:
        store.ingest(doc)
    return store


def test_event_filters(filled):
    all_events = filled.events(limit=None)
    assert len(all_events) == filled.count_events() == filled.stats()["events"]
    isis = filled.events(actor="Islamic State", limit=None)  # canonical name → id ISIS
    assert isis and all(any(a.get("id") == "ISIS" for a in e["actors"]) for e in isis)
    assert {e["id"] for e in isis} == {e["id"] for e in filled.events(actor="ISIS", limit=None)}
    assert all(e["type"] == "PROTEST" for e in filled.events(type="PROTEST"))
    assert {e["acled"]["sub_event_type"] for e in filled.events(type="Suicide bomb")} == {"Suicide bomb"}
    iraq = filled.events(country="IRQ", limit=None)
    assert iraq and all(e["location"]["country_code"] == "IQ" for e in iraq)
    assert len(filled.events(country="Iraq", limit=None)) == len(iraq)
    near = filled.events(near="Mosul", km=30, limit=None)
    assert near and all(e["location"]["name"] == "Mosul" for e in near)
    june = filled.events(since="2014-06-01", until="2014-06-30", limit=None)
    assert june and all("2014-06" <= e["date"]["start"][:7] <= "2014-06" for e in june)
    page1, page2 = filled.events(limit=3), filled.events(limit=3, offset=3)
    assert len(page1) == 3 and not {e["id"] for e in page1} & {e["id"] for e in page2}
    multi = filled.events(min_sources=2, limit=None)
    assert multi and all(e["source_count"] >= 2 and len(e["sources"]) >= 2 for e in multi)
    with pytest.raises(LookupError):
        filled.events(near="Atlantis")


def test_event_shape(filled):
    ev = filled.events(actor="ISIS", limit=1)[0]
    for key in (
        "id",
        "type",
        "mode",
        "context",
        "acled",
        "actors",
        "recipients",
        "location",
        "date",
        "evidence",
        "certainty",
        "negated",
        "fatalities",
        "confidence",
        "source_count",
        "sources",
        "status",
        "latitude",
        "longitude",
    ):
        assert key in ev, key
    full = filled.event(ev["id"])
    src = full["sources"][0]
    assert src["event"]["evidence"]["text"] == src["evidence"]["text"]
    assert filled.event("ev-missing") is None


def test_timeline_stats_actors_places(filled):
    months = filled.timeline(bucket="month", by="type")["rows"]
    dated = filled.count_events() - sum(1 for e in filled.events(limit=None) if not e["date"].get("start"))
    assert sum(r["n"] for r in months) == dated
    assert months == sorted(months, key=lambda r: (r["bucket"], r["series"]))
    weeks = filled.timeline(bucket="week", by="actor", actor="ISIS")["rows"]
    assert weeks and all(r["bucket"] <= "2016-12-31" for r in weeks)
    stats = filled.stats()
    assert stats["merged_events"] >= 5 and stats["events_by_source_count"]["1"] >= 1
    actors = filled.actors()
    assert actors[0]["event_count"] >= actors[-1]["event_count"]
    assert filled.actors(q="boko")[0]["id"] == "BOKO_HARAM"
    unknown = filled.unknown_actors()
    assert any(u["text"] == "Huthi rebels" for u in unknown)
    place = filled.place(99072)
    assert place["name"] == "Mosul" and place["events"] >= 2
    assert filled.place(1) is None
    filled.set_event_status(filled.events(limit=1)[0]["id"], "verified", "checked")
    assert filled.events(status="verified")


def test_sqlite_file_is_datasette_ready(tmp_path, corpus):
    path = tmp_path / "m.db"
    store = Store.open(path)
    for doc in corpus["documents"][:4]:
        store.ingest(doc)
    store.close()
    con = sqlite3.connect(path)
    rows = con.execute("SELECT id, latitude, longitude FROM events WHERE latitude IS NOT NULL").fetchall()
    con.close()
    assert rows and all(-90 <= lat <= 90 and -180 <= lon <= 180 for _, lat, lon in rows)


def run_cli(argv: list[str], capsys) -> tuple[int, str]:
    from marsad.cli import events as events_cli
    from marsad.cli import graph as graph_cli
    from marsad.cli import store as store_cli

    parser = argparse.ArgumentParser(prog="marsad")
    sub = parser.add_subparsers()
    events_cli.register(sub)
    store_cli.register(sub)
    graph_cli.register(sub)
    args = parser.parse_args(argv)
    code = args.func(args)
    return code, capsys.readouterr().out


def test_cli(tmp_path, corpus, capsys):
    db = str(tmp_path / "cli.db")
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text("\n".join(json.dumps(d) for d in corpus["documents"]), encoding="utf-8")
    code, out = run_cli(["store", "ingest", str(jsonl), "--db", db], capsys)
    assert code == 0 and json.loads(out)["counts"]["inserted"] == len(corpus["documents"])
    code, out = run_cli(["events", "--db", db, "--actor", "ISIS", "--format", "json"], capsys)
    events = json.loads(out)
    assert code == 0 and events
    code, out = run_cli(["events", "show", events[0]["id"], "--db", db], capsys)
    assert code == 0 and events[0]["id"] in out and "sources (" in out
    merged = next(
        e
        for e in json.loads(run_cli(["events", "--db", db, "--format", "json", "--limit", "0"], capsys)[1])
        if e["source_count"] > 1
    )
    code, out = run_cli(["events", "show", merged["id"], "--db", db], capsys)
    assert "merged because:" in out
    for fmt in ("csv", "geojson", "plover", "acled-csv", "jsonl", "table"):
        code, out = run_cli(["events", "--db", db, "--format", fmt, "--near", "Sanaa", "--km", "20"], capsys)
        assert code == 0 and out.strip(), fmt
    code, out = run_cli(
        ["timeline", "--db", db, "--bucket", "week", "--by", "type", "--format", "csv"], capsys
    )
    assert code == 0 and out.startswith("bucket,series,n,fatalities")
    code, out = run_cli(["stats", "--db", db, "--format", "json"], capsys)
    assert json.loads(out)["documents"] == len(corpus["documents"])
    code, out = run_cli(["graph", "--db", db, "--actor", "ISIS", "--format", "gexf"], capsys)
    assert code == 0 and "<gexf" in out
    code, _ = run_cli(["events", "show", "nope", "--db", db], capsys)
    assert code == 2


def test_actor_filter_matches_every_dictionary_name(filled):
    isis = {e["id"] for e in filled.events(actor="ISIS", limit=None)}
    assert isis
    for name in ("Daesh", "ISIL", "Islamic State", "daesh"):  # names no stored document used
        assert {e["id"] for e in filled.events(actor=name, limit=None)} == isis


def test_pronouns_are_never_stored_as_names(store, corpus):
    import copy

    doc = copy.deepcopy(next(d for d in corpus["documents"] if any(a["id"] == "ISIS" for a in d["actors"])))
    isis = next(a for a in doc["actors"] if a["id"] == "ISIS")
    isis["aliases"] = ["It", "the latter", "Daesh"]
    isis["mentions"] += [{"text": "It", "start": 0, "end": 2}, {"text": "the group", "start": 3, "end": 12}]
    store.ingest(doc)
    names = {n["name"] for n in store.actor("ISIS")["names"]}
    assert "Daesh" in names and not names & {"It", "the latter", "the group"}
    assert store.events(actor="it", limit=None) == []
