"""Benchmarks for the store (``python -m benchmarks.store [--events N] [--postgres URL]``).

Figures:

1. Dedup: pairwise precision/recall/F1 of merging on ``tests/store/fixtures/dedup_corpus.json``
   (hand-written coded documents reporting the same events differently), at the default
   windows and over a sweep of distance (km) and date (days) windows.
2. Ingest speed: coded documents per second stored into SQLite (and PostgreSQL when
   ``--postgres URL`` or ``MARSAD_TEST_POSTGRES_URL`` is given), as a ratio to the rate of
   coding alone (``Pipeline.run`` over the same texts, measured in the same run); then the
   rate on 1,000 synthetic documents (5 events each) into a store that already holds them.
3. Query latency (median of 5, ms) of the event, graph, timeline and stats queries on a store
   of ``--events`` synthetic events (default 100,000), with the ratio to a raw scan of the
   events table as baseline.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "store" / "fixtures" / "dedup_corpus.json"
SEED = REPO / "examples" / "al-monitor-2014-06-10-isis-on-offense.txt"


def _fresh_postgres(url: str) -> str:
    from marsad.store.migrate import drop_schema

    drop_schema(url)
    return url


# ---------------------------------------------------------------------- 1. dedup
def dedup_scores(corpus: dict[str, Any], **windows: Any) -> dict[str, float]:
    from marsad.store import DedupConfig, Store

    store = Store.open(":memory:", dedup=DedupConfig.load(**windows))
    predicted: dict[str, str] = {}
    for doc in corpus["documents"]:
        res = store.ingest(doc)
        for ev, eid in zip(doc["events"], res.event_ids, strict=True):
            predicted[f"{doc['id']}:{ev['id']}"] = eid
    store.close()
    gold = {m: k for k, members in corpus["expected_clusters"].items() for m in members}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        g, p = gold[a] == gold[b], predicted[a] == predicted[b]
        tp += g and p
        fp += p and not g
        fn += g and not p
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "events": len(set(predicted.values())),
        "expected_events": len(corpus["expected_clusters"]),
    }


def bench_dedup() -> None:
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
    n_reports = sum(len(d["events"]) for d in corpus["documents"])
    print(
        f"dedup corpus: {len(corpus['documents'])} documents, {n_reports} reports of "
        f"{len(corpus['expected_clusters'])} real-world events"
    )
    s = dedup_scores(corpus)
    print(
        f"  default windows (25 km, 2 days): precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
        f"F1 {s['f1']:.3f}  (pairs tp={s['tp']} fp={s['fp']} fn={s['fn']}; {s['events']} events stored)"
    )
    print("  sweep:      " + "  ".join(f"{d} day(s)".rjust(16) for d in (0, 1, 2, 3)))
    for km in (5, 10, 25, 50):
        cells = []
        for days in (0, 1, 2, 3):
            r = dedup_scores(corpus, km=km, days=days)
            cells.append(f"P{r['precision']:.2f}/R{r['recall']:.2f}".rjust(16))
        print(f"  {km:>4} km    " + "  ".join(cells))


# ---------------------------------------------------------------------- 2. ingest speed
def coded_documents() -> tuple[list[Any], float] | None:
    """Code the corpus texts and the seed article with the full pipeline; (docs, seconds)."""
    try:
        from marsad import Pipeline

        pipeline = Pipeline()
        corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
        inputs = [(d["text"], d["date"], d["id"], d.get("url")) for d in corpus["documents"]]
        inputs.append((SEED.read_text(encoding="utf-8"), "2014-06-10", None, None))
        pipeline.process(inputs[0][0], date=inputs[0][1])  # load models outside the timing
        started = time.perf_counter()
        docs = [pipeline.process(t, date=d, doc_id=i, url=u) for t, d, i, u in inputs]
        return docs, time.perf_counter() - started
    except Exception as exc:  # noqa: BLE001 - the pipeline is built by other stages; report and go on
        print(f"  coding baseline unavailable: {type(exc).__name__}: {exc}")
        return None


def synthetic_documents(n_docs: int, events_per_doc: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    actors = [f"ACTOR_{i}" for i in range(200)]
    types = ["ASSAULT", "COERCE", "PROTEST", "AGREE", "COOPERATE", "THREATEN", "ACCUSE", "AID"]
    docs = []
    for i in range(n_docs):
        day = date(2014, 1, 1) + timedelta(days=rng.randrange(1500))
        text_parts, events = [], []
        for j in range(events_per_doc):
            a, b = rng.sample(actors, 2)
            lat, lon = rng.uniform(-35, 55), rng.uniform(-20, 120)
            sentence = f"{a} attacked {b} near place {j} on day {day.isoformat()}."
            off = sum(len(p) + 1 for p in text_parts)
            text_parts.append(sentence)
            events.append(
                {
                    "id": f"e{j}",
                    "type": rng.choice(types),
                    "mode": None,
                    "context": [],
                    "acled": {"event_type": "Battles", "sub_event_type": "Armed clash"},
                    "actors": [{"id": a, "name": a, "text": a, "start": off, "end": off + len(a)}],
                    "recipients": [
                        {
                            "id": b,
                            "name": b,
                            "text": b,
                            "start": off + len(a) + 10,
                            "end": off + len(a) + 10 + len(b),
                        }
                    ],
                    "location": {
                        "text": f"place {j}",
                        "name": f"Place {i}-{j}",
                        "geonameid": None,
                        "lat": lat,
                        "lon": lon,
                        "country_code": "IQ",
                        "precision": 1,
                    },
                    "date": {"start": day.isoformat(), "end": day.isoformat(), "granularity": "day"},
                    "evidence": {"text": sentence, "start": off, "end": off + len(sentence)},
                    "negated": False,
                    "confidence": 0.6,
                }
            )
        docs.append(
            {
                "id": f"syn-{i}",
                "date": day.isoformat(),
                "title": f"synthetic {i}",
                "publication": "Synthetic",
                "url": f"https://example.org/syn/{i}",
                "text": " ".join(text_parts),
                "events": events,
                "actors": [],
                "relations": [],
                "territory": [],
            }
        )
    return docs


def bench_ingest(postgres: str | None) -> None:
    from marsad.store import Store

    coded = coded_documents()
    backends: list[tuple[str, Callable[[Path], str]]] = [("sqlite", lambda d: str(d / "ingest.db"))]
    if postgres:
        backends.append(("postgresql", lambda _d: _fresh_postgres(postgres)))
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in backends:
            if coded is not None:
                docs, coding_s = coded
                store = Store.open(make(Path(tmp) / name) if name == "sqlite" else make(Path(tmp)))
                started = time.perf_counter()
                for doc in docs:
                    store.ingest(doc)
                ingest_s = time.perf_counter() - started
                store.close()
                coding_rate, ingest_rate = len(docs) / coding_s, len(docs) / ingest_s
                print(
                    f"  {name:<10} coded documents: {ingest_rate:8.1f} docs/s stored vs {coding_rate:6.2f} docs/s coded "
                    f"-> ratio stored/coded {ingest_rate / coding_rate:.2f} "
                    f"(storing adds {100 * ingest_s / coding_s:.1f}% to coding time)"
                )
            syn = synthetic_documents(1000, 5)
            store = Store.open(make(Path(tmp) / (name + "2")) if name == "sqlite" else make(Path(tmp)))
            started = time.perf_counter()
            for doc in syn:
                store.ingest(doc)
            first = time.perf_counter() - started
            started = time.perf_counter()
            for doc in syn[:200]:
                store.ingest(doc)
            again = time.perf_counter() - started
            store.close()
            print(
                f"  {name:<10} synthetic (5 events/doc): {len(syn) / first:8.1f} docs/s new, "
                f"{200 / again:8.1f} docs/s re-ingest (unchanged)"
            )


# ---------------------------------------------------------------------- 3. query latency
def build_synthetic_store(url: str, n_events: int, seed: int = 11) -> Any:
    """Bulk-load ``n_events`` synthetic events (with sources, actors, relations) into a store."""
    from marsad.store import Store
    from marsad.store import schema as S

    rng = random.Random(seed)
    store = Store.open(url)
    now = datetime(2024, 1, 1)
    actors = [f"ACTOR_{i}" for i in range(500)]
    countries = [
        ("IQ", 33.0, 44.0),
        ("SY", 35.0, 38.0),
        ("NG", 10.0, 8.0),
        ("YE", 15.5, 47.5),
        ("AF", 34.0, 66.0),
    ]
    places = []
    for gid in range(1, 2001):
        cc, lat, lon = rng.choice(countries)
        places.append(
            {
                "geonameid": gid,
                "name": f"Town {gid}",
                "latitude": lat + rng.uniform(-3, 3),
                "longitude": lon + rng.uniform(-3, 3),
                "country_code": cc,
            }
        )
    types = [
        "ASSAULT",
        "COERCE",
        "PROTEST",
        "AGREE",
        "COOPERATE",
        "THREATEN",
        "ACCUSE",
        "AID",
        "MOBILIZE",
        "CONSULT",
    ]
    n_docs = max(1, n_events // 5)
    with store.engine.begin() as conn:
        conn.execute(insert(S.places), places)
        conn.execute(insert(S.actors), [{"id": a, "name": a.title(), "known": True} for a in actors])
        docs = [
            {
                "id": f"doc-{i}",
                "url": f"https://example.org/{i}",
                "title": f"doc {i}",
                "publication": "Synthetic",
                "pub_date": date(2012, 1, 1) + timedelta(days=rng.randrange(4000)),
                "content_hash": f"{i:064d}",
                "coding_hash": f"{i:064d}",
                "revision": 1,
                "data": {"id": f"doc-{i}"},
                "ingested_at": now,
                "updated_at": now,
            }
            for i in range(n_docs)
        ]
        for i in range(0, len(docs), 5000):
            conn.execute(insert(S.documents), docs[i : i + 5000])
        batch_e, batch_s, batch_a = [], [], []
        for i in range(n_events):
            p = rng.choice(places)
            a, b = rng.sample(actors, 2)
            day = date(2012, 1, 1) + timedelta(days=rng.randrange(4000))
            typ = rng.choice(types)
            eid = f"ev-{i:08d}"
            ev = {
                "id": eid,
                "type": typ,
                "date": {"start": day.isoformat(), "end": day.isoformat()},
                "actors": [{"id": a, "name": a}],
                "recipients": [{"id": b, "name": b}],
                "location": {
                    "name": p["name"],
                    "geonameid": p["geonameid"],
                    "lat": p["latitude"],
                    "lon": p["longitude"],
                    "country_code": p["country_code"],
                },
                "evidence": {"text": f"{a} {typ} {b}", "start": 0, "end": 20},
                "acled": {},
            }
            doc_id = f"doc-{i % n_docs}"
            batch_e.append(
                {
                    "id": eid,
                    "type": typ,
                    "date_start": day,
                    "date_end": day,
                    "geonameid": p["geonameid"],
                    "location_name": p["name"],
                    "latitude": p["latitude"],
                    "longitude": p["longitude"],
                    "country_code": p["country_code"],
                    "source_count": 1,
                    "status": "candidate",
                    "negated": False,
                    "notes": ev["evidence"]["text"],
                    "actors_text": f"{a} | {b}",
                    "week": (day - timedelta(days=day.weekday())).isoformat(),
                    "month": day.replace(day=1).isoformat(),
                    "document_id": doc_id,
                    "evidence_start": 0,
                    "evidence_end": 20,
                    "data": ev,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            batch_s.append(
                {
                    "event_id": eid,
                    "document_id": doc_id,
                    "local_id": f"e{i}",
                    "type": typ,
                    "date_start": day,
                    "date_end": day,
                    "evidence_text": ev["evidence"]["text"],
                    "evidence_start": 0,
                    "evidence_end": 20,
                    "data": ev,
                    "pinned": False,
                    "created_at": now,
                }
            )
            batch_a += [
                {"event_id": eid, "actor_id": a, "role": "actor", "name": a},
                {"event_id": eid, "actor_id": b, "role": "recipient", "name": b},
            ]
            if len(batch_e) >= 5000:
                conn.execute(insert(S.events), batch_e)
                conn.execute(insert(S.event_sources), batch_s)
                conn.execute(insert(S.event_actors), batch_a)
                batch_e, batch_s, batch_a = [], [], []
        if batch_e:
            conn.execute(insert(S.events), batch_e)
            conn.execute(insert(S.event_sources), batch_s)
            conn.execute(insert(S.event_actors), batch_a)
        rels = [
            {
                "document_id": f"doc-{rng.randrange(n_docs)}",
                "source_actor": rng.choice(actors),
                "target_actor": rng.choice(actors),
                "type": rng.choice(["member_of", "ally", "hostile", "linked"]),
                "doc_date": date(2012, 1, 1) + timedelta(days=rng.randrange(4000)),
                "evidence_text": "x",
            }
            for _ in range(n_events // 20)
        ]
        conn.execute(insert(S.relations), rels)
    if store.dialect == "postgresql":
        with store.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return store


def timed(fn: Callable[[], Any], repeat: int = 5) -> float:
    fn()  # warm caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bench_queries(url: str, label: str, n_events: int) -> None:
    from marsad.graph import actor_graph
    from marsad.store import schema as S

    started = time.perf_counter()
    store = build_synthetic_store(url, n_events)
    print(f"  {label}: built a store of {n_events:,} events in {time.perf_counter() - started:.1f}s")

    def raw_scan() -> None:
        with store.engine.connect() as conn:
            conn.execute(select(S.events.c.id, S.events.c.type, S.events.c.date_start)).all()

    base = timed(raw_scan)
    queries: list[tuple[str, Callable[[], Any]]] = [
        ("events (latest 100)", lambda: store.events(limit=100)),
        ("events --actor A (100)", lambda: store.events(actor="ACTOR_7", limit=100)),
        (
            "events --type ASSAULT --country SY (100)",
            lambda: store.events(type="ASSAULT", country="SY", limit=100),
        ),
        ("events --near PLACE --km 25", lambda: store.events(near="Town 5", km=25, limit=100)),
        (
            "events --since/--until (1 month)",
            lambda: store.events(since="2015-03-01", until="2015-03-31", limit=None),
        ),
        ("events show ID", lambda: store.event("ev-00001234")),
        ("count_events --actor A", lambda: store.count_events(actor="ACTOR_7")),
        ("graph --actor A", lambda: actor_graph(store, actor="ACTOR_7")),
        ("graph (whole, all events)", lambda: actor_graph(store)),
        ("timeline month by type", lambda: store.timeline(bucket="month", by="type")),
        ("stats", lambda: store.stats()),
    ]
    print(f"    baseline: raw scan of events (id, type, date) {base:8.1f} ms")
    for name, fn in queries:
        ms = timed(fn, repeat=3 if "whole" in name else 5)
        print(f"    {name:<42} {ms:8.1f} ms  ({ms / base:5.2f}x the raw scan)")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="benchmarks.store")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("MARSAD_TEST_POSTGRES_URL"))
    parser.add_argument("--skip", action="append", default=[], choices=["dedup", "ingest", "queries"])
    args = parser.parse_args(sys.argv[1:])
    if "dedup" not in args.skip:
        print("1. dedup")
        bench_dedup()
    if "ingest" not in args.skip:
        print("2. ingest speed")
        bench_ingest(args.postgres)
    if "queries" not in args.skip:
        print(f"3. query latency on {args.events:,} synthetic events")
        with tempfile.TemporaryDirectory() as tmp:
            bench_queries(str(Path(tmp) / "q.db"), "sqlite", args.events)
        if args.postgres:
            bench_queries(_fresh_postgres(args.postgres), "postgresql", args.events)
        else:
            print("  postgresql: skipped (no --postgres URL or MARSAD_TEST_POSTGRES_URL)")


if __name__ == "__main__":
    main()
