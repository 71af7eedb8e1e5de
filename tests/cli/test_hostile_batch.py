"""``marsad code`` never dies for one document: each failure is that document's error, named
by path and line; good records after a bad line are kept; exit 1 for skipped documents, 2 when
marsad itself fails; an interrupted run is recorded as such."""

import json
import sqlite3

import pytest

from marsad.cli import main

pytestmark = pytest.mark.slow


def _batch(tmp_path):
    lines = [
        json.dumps({"id": "g1", "text": "Gunmen killed three soldiers near Kirkuk on Monday."}),
        "[" * 5000 + "]" * 5000,
        '{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}",
        json.dumps({"id": "sur", "text": "Police arrested ten protesters in Basra \ud800."}),
        json.dumps({"id": "url", "text": "Rebels shelled Aleppo on Sunday.", "url": []}),
        json.dumps({"id": "g2", "text": "Rebels shelled Aleppo on Sunday, killing two civilians."}),
        json.dumps({"id": "huge", "text": "Killing 99999999999999999999999 soldiers in Kirkuk."}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _db(path):
    conn = sqlite3.connect(path)
    try:
        docs = {row[0] for row in conn.execute("SELECT id FROM documents")}
        runs = conn.execute("SELECT status, owner FROM runs").fetchall()
    finally:
        conn.close()
    return docs, runs


def test_hostile_lines_are_skipped_by_line_and_every_good_record_is_kept(tmp_path, capsys):
    path, db = _batch(tmp_path), tmp_path / "m.db"
    assert main(["code", str(path), "--db", str(db), "--no-progress"]) == 1
    captured = capsys.readouterr()
    printed = [json.loads(line)["id"] for line in captured.out.splitlines()]
    assert printed == ["g1", "sur", "g2", "huge"]
    assert f"skipped {path}:2: JSON nested more than 32 levels deep" in captured.err
    assert f"skipped {path}:3: a number in the line has 5,000 digits" in captured.err
    assert f"skipped {path}:5: field 'url' must be text, not a list" in captured.err
    assert "Traceback" not in captured.err
    docs, runs = _db(db)
    assert docs == set(printed)
    assert [status for status, _ in runs] == ["done with errors"] and runs[0][1]


def test_an_interrupted_run_is_recorded_as_interrupted(tmp_path, monkeypatch, capsys):
    from marsad.store import Store

    path, db = _batch(tmp_path), tmp_path / "m.db"
    calls = []

    def interrupt(self, doc, **kwargs):
        calls.append(doc.id)
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "ingest", interrupt)
    assert main(["code", str(path), "--db", str(db), "--no-progress"]) == 130
    assert calls == ["g1"]
    assert [status for status, _ in _db(db)[1]] == ["interrupted"]


def test_marsad_failing_itself_exits_2_with_a_plain_message(tmp_path, capsys):
    path = _batch(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["code", str(path), "--db", str(blocker / "m.db"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "marsad: failed:" in err and "Traceback" not in err
