"""Ingest: idempotence, corrected versions, one transaction per document, resumable batches."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from marsad.model import ActorMention, DateRange, Document, Event, Place, Span
from marsad.store import Store
from marsad.store import schema as S


def _count(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _doc_rows(store: Store, document_id: str) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            t.name: int(
                conn.execute(
                    select(func.count()).select_from(t).where(t.c.document_id == document_id)
                ).scalar_one()
            )
            for t in (S.event_sources, S.mentions, S.sentences, S.relations, S.territory)
        }


def test_open_default_path_creates_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path / "deep" / "data"))
    store = Store.open(None)
    try:
        assert (tmp_path / "deep" / "data" / "marsad.db").is_file()
        assert store.dialect == "sqlite"
        assert store.stats()["documents"] == 0
    finally:
        store.close()


def test_same_document_twice_changes_nothing(store, corpus):
    doc = corpus["documents"][0]
    first = store.ingest(doc)
    assert first.status == "inserted" and first.events_new == len(doc["events"])
    before = store.stats()
    again = store.ingest(copy.deepcopy(doc))
    assert again.status == "unchanged"
    after = store.stats()
    for key in ("documents", "events", "event_sources", "mentions", "sentences", "actors"):
        assert after[key] == before[key], key


def test_document_object_keeps_text_sentences_and_mentions(store):
    text = "Rebels attacked the town of Foo on Monday. Ten people died."
    doc = Document(id="doc-obj", text=text, title="Foo attack")
    ment = ActorMention(text="Rebels", start=0, end=6, actor_id=None, method="ner")
    doc.actor_mentions = [ment]
    doc.events = [
        Event(
            id="e1",
            type="ASSAULT",
            mode=None,
            context=[],
            acled_event_type="Battles",
            acled_sub_event_type="Armed clash",
            actors=[ment],
            recipients=[],
            location=Place(text="Foo", start=28, end=31, lat=10.0, lon=20.0, country_code="IQ"),
            date=DateRange(None, None, "unknown"),
            evidence=Span(text[:42], 0, 42),
        )
    ]
    res = store.ingest(doc)
    assert res.status == "inserted"
    stored = store.document("doc-obj")
    assert stored["text"] == text
    assert _doc_rows(store, "doc-obj")["sentences"] == 2
    unknown = store.unknown_actors()
    assert unknown and unknown[0]["text"] == "Rebels" and unknown[0]["reason"]


def test_corrected_version_replaces_events_and_keeps_history(store, corpus):
    doc = copy.deepcopy(corpus["documents"][0])
    store.ingest(doc)
    old_events = {e["id"] for e in store.events(document=doc["id"])}
    corrected = copy.deepcopy(doc)
    corrected["id"] = "d01-corrected"
    corrected["text"] = doc["text"].replace("Tuesday", "Wednesday")
    corrected["events"] = corrected["events"][:1]
    corrected["events"][0]["date"].update(start="2014-06-11", end="2014-06-11")
    res = store.ingest(corrected)
    assert res.status == "replaced" and res.revision == 2 and res.replaced_id == doc["id"]
    assert store.document(doc["id"]) is None
    assert _doc_rows(store, doc["id"]) == dict.fromkeys(_doc_rows(store, doc["id"]), 0)
    new = store.document("d01-corrected")
    assert new["revision"] == 2 and [r["document_id"] for r in new["revisions"]] == [doc["id"]]
    events = store.events()
    assert len(events) == 1 and events[0]["date"]["start"] == "2014-06-11"
    assert old_events  # the retreat event of the first version is gone, not left behind
    assert store.stats()["document_revisions"] == 1


def test_crash_mid_batch_leaves_no_half_document_and_resumes(store, corpus):
    docs = corpus["documents"][:6]

    def crash_on_third(cd):
        if cd.id == docs[2]["id"]:
            raise RuntimeError("simulated crash")

    store.before_commit = crash_on_third
    with pytest.raises(RuntimeError):
        store.ingest_many(docs)
    assert store.document(docs[2]["id"]) is None
    assert sum(_doc_rows(store, docs[2]["id"]).values()) == 0
    assert store.stats()["documents"] == 2

    store.before_commit = None
    result = store.ingest_many(docs)
    assert result.counts == {"unchanged": 2, "inserted": 4}
    assert store.stats()["documents"] == 6
    runs = store.stats()["last_runs"]
    assert [r["status"] for r in runs[:2]] == ["done", "failed"]
    assert runs[0]["documents_done"] == 6 and runs[1]["documents_done"] == 2


def test_actor_names_are_date_bounded(store, corpus):
    by_id = {d["id"]: d for d in corpus["documents"]}
    for did in ("d02", "d21", "d16"):
        store.ingest(by_id[did])
    isis = store.actor("ISIS")
    assert isis["first_seen"] == "2014-06-11" and isis["last_seen"] == "2014-10-07"
    mention = next(n for n in isis["names"] if n["name"] == "ISIS" and n["kind"] == "mention")
    assert (mention["start_date"], mention["end_date"]) == ("2014-06-11", "2014-10-07")


def test_migrations_run_to_head_and_down(tmp_path):
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    from marsad.store.migrate import alembic_config

    store = Store.open(tmp_path / "m.db")
    cfg = alembic_config(store.engine.url.render_as_string(hide_password=False))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one() == head
    cols = {c["name"] for c in inspect(store.engine).get_columns("events")}
    assert {"latitude", "longitude"} <= cols  # Datasette's map plugin looks for these
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert "events" not in inspect(store.engine).get_table_names()
    store.close()
    Store.open(tmp_path / "m.db").close()  # and up again


def test_the_migrated_store_is_the_schema_the_code_declares(store):
    # every table, column and index of store/schema.py is made by a migration, and nothing else
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from marsad.store.schema import metadata

    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_the_neighbour_lookup_reads_only_indexes(tmp_path, corpus):
    # a report's row holds its coded event before the columns the lookup reads: the lookup must
    # be answered from the date and event indexes alone (SQLite's plan is read)
    from .conftest import lookup_plans

    store = Store.open(tmp_path / "plans.db")
    store.ingest(copy.deepcopy(corpus["documents"][0]))
    plans = lookup_plans(store, "date_start <=")
    doc = copy.deepcopy(corpus["documents"][0])
    doc["id"] = "again"
    store.ingest(doc)
    store.close()
    assert plans
    for plan in plans:
        assert "COVERING INDEX ix_event_sources_date_start" in plan, plan
        assert "COVERING INDEX ix_event_sources_event_id" in plan, plan


def test_events_without_or_with_repeated_ids_are_all_kept(store, corpus):
    doc = copy.deepcopy(corpus["documents"][0])
    doc["id"] = "dup-ids"
    doc["events"][1]["id"] = doc["events"][0]["id"]
    doc["events"].append({**copy.deepcopy(doc["events"][0]), "id": None, "type": "AGREE"})
    res = store.ingest(doc)
    assert len(res.event_ids) == 3 and len(set(res.event_ids)) == 3
