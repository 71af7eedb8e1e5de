import io
import json
import sys

import pytest

from marsad.cli import main

pytestmark = pytest.mark.slow


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.strip().splitlines() if line.strip()]


def test_batch_goes_on_past_bad_documents(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Gunmen killed three soldiers near Kirkuk on Monday.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps(
            {"id": "j1", "text": "Police arrested ten protesters in Basra yesterday.", "date": "2015-02-03"}
        )
        + "\n{not json\n"
        + json.dumps({"id": "j2", "text": "Rebels shelled Aleppo."})
        + "\n",
        encoding="utf-8",
    )
    code = main(
        [
            "code",
            str(good),
            str(empty),
            str(binary),
            str(batch),
            "--no-store",
            "--date",
            "2016-03-02",
            "--no-progress",
        ]
    )
    captured = capsys.readouterr()
    docs = _lines(captured.out)
    assert code == 1
    assert [d["id"] for d in docs][1:] == ["j1", "j2"]
    assert docs[0]["date"] == "2016-03-02" and docs[1]["date"] == "2015-02-03"
    assert f"{empty}: empty document" in captured.err
    assert f"{binary}: binary" in captured.err
    assert f"{batch}:2: line is not valid JSON" in captured.err


def test_stdin_plain_text_and_jsonl(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Rebels shelled Aleppo on Sunday.")))
    assert main(["code", "-", "--no-store", "--date", "2016-03-02", "--no-progress"]) == 0
    (doc,) = _lines(capsys.readouterr().out)
    assert doc["date"] == "2016-03-02"
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(b'\n {"id": "s1", "text": "Rebels shelled Aleppo."}\n'))
    )
    assert main(["code", "-", "--no-store", "--no-progress"]) == 0
    (doc,) = _lines(capsys.readouterr().out)
    assert doc["id"] == "s1"


def test_geoparse_command(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("Fighting continued in Mosul and Aleppo.", encoding="utf-8")
    assert main(["geoparse", str(path), "--no-progress"]) == 0
    (doc,) = _lines(capsys.readouterr().out)
    assert set(doc) == {"id", "places", "not_found"}
    assert doc["not_found"] == []  # both names are in the gazetteer
    names = {p["text"] for p in doc["places"]}
    assert {"Mosul", "Aleppo"} <= names
    for p in doc["places"]:
        assert "Fighting continued in Mosul and Aleppo."[p["start"] : p["end"]] == p["text"]


def test_components_lists_versions(capsys):
    assert main(["components"]) == 0
    out = capsys.readouterr().out
    assert "marsad.spacy@1.5" in out and "marsad.date_resolver@1.0" in out


def test_no_command_prints_help(capsys):
    assert main([]) == 2
