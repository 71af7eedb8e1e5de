"""``marsad actors resolve -``: one query per line in, one JSON object per query out."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.actors.lookup import parse_query, resolve_lines


def fake_resolver(text: str, day: date | None) -> list[dict]:
    if "ISIS" not in text:
        return []
    start = text.index("ISIS")
    row = {"text": "ISIS", "start": start, "end": start + 4, "id": "ISIS", "name": "Islamic State"}
    return [{**row, "kind": "organization", "sector": "REB", "country": None, "wikidata": None,
             "method": "alias", "reason": f"day {day}"}]  # fmt: skip


def test_parse_query_forms():
    assert parse_query("ISIS fighters\n") == ("ISIS fighters", None)
    assert parse_query('"the \\"group\\""') == ('the "group"', None)
    assert parse_query('{"text": "ISIS", "date": "2014-06-10"}') == ("ISIS", date(2014, 6, 10))
    with pytest.raises(ValueError):
        parse_query("{not json")
    with pytest.raises(ValueError):
        parse_query('{"date": "2014-01-01"}')


def test_one_answer_per_line_in_order():
    lines = [
        "ISIS attacked\n",
        '"nothing here"\n',
        "\n",
        "{bad\n",
        '{"text": "ISIS", "date": "2014-06-10"}\n',
    ]
    out = list(resolve_lines(lines, fake_resolver, date(2020, 1, 1)))
    assert [o["query"] for o in out] == ["ISIS attacked", "nothing here", "", "{bad", "ISIS"]
    assert out[0]["id"] == "ISIS" and out[0]["sector"] == "REB" and out[0]["mentions"][0]["start"] == 0
    assert out[1]["id"] is None and out[1]["reason"] == "no actor found in the query"
    assert "error" in out[3]
    assert out[4]["mentions"][0]["reason"] == "day 2014-06-10"  # the line's date wins
    assert out[0]["mentions"][0]["reason"] == "day 2020-01-01"
