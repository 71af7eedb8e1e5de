"""What no store column can hold is made safe with a note; runs whose process died are
marked interrupted; refusals are said in plain words."""

import subprocess
import sys

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from marsad.store import Store
from marsad.store import schema as S
from marsad.store.connection import now_utc
from marsad.store.errors import store_error_reason
from marsad.store.owner import owner_alive, process_owner


def test_a_toll_of_23_digits_is_dropped_with_a_reason_and_the_document_stored(tmp_path):
    store = Store.open(tmp_path / "m.db")
    event = {"id": "e1", "type": "ASSAULT", "fatalities": 99999999999999999999999, "confidence": float("inf")}
    result = store.ingest(
        {"id": "huge", "text": "Killing 99999999999999999999999 soldiers.", "events": [event]}
    )
    assert result.status == "inserted"
    doc = store.document("huge")
    assert doc is not None
    with store.engine.connect() as conn:
        assert conn.execute(select(S.events.c.fatalities)).scalar_one() is None
        data = conn.execute(select(S.documents.c.data)).scalar_one()
    assert any("fatalities 99999999999999999999999 dropped" in w for w in data["warnings"])


def test_nul_and_surrogates_in_a_dict_document_are_replaced(tmp_path):
    store = Store.open(tmp_path / "m.db")
    store.ingest({"id": "n", "text": "a\x00b\ud800c", "title": "t\x00"})
    with store.engine.connect() as conn:
        text, title = conn.execute(select(S.documents.c.text, S.documents.c.title)).one()
    assert text == "a b\ufffdc" and title == "t "


def test_a_run_whose_process_died_is_marked_interrupted_and_a_live_one_is_not(tmp_path):
    store = Store.open(tmp_path / "m.db")
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_owner = process_owner(child.pid)
    child.wait()
    assert owner_alive(dead_owner) is False and owner_alive(process_owner()) is True
    assert owner_alive("elsewhere:1:1") is None
    live = store.start_run()
    with store.engine.begin() as conn:
        dead = conn.execute(
            insert(S.runs).values(started_at=now_utc(), status="running", documents_done=0, owner=dead_owner)
        ).inserted_primary_key[0]
        conn.execute(update(S.runs).where(S.runs.c.id == live).values(status="running"))
    store.start_run()
    with store.engine.connect() as conn:
        status = dict(conn.execute(select(S.runs.c.id, S.runs.c.status)).all())
    assert status[dead] == "interrupted" and status[live] == "running"


def test_store_refusals_are_said_plainly_without_the_statement():
    exc = IntegrityError(
        "INSERT INTO documents ... [parameters: (a whole article)]", {}, Exception("UNIQUE failed")
    )
    reason = store_error_reason(exc)
    assert reason.startswith("a value conflicts with what the store holds") and "parameters" not in reason
