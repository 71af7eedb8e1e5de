"""Reviews are facts that survive: stored once, shown everywhere, kept through re-ingest of the
same or a corrected document, listed in the event's history; a correction of the document that
changes the reviewed event flags it for re-review."""

from __future__ import annotations

import copy
import json

import pytest

from marsad.cli import main
from marsad.store import Store, stable_event_id

TEXT = "Gunmen attacked a checkpoint in Mosul on Monday, killing 12 soldiers. A market reopened in Erbil."


def coded(fatalities: int = 12, *, title: str = "Checkpoint attack", doc_id: str = "doc-review-1") -> dict:
    """A coded document with one attack (and its text), as ``marsad code`` prints it."""
    evidence = TEXT.split(". ")[0] + "."
    return {
        "id": doc_id,
        "title": title,
        "date": "2016-03-08",
        "text": TEXT,
        "events": [
            {
                "id": "e1",
                "type": "ASSAULT",
                "acled": {"event_type": "Violence against civilians", "sub_event_type": "Attack"},
                "actors": [{"id": "name:gunmen", "name": "Gunmen", "text": "Gunmen", "start": 0, "end": 6}],
                "recipients": [{"id": "IRQ_MIL", "name": "Iraqi Army", "text": "soldiers"}],
                "location": {
                    "name": "Mosul",
                    "geonameid": 99072,
                    "lat": 36.335,
                    "lon": 43.119,
                    "country_code": "IQ",
                    "precision": 1,
                },
                "date": {"start": "2016-03-07", "end": "2016-03-07", "granularity": "day"},
                "evidence": {"text": evidence, "start": 0, "end": len(evidence)},
                "certainty": "asserted",
                "fatalities": fatalities,
                "confidence": 0.9,
            }
        ],
        "actors": [{"id": "IRQ_MIL", "name": "Iraqi Army", "aliases": []}],
    }


EV = stable_event_id("doc-review-1", "e1")


@pytest.fixture
def reviewed(store):
    store.ingest(coded())
    store.review(
        EV, reviewer="ana", status="verified", corrections={"fatalities": 11}, note="11 per the ministry"
    )
    return store


def test_a_review_is_stored_once_and_shown_everywhere(reviewed):
    ev = reviewed.event(EV)
    assert ev["status"] == "verified" and ev["fatalities"] == 11
    assert ev["corrections"]["fatalities"] == {"value": 11, "coded": 12}
    assert [r["reviewer"] for r in ev["reviews"]] == ["ana"]
    assert ev["reviews"][0]["changes"] == {"fatalities": [12, 11]} and ev["reviews"][0]["note"]
    assert [h["action"] for h in ev["history"]] == ["create", "review"]
    row = reviewed.event_rows(status="verified")[0]
    assert row["id"] == EV and row["fatalities"] == 11 and not row["needs_review"]
    assert reviewed.stats()["event_reviews"] == 1


def test_re_ingesting_the_same_document_changes_nothing(reviewed):
    assert reviewed.ingest(coded()).status == "unchanged"
    ev = reviewed.event(EV)
    assert ev["status"] == "verified" and ev["fatalities"] == 11 and not ev["needs_review"]


def test_a_corrected_document_that_leaves_the_event_as_reviewed_keeps_the_review(reviewed):
    result = reviewed.ingest(coded(title="Checkpoint attack (updated)"))
    assert result.status == "replaced" and result.event_ids == [EV]
    ev = reviewed.event(EV)
    assert ev["status"] == "verified" and ev["fatalities"] == 11 and not ev["needs_review"]
    assert ev["corrections"]["fatalities"] == {"value": 11, "coded": 12}
    assert [h["action"] for h in ev["history"]].count("review") == 1


