"""Readers: bytes from a file, stdin or an upload → Documents (or IngestErrors).

Input formats:
- plain text (``.txt``): one document; a scraped article page is recognised and its
  metadata and zones read (see :mod:`marsad.ingest.page`);
- HTML (``.html``/``.htm``): main text and metadata extracted with trafilatura;
- JSONL (``.jsonl``): one JSON object per line with ``text`` and optionally ``id``,
  ``title``, ``date``, ``url``, ``source``, ``publication``, ``author``.

A bad document (empty, binary, invalid UTF-8, over a limit of :mod:`marsad.ingest.limits`,
a line that is not JSON, a field of the wrong type) is yielded as an :class:`IngestError`
naming its path[:line] and the reason; the other documents go on. No exception a reader
meets with one input escapes it. Text is sanitised here, once (:mod:`marsad.ingest.sanitize`).
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from marsad.ingest import limits
from marsad.ingest.errors import DocumentError, IngestError
from marsad.ingest.ids import document_id
from marsad.ingest.page import looks_like_page, parse_page, publication_name
from marsad.ingest.sanitize import clean_field, describe, sanitize
from marsad.model import Document, Zone

MAX_DOCUMENT_BYTES = limits.MAX_DOCUMENT_BYTES
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

Result = Document | IngestError


def parse_date(value: Any) -> date | None:
    """A date from ISO text, a datetime or a date; raises DocumentError when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise DocumentError(f"the date must be text such as 2014-06-10, not {_kind(value)}")
    text = clean_field(str(value))
    if len(text) > limits.MAX_DATE_CHARS:
        raise DocumentError(
            f"the date is {len(text):,} characters long, over the limit of {limits.MAX_DATE_CHARS}"
        )
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    from dateutil import parser as dateutil_parser

    try:
        return dateutil_parser.parse(text).date()
    except Exception as exc:  # dateutil raises more than ValueError on odd text
        raise DocumentError(f"unreadable date {text[:40]!r}") from exc


