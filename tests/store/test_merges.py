"""Merges an analyst can trust: compatible types only, no actor on both sides, the same result
whatever the order documents arrive in, nothing changed by re-ingesting, fatalities as a best
estimate with the sources' low and high, every merge explained and reversible."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from marsad.store import Store, stable_event_id

from .test_dedup import final_events, pair_scores

TEXT = "Reports of fighting near Tal Afar."


def report(
    doc_id: str,
    *,
    type: str = "ASSAULT",
    sub_event: str | None = "Armed clash",
    actors: tuple[str, ...] = ("ISIS",),
    recipients: tuple[str, ...] = ("IRQ_MIL",),
    fatalities: int | None = None,
    day: str = "2014-06-16",
) -> dict:
    """A coded document with one event at Tal Afar."""
    return {
        "id": doc_id,
        "title": doc_id,
        "date": day,
        "text": TEXT,
        "events": [
            {
                "id": "e1",
                "type": type,
                "acled": {"event_type": "Battles", "sub_event_type": sub_event} if sub_event else {},
                "actors": [{"id": a, "name": a} for a in actors],
                "recipients": [{"id": r, "name": r} for r in recipients],
                "location": {
                    "name": "Tal Afar",
                    "geonameid": 89570,
                    "lat": 36.377,
                    "lon": 42.449,
                    "country_code": "IQ",
                    "precision": 1,
                },
                "date": {"start": day, "end": day},
                "evidence": {"text": TEXT, "start": 0, "end": len(TEXT)},
                "fatalities": fatalities,
                "confidence": 0.8,
            }
        ],
    }


def ev_id(doc_id: str) -> str:
    return stable_event_id(doc_id, "e1")


def test_a_territory_seizure_never_merges_into_a_clash(store):
    store.ingest(report("d-clash"))
    store.ingest(report("d-seize", sub_event="Non-state actor overtakes territory"))
    assert store.count_events() == 2
    store.ingest(report("d-seize-2", sub_event="Non-state actor overtakes territory"))
    seizure = store.event(ev_id("d-seize"))
    assert (
        seizure["source_count"] == 2
        and seizure["acled"]["sub_event_type"] == "Non-state actor overtakes territory"
    )
    assert store.event(ev_id("d-clash"))["source_count"] == 1


def test_an_actor_is_never_on_both_sides(store):
    store.ingest(report("d-a", type="ASSAULT", sub_event="Attack"))
    # the other way round: ISIS attacked by the army is another attack, not this one
    store.ingest(report("d-b", type="ASSAULT", sub_event="Attack", actors=("IRQ_MIL",), recipients=("ISIS",)))
    assert store.count_events() == 2
    for e in store.events(limit=None):
        assert not {a["id"] for a in e["actors"]} & {r["id"] for r in e["recipients"]}
    # a clash has no direction: the same two sides named the other way round are aligned
    store.ingest(report("d-c", type="FIGHT", day="2014-07-01"))
    store.ingest(report("d-d", type="FIGHT", actors=("IRQ_MIL",), recipients=("ISIS",), day="2014-07-01"))
    clash = store.event(ev_id("d-c"))
    assert clash["source_count"] == 2
    assert [a["id"] for a in clash["actors"]] == ["ISIS"] and [r["id"] for r in clash["recipients"]] == [
        "IRQ_MIL"
    ]
    assert "other way round" in next(s["merge_reason"] for s in clash["sources"] if s["merge_reason"])
    # a coder that names one group on both sides: the stored event names it once, as the doer
    store.ingest(report("d-e", day="2014-08-01", actors=("ISIS",), recipients=("ISIS", "PESH")))
    odd = store.event(ev_id("d-e"))
    assert [a["id"] for a in odd["actors"]] == ["ISIS"] and [r["id"] for r in odd["recipients"]] == ["PESH"]


def test_fatalities_are_a_best_estimate_with_the_sources_low_and_high(store, capsys):
    for i, n in enumerate((10, 40, 12)):
        store.ingest(report(f"d-f{i}", fatalities=n))
    ev = store.event(ev_id("d-f0"))
    assert ev["source_count"] == 3
    assert (ev["fatalities"], ev["fatalities_low"], ev["fatalities_high"]) == (12, 10, 40)  # never 62
    assert ev["attributes"]["fatalities_range"]["best"] == 12
    row = store.event_rows()[0]
    assert (row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == (12, 10, 40)
    store.ingest(report("d-f3", fatalities=14, day="2014-06-15"))  # an earlier-dated report: 4 figures
    ev = store.event(ev_id("d-f3"))  # the event now takes its earliest report's id
    assert ev["fatalities"] == 12 and ev["fatalities_low"] == 10 and ev["fatalities_high"] == 40


def snapshot(store: Store) -> list[dict]:
    """Everything about the stored events that must not depend on arrival order."""
    out = []
    for e in store.events(limit=None, sort="id"):
        out.append(
            {
                "id": e["id"],
                "sources": sorted(
                    (s["document_id"], s["event_local_id"], s["merge_reason"]) for s in e["sources"]
                ),
                "type": e["type"],
                "acled": e.get("acled"),
                "date": e["date"],
                "location": e["location"],
                "actors": e["actors"],
                "recipients": e["recipients"],
                "fatalities": (e["fatalities"], e["fatalities_low"], e["fatalities_high"]),
                "confidence": e["confidence"],
                "evidence": e["evidence"],
            }
        )
    return out


def test_the_result_does_not_depend_on_arrival_order(tmp_path, corpus):
    docs = corpus["documents"]
    results = []
    for seed in (None, 1, 2, 3):
        order = list(range(len(docs)))
        if seed is not None:
            random.Random(seed).shuffle(order)
        store = Store.open(tmp_path / f"order{seed}.db")
        for i in order:
            store.ingest(docs[i])
        results.append((snapshot(store), final_events(store)))
        store.close()
    first = results[0]
    for other in results[1:]:
        assert json.dumps(other[0], sort_keys=True, default=str) == json.dumps(
            first[0], sort_keys=True, default=str
        )
        assert other[1] == first[1]
    precision, recall = pair_scores(first[1], corpus["expected_clusters"])
    assert precision >= 0.8 and recall >= 0.9, (precision, recall)


def test_re_ingesting_the_same_documents_changes_nothing(store, corpus):
    for doc in corpus["documents"]:
        store.ingest(doc)
    before, log = snapshot(store), store.stats()["event_sources"]
    history = {e["id"]: store.event(e["id"])["history"] for e in store.events(limit=None)}
    for doc in reversed(corpus["documents"]):
        assert store.ingest(doc).status == "unchanged"
    assert snapshot(store) == before and store.stats()["event_sources"] == log
    assert {e["id"]: store.event(e["id"])["history"] for e in store.events(limit=None)} == history


def test_an_event_renamed_by_an_earlier_report_keeps_its_review_and_its_old_id(store):
    store.ingest(report("d-late", day="2014-06-16"))
    store.review(ev_id("d-late"), reviewer="ana", status="verified")
    store.ingest(report("d-early", day="2014-06-15"))  # the earliest report names the event now
    ev = store.event(ev_id("d-late"))
    assert ev["id"] == ev_id("d-early") and ev["alias_of"] == ev_id("d-late")
    assert ev["status"] == "verified" and [r["reviewer"] for r in ev["reviews"]] == ["ana"]
    assert ev["source_count"] == 2  # the report merged in moved the date: re-review, visibly
    assert ev["needs_review"] and "date_start 2014-06-16 → 2014-06-15" in ev["review_reason"]
    actions = [h["action"] for h in ev["history"]]
    assert actions.count("review") == 1 and "create" in actions
    store.review(ev_id("d-late"), reviewer="bo", note="reviewed by its old id")  # a link kept somewhere
    assert [r["reviewer"] for r in store.event(ev_id("d-early"))["reviews"]] == ["ana", "bo"]


def test_merges_are_explained_and_reversible_from_the_cli(tmp_path, capsys):
    from marsad.cli import main

    db = str(tmp_path / "cli.db")
    store = Store.open(db)
    store.ingest(report("d-1", fatalities=3))
    store.ingest(report("d-2", fatalities=5))
    eid = ev_id("d-1")
    event = store.event(eid)
    joined = next(s for s in event["sources"] if s["merge_reason"])
    store.close()
    assert main(["events", "show", eid, "--db", db]) == 0
    out = capsys.readouterr().out
    assert "merged because: matches d-1/e1" in out and "fatalities: 3 (sources give 3–5)" in out
    assert main(["events", "split", str(joined["source_id"]), "--db", db]) == 0
    new_id = capsys.readouterr().out.strip()
    store = Store.open(db)
    assert store.event(eid)["source_count"] == 1 and store.event(new_id)["source_count"] == 1
    store.ingest(report("d-3", fatalities=4))  # automatic merging never undoes the analyst's split
    assert store.event(new_id)["source_count"] == 1
    store.close()
    assert main(["events", "merge", eid, new_id, "--db", db]) == 0
    store = Store.open(db)
    assert store.event(eid)["source_count"] >= 2 and store.event(new_id)["id"] == eid
    store.close()


@pytest.mark.parametrize("km", [25, 5])
def test_windows_still_apply_in_any_order(tmp_path, corpus, km):
    from marsad.store import DedupConfig

    by_id = {d["id"]: d for d in corpus["documents"]}
    counts = set()
    for order in (("d10", "d11"), ("d11", "d10")):
        store = Store.open(tmp_path / f"{km}-{order[0]}.db", dedup=DedupConfig.load(km=km))
        for did in order:
            store.ingest(by_id[did])
        counts.add(store.count_events())
        store.close()
    assert counts == {1 if km == 25 else 2}


def test_a_chain_of_reports_groups_the_same_in_every_order(tmp_path):
    """A (14 June) matches B (16 June), B matches C (18 June), A and C are 4 days apart: whatever
    the order, every event's reports all match each other, and the grouping is the same."""
    import itertools

    docs = {
        d: report(d, day=day)
        for d, day in (("d-a", "2014-06-14"), ("d-b", "2014-06-16"), ("d-c", "2014-06-18"))
    }
    seen = set()
    for n, order in enumerate(itertools.permutations(docs)):
        store = Store.open(tmp_path / f"chain{n}.db")
        for d in order:
            store.ingest(docs[d])
        groups = frozenset(
            frozenset(s["document_id"] for s in e["sources"]) for e in store.events(limit=None)
        )
        ids = frozenset(e["id"] for e in store.events(limit=None))
        store.close()
        assert not any({"d-a", "d-c"} <= g for g in groups), order  # never an event no pair supports
        seen.add((groups, ids))
    assert len(seen) == 1, seen


