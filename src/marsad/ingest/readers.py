"""Readers: bytes from a file, stdin or an upload → Documents (or IngestErrors).

Input formats:
- plain text (``.txt``): one document; a scraped article page is recognised and its
  metadata and zones read (see :mod:`marsad.ingest.page`);
- HTML (``.html``/``.htm``): main text and metadata extracted with trafilatura;
- JSONL (``.jsonl``): one JSON object per line with ``text`` and optionally ``id``,
  ``title``, ``date``, ``url``, ``source``, ``publication``, ``author``.

A bad document (empty, binary, invalid UTF-8, too large, a line that is not JSON) is
yielded as an :class:`IngestError` naming its path[:line] and the reason; the other
documents go on.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from marsad.ingest.errors import DocumentError, IngestError
from marsad.ingest.ids import document_id
from marsad.ingest.page import looks_like_page, parse_page, publication_name
from marsad.model import Document, Zone

MAX_DOCUMENT_BYTES = 10_000_000
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
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    from dateutil import parser as dateutil_parser

    try:
        return dateutil_parser.parse(text).date()
    except (ValueError, OverflowError) as exc:
        raise DocumentError(f"unreadable date {text!r}") from exc


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
    """A Document from plain text; a scraped page layout is recognised and parsed."""
    if not text.strip():
        raise DocumentError("empty document")
    doc = Document(
        id=doc_id or document_id(text),
        text=text,
        title=title,
        date=parse_date(date),
        url=url,
        source=source,
        publication=publication,
        author=author,
    )
    if doc.date:
        doc.date_reason = "given with the document"
    if looks_like_page(text):
        parse_page(text, doc)
    else:
        doc.zones = [Zone("body", 0, len(text))]
    return doc


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
    doc.author = doc.author or meta.get("author")
    site = meta.get("sitename") or meta.get("hostname")
    if site and doc.publication is None:
        doc.publication = site if " " in site else publication_name(site)
    doc.topics = doc.topics or [t for t in (meta.get("categories") or []) + (meta.get("tags") or []) if t]
    return doc


def document_from_record(record: Any) -> Document:
    """A Document from one JSONL record."""
    if not isinstance(record, dict):
        raise DocumentError(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DocumentError("record has no non-empty 'text' field")
    if len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"text is over the limit of {MAX_DOCUMENT_BYTES:,} bytes")
    doc = document_from_text(
        text,
        date=record.get("date"),
        doc_id=str(record["id"]) if record.get("id") not in (None, "") else None,
        title=record.get("title"),
        url=record.get("url"),
        publication=record.get("publication") or record.get("source"),
        author=record.get("author"),
    )
    doc.format = "jsonl"
    return doc


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
        where = f"{name}:{number}"
        if not seen_text and b"\x00" in raw[:8192]:
            yield IngestError(name, "binary file (NUL bytes), not text")
            return
        seen_text = True
        try:
            line = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            yield IngestError(where, f"invalid UTF-8 at byte {exc.start}: {exc.reason}")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"line is not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        try:
            doc = document_from_record(record)
        except DocumentError as exc:
            yield IngestError(where, str(exc))
            continue
        doc.source = where
        _default_date(doc, fallback_date)
        yield doc
    if not seen_text:
        yield IngestError(name, "empty document")


def read_path(path: str | Path, *, date: date | str | None = None) -> Iterator[Result]:
    """Documents from a file path, or from stdin when ``path`` is ``-``. JSONL is streamed."""
    name = str(path)
    if name == "-":
        stdin = sys.stdin.buffer
        if not hasattr(stdin, "peek"):  # a plain binary stream: buffer it to look ahead
            stdin = io.BufferedReader(stdin)
        if _sniff(stdin.peek(512), name) == "jsonl":
            yield from _read_jsonl(stdin, "<stdin>", parse_date(date) if date else None)
        else:
            yield from read_bytes(stdin.read(), "<stdin>", date=date)
        return
    p = Path(path)
    try:
        if not p.is_file():
            raise DocumentError("no such file" if not p.exists() else "not a regular file")
        if p.suffix.lower() in JSONL_SUFFIXES:
            with p.open("rb") as lines:
                yield from _read_jsonl(lines, name, parse_date(date) if date else None)
            return
        size = p.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentError(f"document is {size:,} bytes, over the limit of {MAX_DOCUMENT_BYTES:,}")
        data = p.read_bytes()
    except (DocumentError, OSError) as exc:
        yield IngestError(name, str(exc) if isinstance(exc, DocumentError) else exc.strerror or str(exc))
        return
    yield from read_bytes(data, name, date=date)
