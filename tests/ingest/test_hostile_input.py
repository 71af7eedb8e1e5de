"""Hostile and malformed input: every bad line is that line's error, with a reason; good lines
after it are kept; text is sanitised once, with the originals named in the warnings."""

import io
import json

import pytest

from marsad.ingest import IngestError, document_from_record, document_from_text, limits, read_bytes
from marsad.ingest.readers import bounded_lines, json_depth


def _results(lines: list[bytes]) -> list:
    return list(read_bytes(b"\n".join(lines), "in.jsonl"))


def _good(n: int) -> bytes:
    return json.dumps({"id": f"g{n}", "text": "Gunmen killed three soldiers near Kirkuk."}).encode()


HOSTILE = {
    "deep": (b"[" * 5000 + b"]" * 5000, "nested more than 32 levels"),
    "deep_in_record": (b'{"text": "x", "m": ' + b"[" * 3000 + b"]" * 3000 + b"}", "nested more than"),
    "big_int": (b'{"text": "x", "n": ' + b"9" * 5000 + b"}", "5,000 digits, over the limit of 100"),
    "nan": (b'{"text": "x", "n": NaN}', "NaN is not a JSON value"),
    "url_list": (b'{"text": "Rebels shelled Aleppo.", "url": []}', "field 'url' must be text, not a list"),
    "id_object": (b'{"text": "Rebels shelled Aleppo.", "id": {}}', "field 'id' must be text or a number"),
    "date_list": (b'{"text": "Rebels shelled Aleppo.", "date": [2014]}', "the date must be text"),
    "long_id": (json.dumps({"text": "x", "id": "i" * 101}).encode(), "over the limit of 100"),
    "not_json": (b"{not json", "line is not valid JSON"),
    "bad_utf8": (b'{"text": "caf\xe9"}', "invalid UTF-8"),
    "not_object": (b"[1, 2]", "expected a JSON object, got list"),
    "lines": (json.dumps({"text": "a\n" * (limits.MAX_LINES + 1)}).encode(), "lines, over the limit"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_each_hostile_line_is_refused_by_line_and_the_next_is_kept(kind):
    raw, reason = HOSTILE[kind]
    first, bad, last = _results([_good(1), raw, _good(3)])
    assert isinstance(bad, IngestError) and bad.source == "in.jsonl:2"
    assert reason in bad.reason
    assert [first.id, last.id] == ["g1", "g3"]


def test_json_depth_is_measured_outside_strings_and_stops_at_the_limit():
    assert json_depth(b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', 32) == 1
    assert json_depth(b"[" * 100_000, 32) == 33


def test_lone_surrogates_nuls_and_controls_are_replaced_one_for_one_and_named():
    text = "Police arrested ten people in Basra \ud800 and\x00 Kirkuk\x07."
    doc = document_from_record({"id": "s", "text": text, "title": "A\udfff title"})
    assert len(doc.text) == len(text)
    assert doc.text.encode("utf-8")  # storable and printable
    assert doc.text[36] == "\ufffd" and doc.text[41] == " " and "\x07" not in doc.text
    assert doc.title == "A\ufffd title"
    (warning,) = doc.warnings
    assert "36:U+D800" in warning and "41:U+0000" in warning and "49:U+0007" in warning


def test_numbers_as_text_fields_are_converted_and_long_fields_cut():
    doc = document_from_record(
        {"text": "Rebels shelled Aleppo.", "title": 12345, "id": 7, "author": "a" * 500}
    )
    assert doc.title == "12345" and doc.id == "7"
    assert len(doc.author) == limits.MAX_SHORT_FIELD_CHARS
    assert any("author cut to 200" in w for w in doc.warnings)


def test_plain_text_with_control_characters_is_sanitised_too():
    doc = document_from_text("Rebels shelled\x0b Aleppo\x1b on Sunday.")
    assert doc.text == "Rebels shelled\n Aleppo  on Sunday."


def test_a_line_over_the_size_limit_is_read_past_not_held():
    stream = io.BytesIO(b"x" * 5000 + b"\n" + _good(2) + b"\n")
    lines = list(bounded_lines(stream, limit=1000))
    assert len(lines) == 2 and len(lines[0]) == 1001 and lines[1].startswith(b'{"id": "g2"')


def test_a_reader_failure_on_html_is_that_inputs_error(monkeypatch):
    import trafilatura

    def boom(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "bare_extraction", boom)
    (result,) = read_bytes(b"<html><body><p>x</p></body></html>", "page.html")
    assert isinstance(result, IngestError) and "could not be read (RecursionError" in result.reason