def test_a_corrected_document_that_changes_the_event_flags_it_for_re_review(reviewed, capsys):
    reviewed.ingest(coded(fatalities=15))  # the article now says 15
    ev = reviewed.event(EV)
    assert ev["status"] == "verified"  # the review stays, visibly in question
    assert ev["needs_review"] and "fatalities 12 → 15" in ev["review_reason"]
    assert ev["fatalities"] == 11 and ev["corrections"]["fatalities"]["coded"] == 15
    assert [r["id"] for r in reviewed.event_rows(needs_review=True)] == [EV]
    db = reviewed.engine.url.database
    if db and reviewed.dialect == "sqlite":
        assert main(["events", "show", EV, "--db", db]) == 0
        assert "NEEDS RE-REVIEW" in capsys.readouterr().out
        assert main(["events", "--needs-review", "--db", db, "--format", "json"]) == 0
        assert [e["id"] for e in json.loads(capsys.readouterr().out)] == [EV]
    # reviewed again: settled
    reviewed.review(EV, reviewer="ana", status="verified", corrections={"fatalities": None}, note="15 it is")
    ev = reviewed.event(EV)
    assert not ev["needs_review"] and ev["fatalities"] == 15 and ev["corrections"] == {}


def test_a_rejection_survives_a_corrected_document_and_absorbs_no_merge(store):
    store.ingest(coded())
    store.review(EV, reviewer="ana", status="rejected", note="a drill, not an attack")
    store.ingest(coded(title="Checkpoint drill"))  # replaced: the event is re-created with its id
    assert store.event(EV)["status"] == "rejected"
    other = store.ingest(coded(doc_id="doc-review-2"))  # another report of the same
    assert other.event_ids != [EV] and store.event(EV)["source_count"] == 1


def test_reviews_from_the_cli_are_the_store_s(tmp_path, capsys):
    db = str(tmp_path / "cli.db")
    store = Store.open(db)
    store.ingest(coded())
    store.close()
    argv = ["events", "review", EV, "rejected", "--note", "duplicate", "--reviewer", "bo", "--db", db]
    assert main(argv) == 0 and "candidate → rejected" in capsys.readouterr().out
    argv = [
        "events",
        "review",
        EV,
        "--set",
        "acled.sub_event_type=Armed clash",
        "--reviewer",
        "bo",
        "--db",
        db,
    ]
    assert main(argv) == 0
    assert main(["events", "review", EV, "verified", "--set", "fatalities=many", "--db", db]) == 2
    assert "fatalities" in capsys.readouterr().err
    assert main(["events", "review", EV, "approved", "--db", db]) == 2
    ev = Store.open(db).event(EV)
    assert ev["status"] == "rejected" and ev["acled"]["sub_event_type"] == "Armed clash"
    assert [r["status_to"] for r in ev["reviews"]] == ["rejected", "rejected"]


def test_bad_reviews_write_nothing(reviewed):
    for kwargs in (
        {"status": "approved"},
        {"corrections": {"text": "x"}},
        {"corrections": {"fatalities": -1}},
    ):
        with pytest.raises(ValueError):
            reviewed.review(EV, reviewer="x", **kwargs)
    with pytest.raises(KeyError):
        reviewed.review("ev-missing", reviewer="x", status="verified")
    assert len(reviewed.event(EV)["reviews"]) == 1


def test_the_old_status_words_are_migrated(tmp_path):
    """A store made before the one set of status words: new → candidate, confirmed → verified."""
    from sqlalchemy import text

    from marsad.store.migrate import upgrade

    db = tmp_path / "old.db"
    store = Store.open(db, migrate=False)
    upgrade(store.engine, "0002")
    old = copy.deepcopy(coded())
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO events (id, type, source_count, status, negated, data, created_at, updated_at) "
                "VALUES ('ev-a', 'ASSAULT', 1, 'new', 0, :d, '2020-01-01', '2020-01-01'), "
                "('ev-b', 'ASSAULT', 1, 'confirmed', 0, :d, '2020-01-01', '2020-01-01')"
            ),
            {"d": json.dumps(old["events"][0])},
        )
    upgrade(store.engine)
    with store.engine.connect() as conn:
        assert dict(conn.execute(text("SELECT id, status FROM events")).all()) == {
            "ev-a": "candidate",
            "ev-b": "verified",
        }