def test_a_report_whose_dates_span_months_is_still_found_by_a_later_one(store):
    # the neighbour lookup bounds the start of candidates by the longest stored span (to stay
    # on the date index); a range that began long before the window must still be a candidate
    long = report("doc-long", day="2014-06-16")
    long["events"][0]["date"] = {"start": "2014-03-01", "end": "2014-06-16"}
    store.ingest(long)
    store.ingest(report("doc-late", day="2014-06-16"))
    from marsad.store.regroup import longest_span

    with store.engine.connect() as conn:
        assert longest_span(conn) == (date(2014, 6, 16) - date(2014, 3, 1)).days
    assert store.event(ev_id("doc-long"))["source_count"] == 2


def test_the_neighbour_lookup_stays_on_the_date_indexes_after_a_long_report(tmp_path):
    # one report spanning months must not turn every later lookup into a scan of the store
    # (SQLite's plan is read; PostgreSQL plans by its own statistics)
    from .conftest import lookup_plans

    store = Store.open(tmp_path / "plans.db")
    long = report("doc-long", day="2014-06-16")
    long["events"][0]["date"] = {"start": "2014-01-01", "end": "2014-12-31"}
    store.ingest(long)
    plans = lookup_plans(store, "date_")
    store.ingest(report("doc-late", day="2014-06-16"))
    assert any("ix_event_sources_date_start" in p for p in plans)
    assert any("ix_event_sources_date_end" in p for p in plans)
    assert not any("SCAN event_sources" in p for p in plans), plans
    assert store.event(ev_id("doc-long"))["source_count"] == 2
    store.close()


