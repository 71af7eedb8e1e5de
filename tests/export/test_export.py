"""Exports: PLOVER JSONL, ACLED CSV, GeoJSON, over coded documents and over store events."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from marsad import export
from marsad.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "store" / "fixtures" / "dedup_corpus.json"
ACLED_31 = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


@pytest.fixture(scope="module")
def docs() -> list[dict]:
    return json.loads(CORPUS.read_text(encoding="utf-8"))["documents"]


def render(fmt: str, items) -> str:
    buf = io.StringIO()
    export.write(fmt, items, buf)
    return buf.getvalue()


def test_plover_records(docs):
    lines = render("plover", docs).splitlines()
    assert len(lines) == sum(len(d["events"]) for d in docs)
    records = [json.loads(line) for line in lines]
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        for required in ("id", "date", "actor", "event"):
            assert required in r
        assert r["event"][0] in {"ASSAULT", "FIGHT", "RETREAT", "PROTEST", "AGREE", "COOPERATE"}
        assert r["cite_info"]["codebook"].startswith("plover")
    mosul = next(r for r in records if r["id"] == "d01-e1")
    assert mosul["quad_code"] == 4 and mosul["event_scale"] == -9
    assert mosul["actor"][0]["entity_text"] == "Islamic State of Iraq and the Levant"
    assert mosul["event_loc"]["geonameid"] == 99072 and mosul["event_loc"]["country_code"] == "IRQ"
    suicide = next(r for r in records if r["id"] == "d04-e1")
    assert suicide["event_scale"] == -9.5 and suicide["size"]["dead"] == 80
    assert next(r for r in records if r["id"] == "d19-e1")["quad_code"] == 1


def test_acled_csv(docs):
    text = render("acled-csv", docs)
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == ACLED_31
    rows = list(reader)
    assert len(rows) == sum(len(d["events"]) for d in docs)  # every corpus event has an ACLED type
    mosul = next(r for r in rows if r["notes"].startswith("Militants of the Islamic State"))
    assert mosul["event_id_cnty"].startswith("IRQ") and mosul["iso"] == "368" and mosul["country"] == "Iraq"
    assert (mosul["inter1"], mosul["inter2"], mosul["interaction"]) == ("2", "1", "12")
    assert mosul["disorder_type"] == "Political violence" and mosul["time_precision"] == "1"
    assert mosul["admin2"] == "" and mosul["region"] == ""  # blanks we cannot fill
    chibok = next(r for r in rows if "Boko Haraam" in r["notes"])
    assert chibok["time_precision"] == "2" and chibok["civilian_targeting"] == "Civilian targeting"
    agreement = next(
        r for r in rows if r["event_type"] == "Strategic developments" and r["sub_event_type"] == "Agreement"
    )
    assert agreement["disorder_type"] == "Strategic developments"


def test_acled_leaves_out_non_acled_and_negated(docs):
    doc = json.loads(json.dumps(docs[0]))
    doc["events"][0]["acled"] = {"event_type": "Non-ACLED", "sub_event_type": "Diplomatic event"}
    doc["events"][1]["negated"] = True
    assert export.acled_rows(doc) == []


def test_geojson(docs):
    fc = json.loads(render("geojson", docs))
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    assert len(fc["features"]) == sum(1 for d in docs for e in d["events"] if e["location"])
    mosul = next(f for f in fc["features"] if f["id"] == "d01-e1")
    lon, lat = mosul["geometry"]["coordinates"]
    assert (lon, lat) == (43.1189, 36.335)  # [longitude, latitude]
    unlocated = json.loads(json.dumps(docs[0]))
    unlocated["events"][0]["location"] = None
    assert len(list(export.geojson_features(unlocated))) == len(docs[0]["events"]) - 1


def test_exports_of_store_events(tmp_path, docs):
    store = Store.open(tmp_path / "x.db")
    for d in docs:
        store.ingest(d)
    events = store.events(limit=None)
    records = [json.loads(line) for line in render("plover", events).splitlines()]
    assert len(records) == len(events)
    merged = next(r for r in records if r["marsad_source_count"] > 1)
    assert len(merged["marsad_document_ids"]) == merged["marsad_source_count"]
    rows = list(csv.DictReader(io.StringIO(render("acled-csv", events))))
    assert any(";" in r["source"] for r in rows)  # several publications for a merged event
    assert all(r["timestamp"].isdigit() for r in rows)
    fc = json.loads(render("geojson", events))
    assert {f["id"] for f in fc["features"]} <= {e["id"] for e in events}
    assert [json.loads(line)["id"] for line in render("jsonl", events).splitlines()] == [
        e["id"] for e in events
    ]
    store.close()


def test_unknown_format():
    with pytest.raises(ValueError):
        export.write("xml", [], io.StringIO())
