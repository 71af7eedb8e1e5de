"""API latency (p50/p95) of the main queries on a store of synthetic events.

    python -m benchmarks.api [--events 100000] [--db PATH] [--repeat 20]

Builds a SQLite store of ``--events`` synthetic coded events (5 per document, 300
actors, 40 places, 6 years, random types, precisions and fatalities), then times each
query through the FastAPI app in-process (TestClient: routing, validation, SQL, JSON;
no network). The baseline, measured in the same run, is a single-event lookup
(``GET /api/events/{id}``); each query is also reported as a ratio to it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import warnings
from datetime import date, timedelta
from pathlib import Path
from typing import Any

TYPES = [
    ("ASSAULT", "Battles", "Armed clash"),
    ("ASSAULT", "Explosions/Remote violence", "Air/drone strike"),
    ("ASSAULT", "Violence against civilians", "Attack"),
    ("FIGHT", "Battles", "Armed clash"),
    ("COERCE", "Strategic developments", "Arrests"),
    ("PROTEST", "Protests", "Peaceful protest"),
    ("THREATEN", None, None),
    ("MOBILIZE", "Strategic developments", "Non-violent transfer of territory"),
    ("SUPPORT", None, None),
    ("AGREE", "Strategic developments", "Agreement"),
]
COUNTRIES = [
    ("IQ", "IRQ"),
    ("SY", "SYR"),
    ("YE", "YEM"),
    ("LY", "LBY"),
    ("AF", "AFG"),
    ("ML", "MLI"),
    ("SO", "SOM"),
    ("NG", "NGA"),
]
CERTAINTIES = ["asserted", "asserted", "reported", "hedged", "inferred"]
SECTORS = ["MIL", "REB", "GOV", "CVL", "IGO"]


def _ref(actor: dict[str, Any], off: int) -> dict[str, Any]:
    """An ActorRef of ``actor`` mentioned at ``off``."""
    return {
        "id": actor["id"],
        "name": actor["name"],
        "text": actor["name"],
        "start": off,
        "end": off + len(actor["name"]),
        "sector": actor["sector"],
        "country": actor["country"],
        "kind": "organization",
        "method": "dictionary",
    }


def synthetic_documents(
    n_events: int, *, per_doc: int = 5, seed: int = 7
) -> list[tuple[dict[str, Any], str]]:
    """(coded dict, text) pairs shaped like ``Document.to_dict()``, with valid offsets."""
    rng = random.Random(seed)
    places = []
    for i in range(40):
        cc, _ = COUNTRIES[i % len(COUNTRIES)]
        places.append(
            {
                "geonameid": 100000 + i,
                "name": f"Town{i}",
                "country_code": cc,
                "admin1": f"{cc}-Province{i % 7}",
                "lat": rng.uniform(5, 38),
                "lon": rng.uniform(-5, 70),
            }
        )
    actors = [
        {
            "id": f"ACT{i:03d}",
            "name": f"Group {i}",
            "sector": SECTORS[i % len(SECTORS)],
            "country": COUNTRIES[i % len(COUNTRIES)][1],
        }
        for i in range(300)
    ]
    day0 = date(2014, 1, 1)
    docs = []
    for d in range((n_events + per_doc - 1) // per_doc):
        text, events, doc_actors, relations = "", [], {}, []
        for k in range(min(per_doc, n_events - d * per_doc)):
            a, b = rng.sample(actors, 2)
            plover, acled, sub = rng.choice(TYPES)
            p = rng.choice(places)
            sentence = f"{a['name']} clashed with {b['name']} near {p['name']}. "
            start = len(text)
            text += sentence
            day = day0 + timedelta(days=rng.randrange(6 * 365))
            precision = rng.choice([1, 1, 1, 2, 3])
            b_off = start + sentence.index(b["name"])
            p_off = start + sentence.index(p["name"])
            events.append(
                {
                    "id": f"e{k + 1}",
                    "type": plover,
                    "mode": None,
                    "context": [],
                    "acled": {"event_type": acled, "sub_event_type": sub},
                    "actors": [_ref(a, start)],
                    "recipients": [_ref(b, b_off)],
                    "location": {
                        **p,
                        "text": p["name"],
                        "start": p_off,
                        "end": p_off + len(p["name"]),
                        "feature_code": "PPL",
                        "precision": precision,
                        "admin1_code": None,
                        "score": 0.8,
                        "reason": "synthetic",
                        "method": "synthetic",
                    },
                    "date": {
                        "start": day.isoformat(),
                        "end": day.isoformat(),
                        "granularity": "day",
                        "text": None,
                        "offset": None,
                        "reason": "synthetic",
                    },
                    "evidence": {
                        "text": sentence.strip(),
                        "start": start,
                        "end": start + len(sentence.strip()),
                    },
                    "certainty": rng.choice(CERTAINTIES),
                    "negated": False,
                    "fatalities": rng.choice([None, None, 0, 1, 2, 5, 12, 40]),
                    "injured": None,
                    "confidence": round(rng.random(), 3),
                    "reason": "synthetic",
                    "trigger": None,
                    "extra_evidence": [],
                    "attributes": {},
                    "component": "synthetic@1",
                }
            )
            for actor in (a, b):
                doc_actors[actor["id"]] = {
                    **actor,
                    "kind": "organization",
                    "aliases": [],
                    "mentions": [],
                    "known": True,
                }
            if plover in ("ASSAULT", "FIGHT", "COERCE"):
                relations.append(
                    {
                        "source": a["id"],
                        "target": b["id"],
                        "type": "hostile",
                        "certainty": "asserted",
                        "evidence": events[-1]["evidence"],
                        "reason": "synthetic",
                    }
                )
        docs.append(
            (
                {
                    "id": f"doc-syn{d:08d}",
                    "title": f"Synthetic report {d}",
                    "date": events[0]["date"]["start"],
                    "events": events,
                    "actors": list(doc_actors.values()),
                    "relations": relations,
                    "format": "text",
                },
                text,
            )
        )
    return docs


def build(db: str, n_events: int) -> tuple[Any, float]:
    from marsad.serve.app import create_app
    from marsad.serve.backend import Backend, engine_for

    engine = engine_for(db)
    backend = Backend(engine, None, *_model_and_tokens(engine))
    t0 = time.perf_counter()
    docs = synthetic_documents(n_events)
    for i in range(0, len(docs), 2000):
        backend.model.add_many(docs[i : i + 2000])
    with engine.begin() as conn:
        from sqlalchemy import text

        if engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
    return create_app(db, backend=backend), time.perf_counter() - t0


def _model_and_tokens(engine: Any) -> tuple[Any, Any]:
    from marsad.serve.auth import Tokens
    from marsad.serve.readmodel import ReadModel

    return ReadModel(engine), Tokens(engine)


QUERIES = [
    ("events page (newest)", "/api/events"),
    (
        "table view: page + 5 facets",
        "/api/events?_facet=type&_facet=country&_facet=certainty&_facet=status&_facet=actor",
    ),
    (
        "filtered: type+country+dates",
        "/api/events?type=ASSAULT&country=IQ&start=2016-01-01&end=2017-12-31&_facet=type",
    ),
    ("bbox", "/api/events?bbox=30,20,50,35"),
    ("actor", "/api/events?actor=ACT007"),
    ("min_confidence + certainty", "/api/events?min_confidence=0.8&certainty=asserted&_sort=-confidence"),
    ("deep page (page 1000)", "/api/events?_page=1000"),
    ("csv page", "/api/events.csv?_size=1000"),
    ("map: geojson 3000", "/api/events.geojson?_size=3000&type=PROTEST"),
    ("map: 1-degree grid", "/api/map/grid?cell=1"),
    ("timeline month by type", "/api/timeline?bucket=month&by=type"),
    ("timeline week by actor", "/api/timeline?bucket=week&by=actor"),
    ("actors", "/api/actors"),
    ("actor page", "/api/actors/ACT007"),
    ("graph", "/api/graph"),
    ("place", "/api/places/100003"),
]


def timed(client: Any, url: str, repeat: int) -> tuple[float, float]:
    client.get(url)  # warm
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = client.get(url)
        samples.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, (url, r.status_code, r.text[:200])
    samples.sort()
    return statistics.median(samples), samples[max(0, int(round(0.95 * len(samples))) - 1)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", default=None, help="SQLite path (default: a temporary file)")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    from fastapi.testclient import TestClient

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        app, load_s = build(db, args.events)
        client = TestClient(app)
        total = client.get("/api/events?_size=0").json()["total"]
        print(f"store: {total:,} synthetic events ({args.events // 5:,} documents), loaded in {load_s:.1f} s")
        first = client.get("/api/events?_size=1").json()["rows"][0]["id"]
        base50, base95 = timed(client, f"/api/events/{first}", args.repeat)
        print(f"baseline  single event GET /api/events/{{id}}: p50 {base50:.1f} ms, p95 {base95:.1f} ms\n")
        print(f"{'query':32} {'p50 ms':>8} {'p95 ms':>8} {'p50 / baseline':>15}")
        for name, url in QUERIES:
            p50, p95 = timed(client, url, args.repeat)
            print(f"{name:32} {p50:8.1f} {p95:8.1f} {p50 / base50:14.1f}x")


if __name__ == "__main__":
    main()