def test_the_writer_decodes_each_stored_report_once(store, monkeypatch):
    # the neighbour lookup reads every report in a new report's window; their events are
    # decoded once and kept, not again for each later report whose window they fall in
    import marsad.store.regroup as regroup

    decoded: list[str] = []
    real = regroup.EventKey.from_event

    class Counting(regroup.EventKey):
        @classmethod
        def from_event(cls, event):  # type: ignore[no-untyped-def]
            decoded.append(str(event.get("id")))
            return real(event)

    monkeypatch.setattr(regroup, "EventKey", Counting)
    for n in range(6):
        store.ingest(report(f"doc-{n}", actors=(f"GROUP_{n}",), recipients=(f"TARGET_{n}",)))
    assert len(decoded) == 6  # one per report, though each later one is compared with all before
    assert len(store.report_keys) == 6


def test_a_re_coded_report_is_read_afresh_though_sqlite_gives_it_the_old_id(store):
    # replacing the last document deletes its report and SQLite hands the new report the same
    # row id: the key kept for the old report must not stand in for the new one
    store.ingest(report("doc-a"))
    store.ingest(report("doc-b"))
    assert store.event(ev_id("doc-a"))["source_count"] == 2
    moved = report("doc-b", day="2014-09-30")
    moved["text"] = moved["events"][0]["evidence"]["text"] = "Reports of fighting near Tal Afar in September."
    store.ingest(moved)
    assert store.event(ev_id("doc-a"))["source_count"] == 1
    assert store.event(ev_id("doc-b"))["source_count"] == 1


def test_a_chain_through_one_place_day_after_day_is_followed_only_near_the_new_report(store):
    # reports of one place on consecutive days chain into one neighbourhood; re-grouping them all
    # at each ingest made storing slower as the store grew
    from datetime import timedelta

    from sqlalchemy import func, select

    from marsad.store import schema as S
    from marsad.store.regroup import HORIZON_WINDOWS, neighbourhood

    for k in range(30):
        store.ingest(report(f"day-{k}", day=(date(2014, 6, 1) + timedelta(days=k)).isoformat()))
    with store.engine.connect() as conn:
        newest = conn.execute(select(func.max(S.event_sources.c.id))).scalar_one()
        found = neighbourhood(conn, [newest], store.dedup)
    days = sorted(r.key.start for r in found.values())
    assert days[-1] == date(2014, 6, 30)
    # the chain is followed HORIZON_WINDOWS windows back, and what those reports match is found
    assert days[0] >= date(2014, 6, 30) - timedelta(days=(HORIZON_WINDOWS + 1) * store.dedup.days)
    assert 1 < len(found) < 30
