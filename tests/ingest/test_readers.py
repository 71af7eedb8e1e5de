import json

from marsad.ingest import IngestError, read_bytes, read_path
from marsad.ingest.readers import MAX_DOCUMENT_BYTES

HTML = b"""<html><head><title>Clashes in Aleppo</title>
<meta name="author" content="Jane Roe"><meta property="og:site_name" content="Reuters">
<meta name="date" content="2016-03-02"></head><body><nav>Home | World</nav><article><h1>Clashes in Aleppo</h1>
<p>Syrian government forces clashed with rebels in eastern Aleppo on Tuesday, killing 12 fighters, a monitoring group said.</p>
<p>The Syrian Observatory for Human Rights said the fighting was the heaviest in weeks and that warplanes struck the Bustan al-Qasr district.</p>
</article><footer>Copyright 2016</footer></body></html>"""


def _split(results):
    docs = [r for r in results if not isinstance(r, IngestError)]
    errors = [r for r in results if isinstance(r, IngestError)]
    return docs, errors


def test_html_reader_extracts_text_and_metadata():
    docs, errors = _split(list(read_bytes(HTML, "page.html")))
    assert not errors
    (doc,) = docs
    assert "clashed with rebels in eastern Aleppo" in doc.text
    assert "Home | World" not in doc.text
    assert doc.date.isoformat() == "2016-03-02"
    assert doc.author == "Jane Roe"
    assert doc.publication == "Reuters"
    assert doc.format == "html"


def test_jsonl_reader_good_and_bad_lines(tmp_path):
    lines = [
        json.dumps(
            {
                "id": "a",
                "text": "Gunmen attacked a checkpoint in Kirkuk.",
                "date": "2015-01-02",
                "title": "T",
                "url": "http://x",
            }
        ),
        "this is not json",
        json.dumps({"text": "Police arrested ten protesters in Basra."}),
        json.dumps({"id": "c"}),
        json.dumps(["a list"]),
        json.dumps({"text": "x", "date": "not a date"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = _split(list(read_path(path)))
    assert [d.id for d in docs][0] == "a"
    assert docs[0].date.isoformat() == "2015-01-02" and docs[0].url == "http://x" and docs[0].title == "T"
    assert docs[1].id.startswith("doc-")
    assert len(docs) == 2
    where = [e.source for e in errors]
    assert where == [f"{path}:2", f"{path}:4", f"{path}:5", f"{path}:6"]
    assert "not valid JSON" in errors[0].reason
    assert "text" in errors[1].reason


def test_bad_files_are_reported_not_raised(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 bomb in Mosul".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Fighting continued in Aleppo. " * (20_000_000 // 30))
    for path, reason in [
        (empty, "empty"),
        (binary, "binary"),
        (latin, "invalid UTF-8"),
        (huge, "over the limit"),
        (tmp_path / "missing.txt", "no such file"),
    ]:
        results = list(read_path(path))
        assert len(results) == 1 and isinstance(results[0], IngestError), path
        assert reason in results[0].reason
        assert results[0].source == str(path)


def test_huge_jsonl_record_is_skipped_others_kept(tmp_path):
    path = tmp_path / "big.jsonl"
    big = "x" * (MAX_DOCUMENT_BYTES + 10)
    path.write_text(json.dumps({"text": big}) + "\n" + json.dumps({"text": "Clashes in Homs."}) + "\n")
    docs, errors = _split(list(read_path(path)))
    assert len(docs) == 1 and len(errors) == 1 and errors[0].source.endswith(":1")


def test_stdin_sniffing():
    docs, _ = _split(list(read_bytes(b'  {"text": "Clashes in Homs."}\n', "<stdin>")))
    assert docs[0].format == "jsonl"
    docs, _ = _split(list(read_bytes(b"Clashes in Homs on Monday.", "<stdin>")))
    assert docs[0].format == "text"


def test_fallback_date_only_when_document_has_none():
    docs, _ = _split(list(read_bytes(b"Clashes in Homs.", "<stdin>", date="2014-06-10")))
    assert docs[0].date.isoformat() == "2014-06-10" and "--date" in docs[0].date_reason
    rec = b'{"text": "Clashes in Homs.", "date": "2015-01-01"}'
    docs, _ = _split(list(read_bytes(rec, "<stdin>", date="2014-06-10")))
    assert docs[0].date.isoformat() == "2015-01-01"
