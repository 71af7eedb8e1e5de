"""The progress bar of ``marsad code``: a total when the inputs can be counted cheaply."""

from __future__ import annotations

import pytest

from marsad.progress import documents_in, expected_documents, progress


def test_counts_documents_of_files_and_jsonl_lines(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("Rebels shelled Aleppo.", encoding="utf-8")
    feed = tmp_path / "b.jsonl"
    feed.write_text('{"id": "1", "text": "x"}\n\n{"id": "2", "text": "y"}\n{broken\n', encoding="utf-8")
    sniffed = tmp_path / "c.txt"  # JSONL by content, as the reader decides
    sniffed.write_text('{"id": "3", "text": "z"}\n{"id": "4", "text": "w"}\n', encoding="utf-8")
    assert documents_in(str(page)) == 1
    assert documents_in(str(feed)) == 3  # the broken line is reported once: it counts
    assert documents_in(str(sniffed)) == 2
    assert documents_in(str(tmp_path / "missing.txt")) == 1
    assert expected_documents([str(page), str(feed), str(sniffed)]) == 6


def test_no_total_for_stdin_or_a_file_too_large_to_count_first(tmp_path, monkeypatch):
    feed = tmp_path / "big.jsonl"
    feed.write_text('{"id": "1", "text": "x"}\n' * 10, encoding="utf-8")
    assert expected_documents(["-"]) is None and expected_documents([]) is None
    monkeypatch.setattr("marsad.progress.COUNT_LIMIT_BYTES", 100)
    assert expected_documents([str(feed)]) is None


def test_the_bar_shows_the_total_and_counts_skipped_inputs(capsys):
    errors: list[str] = []

    def items():
        yield "a"
        errors.append("bad: skipped")
        yield "b"
        errors.append("worse: skipped")

    assert list(progress(items(), total=4, errors=errors, desc="coding", enabled=True)) == ["a", "b"]
    err = capsys.readouterr().err
    assert "4/4" in err and "coding" in err


@pytest.mark.parametrize("total", [3, None])
def test_no_bar_when_disabled(capsys, total):
    assert list(progress(iter("abc"), total=total, errors=[], desc="coding", enabled=False)) == list("abc")
    assert capsys.readouterr().err == ""