def _kind(value: Any) -> str:
    """A JSON-ish name for the type of a value, for reasons given to people."""
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def decode(data: bytes) -> str:
    """UTF-8 text from bytes, refusing binary data and invalid UTF-8 with a clear reason."""
    if not data.strip():
        raise DocumentError("empty document")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"document is {len(data):,} bytes, over the limit of {MAX_DOCUMENT_BYTES:,}")
    head = data[:8192]
    if b"\x00" in head:
        raise DocumentError("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"invalid UTF-8 at byte {exc.start}: {exc.reason}") from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise DocumentError("binary file (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def document_from_text(
    text: str,
    *,
    date: date | str | None = None,
    doc_id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    publication: str | None = None,
    author: str | None = None,
) -> Document:
    """A Document from plain text; a scraped page layout is recognised and parsed.

    The text is sanitised (see :mod:`marsad.ingest.sanitize`) and held to the limits of
    :mod:`marsad.ingest.limits`; metadata values are sanitised and cut to the store's sizes.
    """
    if not text.strip():
        raise DocumentError("empty document")
    _check_lines(text)
    text, replaced = sanitize(text)
    warnings = [describe(replaced)] if replaced else []
    doc = Document(
        id=_bounded(doc_id, "id", limits.MAX_ID_CHARS) or document_id(text),
        text=text,
        title=_short(title, "title", limits.MAX_TITLE_CHARS, warnings),
        date=parse_date(date),
        url=_bounded(url, "url", limits.MAX_URL_CHARS),
        source=source,
        publication=_short(publication, "publication", limits.MAX_SHORT_FIELD_CHARS, warnings),
        author=_short(author, "author", limits.MAX_SHORT_FIELD_CHARS, warnings),
        warnings=warnings,
    )
    if doc.date:
        doc.date_reason = "given with the document"
    if looks_like_page(text):
        parse_page(text, doc)
    else:
        doc.zones = [Zone("body", 0, len(text))]
    return doc


def _check_lines(text: str) -> None:
    lines = text.count("\n") + 1
    if lines > limits.MAX_LINES:
        raise DocumentError(f"document has {lines:,} lines, over the limit of {limits.MAX_LINES:,}")


def _bounded(value: str | None, name: str, limit: int) -> str | None:
    """A cleaned identifier field (id, url), refused when longer than ``limit``."""
    if value is None:
        return None
    value = clean_field(value)
    if len(value) > limit:
        raise DocumentError(f"the {name} is {len(value):,} characters long, over the limit of {limit:,}")
    return value or None


def _short(value: str | None, name: str, limit: int, warnings: list[str]) -> str | None:
    """A metadata value sanitised and cut to ``limit`` characters (said in the warnings)."""
    if value is None:
        return None
    value = clean_field(value)
    if len(value) > limit:
        warnings.append(f"ingest: {name} cut to {limit} characters (it had {len(value):,})")
        value = value[:limit].rstrip()
    return value or None


def read_html(html: str, *, source: str | None = None, doc_id: str | None = None) -> Document:
    """Main text and metadata of an HTML page (trafilatura); offsets are into the main text."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, favor_precision=True
    )
    if extracted is None:
        raise DocumentError("no article text found in the HTML page")
    meta = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = meta.get("text") or ""
    if not text.strip():
        raise DocumentError("no article text found in the HTML page")
    doc = document_from_text(text, doc_id=doc_id, title=meta.get("title"), url=meta.get("url"), source=source)
    doc.format = "html"
    try:
        found = parse_date(meta.get("date"))
    except DocumentError:
        found = None
    if found and doc.date is None:
        doc.date, doc.date_reason = found, "HTML metadata"
    doc.author = doc.author or _short(
        meta.get("author"), "author", limits.MAX_SHORT_FIELD_CHARS, doc.warnings
    )
    site = meta.get("sitename") or meta.get("hostname")
    if site and doc.publication is None:
        site = site if " " in site else publication_name(site)
        doc.publication = _short(site, "publication", limits.MAX_SHORT_FIELD_CHARS, doc.warnings)
    doc.topics = doc.topics or [t for t in (meta.get("categories") or []) + (meta.get("tags") or []) if t]
    return doc


def document_from_record(record: Any) -> Document:
    """A Document from one JSONL record."""
    if not isinstance(record, dict):
        raise DocumentError(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DocumentError("record has no non-empty 'text' field")
    if (
        len(text) > MAX_DOCUMENT_BYTES // 4
        and len(text.encode("utf-8", "surrogatepass")) > MAX_DOCUMENT_BYTES
    ):
        raise DocumentError(f"text is over the limit of {MAX_DOCUMENT_BYTES:,} bytes")
    doc = document_from_text(
        text,
        date=record.get("date"),
        doc_id=_text_field(record, "id"),
        title=_text_field(record, "title"),
        url=_text_field(record, "url", numbers=False),
        publication=_text_field(record, "publication") or _text_field(record, "source"),
        author=_text_field(record, "author"),
    )
    doc.format = "jsonl"
    return doc


def _text_field(record: dict[str, Any], name: str, *, numbers: bool = True) -> str | None:
    """A record's text field: a string, or a number written as text (``numbers``); any other
    type refuses the record, since storing it raw would break what reads the store later."""
    value = record.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if numbers and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    expected = "text or a number" if numbers else "text"
    raise DocumentError(f"field {name!r} must be {expected}, not {_kind(value)}")


def _sniff(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    head = data.lstrip()[:512]
    if head.startswith(b"{"):
        return "jsonl"
    if re.match(rb"(?i)<(!doctype html|html|head|body)\b", head):
        return "html"
    return "text"


def read_bytes(
    data: bytes, name: str, *, fmt: str | None = None, date: date | str | None = None
) -> Iterator[Result]:
    """Documents from the bytes of one input (file, stdin or upload) named ``name``.

    ``date`` is the article date to use where a document gives none.
    """
    fmt = fmt or _sniff(data, name)
    fallback_date = parse_date(date) if date else None
    if fmt == "jsonl":
        yield from _read_jsonl(data.split(b"\n"), name, fallback_date)
        return
    try:
        text = decode(data)
        doc = read_html(text, source=name) if fmt == "html" else document_from_text(text, source=name)
    except DocumentError as exc:
        yield IngestError(name, str(exc))
        return
    except Exception as exc:  # noqa: BLE001 - a parser failing on one input is that input's error
        yield IngestError(name, f"the document could not be read ({type(exc).__name__}: {str(exc)[:200]})")
        return
    doc.source = name
    _default_date(doc, fallback_date)
    yield doc


def _default_date(doc: Document, fallback: date | None) -> None:
    if fallback and doc.date is None:
        doc.date, doc.date_reason = fallback, "given with --date"


def _read_jsonl(lines: Iterable[bytes], name: str, fallback_date: date | None) -> Iterator[Result]:
    """Documents from JSONL lines, streamed: a corpus of any size is never held in memory."""
    seen_text = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if not seen_text and b"\x00" in raw[:8192]:
            yield IngestError(name, "binary file (NUL bytes), not text")
            return
        seen_text = True
        yield _jsonl_document(raw, f"{name}:{number}", fallback_date)
    if not seen_text:
        yield IngestError(name, "empty document")


def _jsonl_document(raw: bytes, where: str, fallback_date: date | None) -> Result:
    """One JSONL line as a Document, or an IngestError saying why not; never raises."""
    try:
        doc = document_from_record(parse_json_line(raw))
        doc.source = where
        _default_date(doc, fallback_date)
        return doc
    except DocumentError as exc:
        return IngestError(where, str(exc))
    except Exception as exc:  # noqa: BLE001 - any failure of one line is that line's error
        return IngestError(where, f"the line could not be read ({type(exc).__name__}: {str(exc)[:200]})")


_JSON_STRING_OR_BRACKET = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def json_depth(raw: bytes, limit: int) -> int:
    """How deep arrays and objects nest in a JSON text, counted up to ``limit + 1`` (linear)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return min(raw.count(b"[") + raw.count(b"{"), limit)
    depth = deepest = 0
    for m in _JSON_STRING_OR_BRACKET.finditer(raw):
        token = m.group()
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > limits.MAX_INT_DIGITS:
        raise DocumentError(
            f"a number in the line has {len(digits.lstrip('-')):,} digits, over the limit of {limits.MAX_INT_DIGITS}"
        )
    return int(digits)


def _no_constant(name: str) -> Any:
    raise DocumentError(f"{name} is not a JSON value")


def parse_json_line(raw: bytes) -> Any:
    """One JSONL line decoded and parsed, held to the size, depth and number limits."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"line is {len(raw):,} bytes, over the limit of {MAX_DOCUMENT_BYTES:,}")
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"invalid UTF-8 at byte {exc.start}: {exc.reason}") from exc
    if json_depth(raw, limits.MAX_JSON_DEPTH) > limits.MAX_JSON_DEPTH:
        raise DocumentError(f"JSON nested more than {limits.MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(line, parse_int=_bounded_int, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"line is not valid JSON: {exc.msg} (column {exc.colno})") from exc
    except RecursionError as exc:
        raise DocumentError("JSON nested too deep to read") from exc


def bounded_lines(stream: IO[bytes], limit: int = MAX_DOCUMENT_BYTES) -> Iterator[bytes]:
    """The lines of a binary stream; a line over ``limit`` bytes is read past, not held, and
    yielded cut to ``limit + 1`` bytes so that the reader refuses it by its size."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        yield line


def read_jsonl(stream: IO[bytes], name: str, *, date: date | str | None = None) -> Iterator[Result]:
    """Documents from a binary stream of JSONL named ``name`` (a file, a decompressed ``.gz``,
    an fsspec file), streamed; each document's source is ``name:line``."""
    yield from _read_jsonl(bounded_lines(stream), name, parse_date(date) if date else None)


def read_path(path: str | Path, *, date: date | str | None = None) -> Iterator[Result]:
    """Documents from a file path, or from stdin when ``path`` is ``-``. JSONL is streamed."""
    name = str(path)
    if name == "-":
        stdin = sys.stdin.buffer
        if not hasattr(stdin, "peek"):  # a plain binary stream: buffer it to look ahead
            stdin = io.BufferedReader(stdin)
        if _sniff(stdin.peek(512), name) == "jsonl":
            yield from _read_jsonl(bounded_lines(stdin), "<stdin>", parse_date(date) if date else None)
        else:
            yield from read_bytes(stdin.read(), "<stdin>", date=date)
        return
    p = Path(path)
    try:
        if not p.is_file():
            raise DocumentError("no such file" if not p.exists() else "not a regular file")
        if p.suffix.lower() in JSONL_SUFFIXES:
            with p.open("rb") as stream:
                yield from _read_jsonl(bounded_lines(stream), name, parse_date(date) if date else None)
            return
        size = p.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentError(f"document is {size:,} bytes, over the limit of {MAX_DOCUMENT_BYTES:,}")
        data = p.read_bytes()
    except (DocumentError, OSError) as exc:
        yield IngestError(name, str(exc) if isinstance(exc, DocumentError) else exc.strerror or str(exc))
        return
    yield from read_bytes(data, name, date=date)
