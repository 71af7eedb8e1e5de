"""API latency (p50/p95) of the main queries on a store of synthetic events, and load.

    python -m benchmarks.api [--events 100000] [--db PATH] [--repeat 20]
    python -m benchmarks.api --load [--workers 2] [--connections 20] [--seconds 8] --db PATH

Builds a SQLite store of ``--events`` synthetic coded events (5 per document, 300
actors, 40 places, 6 years, random types, precisions and fatalities; ingested by the store,
which deduplicates reports of one event into one), then times each
query through the FastAPI app in-process (TestClient: routing, validation, SQL, JSON;
no network). The baseline, measured in the same run, is a single-event lookup
(``GET /api/events/{id}``); each query is also reported as a ratio to it.

``--load`` instead starts ``marsad serve --db PATH`` (``--workers N`` processes) on a free
loopback port and keeps ``--connections`` keep-alive connections busy on each of the web
app's main requests for ``--seconds``: requests/s, p50 and p95 per request, against the goals
of issue 16. ``--server-src DIR`` runs the server from another source tree (an earlier
version, to measure "before"); ``--db`` with ``--reuse`` keeps a store already built.
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
    """The store of ``n_events`` synthetic coded events (``Store.ingest``: deduplicated, the
    flat ``events`` rows kept in the ingest transaction), and the app over it."""
    from marsad.serve.app import create_app
    from marsad.store import Store

    store = Store.open(db)
    t0 = time.perf_counter()
    docs = synthetic_documents(n_events)
    store.ingest_many(({**coded, "text": text} for coded, text in docs), pipeline="benchmarks.api")
    with store.engine.begin() as conn:
        from sqlalchemy import text

        if store.engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
    return create_app(store), time.perf_counter() - t0


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


# the web app's main requests under load, with the goals (p95 ms)
LOAD = [
    ("event list", "/api/events", 100),
    ("stats", "/api/stats", 100),
    (
        "faceted table",
        "/api/events?_size=50&_sort=-date&_facet=type&_facet=sub_event_type&_facet=country"
        "&_facet=admin1&_facet=actor&_facet=certainty&_facet=status",
        300,
    ),
    ("map grid", "/api/map/grid?cell=1", 300),
    ("actors", "/api/actors", 300),
]
LOAD_GOAL_RPS = 200


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: str, port: int, workers: int, server_src: str | None) -> Any:
    """``marsad serve`` in a child process, once it answers."""
    import os
    import subprocess
    import sys
    import urllib.request

    env = dict(os.environ)
    if server_src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (server_src, env.get("PYTHONPATH")) if p)
    main = "import sys; from marsad.cli import main; sys.exit(main())"
    cmd = [sys.executable, "-c", main, "serve", "--db", db, "--port", str(port)]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"marsad serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=5):
                return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("marsad serve did not answer within 300 s")


def load(args: argparse.Namespace, db: str) -> None:
    from benchmarks.httpload import run_load

    port = _free_port()
    proc = _serve(db, port, args.workers, args.server_src)
    try:
        for _, path, _ in LOAD:  # warm each worker's caches and the page cache
            run_load("127.0.0.1", port, path, connections=args.connections, seconds=1)
        print(
            f"load: {args.connections} connections, {args.seconds:g} s per request, "
            f"{max(1, args.workers)} server process(es)\n"
        )
        print(f"{'request':16} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}  goal")
        for name, path, goal_p95 in LOAD:
            r = run_load("127.0.0.1", port, path, connections=args.connections, seconds=args.seconds)
            met = r.p95_ms < goal_p95 and (goal_p95 > 100 or r.rps >= LOAD_GOAL_RPS)
            goal = f"p95 < {goal_p95} ms" + (f", >= {LOAD_GOAL_RPS} req/s" if goal_p95 <= 100 else "")
            print(
                f"{name:16} {r.rps:8.1f} {r.p50_ms:8.1f} {r.p95_ms:8.1f} {r.errors:7d}  "
                f"{goal}: {'met' if met else 'not met'}"
            )
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _populated(db: str) -> bool:
    import sqlite3

    if not Path(db).is_file():
        return False
    with sqlite3.connect(db) as conn:
        try:
            return bool(conn.execute("SELECT count(*) FROM events").fetchone()[0])
        except sqlite3.Error:
            return False


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", default=None, help="SQLite path (default: a temporary file)")
    parser.add_argument("--reuse", action="store_true", help="keep --db when it already holds events")
    parser.add_argument("--load", action="store_true", help="measure a real server under concurrent load")
    parser.add_argument("--workers", type=int, default=1, help="server processes (--load)")
    parser.add_argument("--connections", type=int, default=20, help="concurrent connections (--load)")
    parser.add_argument("--seconds", type=float, default=8.0, help="duration per request (--load)")
    parser.add_argument("--server-src", default=None, help="source tree to run the server from (--load)")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    from fastapi.testclient import TestClient

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        if args.reuse and _populated(db):
            from marsad.serve.app import create_app

            app, load_s = create_app(db), 0.0
        else:
            app, load_s = build(db, args.events)
        client = TestClient(app)
        total = client.get("/api/events?_size=0").json()["total"]
        docs = app.state.backend.store.stats()["documents"]
        print(f"store: {total:,} events from {docs:,} documents (synthetic), built in {load_s:.1f} s")
        if args.load:
            client.close()
            app.state.backend.engine.dispose()
            load(args, db)
            return
        first = client.get("/api/events?_size=1").json()["rows"][0]["id"]
        base50, base95 = timed(client, f"/api/events/{first}", args.repeat)
        print(f"baseline  single event GET /api/events/{{id}}: p50 {base50:.1f} ms, p95 {base95:.1f} ms\n")
        print(f"{'query':32} {'p50 ms':>8} {'p95 ms':>8} {'p50 / baseline':>15}")
        for name, url in QUERIES:
            p50, p95 = timed(client, url, args.repeat)
            print(f"{name:32} {p50:8.1f} {p95:8.1f} {p50 / base50:14.1f}x")


if __name__ == "__main__":
    main()
