"""Turn a coded document (``Document`` or its ``to_dict()``) into what the store keeps.

Input: a :class:`marsad.model.Document` or a coded-document dict (as printed by
``marsad code``; an optional ``"text"`` key carries the full text).
Output: a :class:`CodedDoc`: the public dict, the text (or None), its hashes, and the
sentence and mention spans (offsets into the text).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marsad.model import Document

_SENTENCE_END = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|\n|$)")
MAX_STORED_INT = 2**31 - 1  # INTEGER columns of PostgreSQL; SQLite's are wider, Python's unbounded
MAX_NESTING = 64  # a coded document is a few levels deep; deeper is not one
_UNSAFE_TEXT = re.compile(r"[\x00\ud800-\udfff]")


@dataclass
class CodedDoc:
    """A coded document normalised for storage."""

    data: dict[str, Any]
    text: str | None
    content_hash: str
    coding_hash: str
    sentences: list[tuple[int, int, str]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def url(self) -> str | None:
        return self.data.get("url") or None

    @property
    def pub_date(self) -> date | None:
        return parse_date(self.data.get("date"))


def parse_date(value: Any) -> date | None:
    """An ISO date (``YYYY-MM-DD``, or longer ISO datetime) as a ``date``; None when empty/invalid."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    """The document content hash (the same one ``Document.content_hash`` gives)."""
    try:
        from marsad.ingest.ids import content_hash
    except ImportError:  # pragma: no cover - the ingest package is always there in a full install
        return _sha256(text)
    return content_hash(text)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """A light sentence splitter for documents given without a spaCy Doc: (start, end, text)."""
    out = []
    for m in _SENTENCE_END.finditer(text):
        chunk = m.group(0)
        stripped = chunk.strip()
        if not stripped:
            continue
        start = m.start() + (len(chunk) - len(chunk.lstrip()))
        out.append((start, start + len(stripped), stripped))
    return out


def coded_doc(doc: Document | dict[str, Any]) -> CodedDoc:
    """Normalise a ``Document`` or a coded-document dict for the store.

    Raises ``ValueError`` when the document has no ``id``.
    """
    if isinstance(doc, Document):
        data = doc.to_dict()
        text: str | None = doc.text
        sentences = _spacy_sentences(doc) or split_sentences(doc.text)
        mentions = [_mention_from_obj(m) for m in doc.actor_mentions]
    else:
        data = {k: v for k, v in doc.items() if k != "text"}
        text = doc.get("text") if isinstance(doc.get("text"), str) else None
        sentences = split_sentences(text) if text else []
        mentions = _mentions_from_dict(data)
    if not data.get("id"):
        raise ValueError("a coded document needs an 'id'")
    notes: list[str] = []
    data = _storable(data, "", notes, 0)
    if text is not None and _UNSAFE_TEXT.search(text):
        text = _UNSAFE_TEXT.sub(_safe_char, text)
        sentences = [(start, end, _UNSAFE_TEXT.sub(_safe_char, t)) for start, end, t in sentences]
        mentions = [_storable(m, "mention", [], 0) for m in mentions]
        notes.append("store: text: NUL or lone surrogate characters replaced (the store cannot hold them)")
    if notes:
        data["warnings"] = [*(data.get("warnings") or []), *notes]
    if text is not None:
        chash = text_hash(text)
    else:
        chash = str(data.get("content_hash") or _sha256("id:" + str(data["id"])))
    return CodedDoc(
        data=data,
        text=text,
        content_hash=chash,
        coding_hash=_sha256(canonical_json(data)),
        sentences=sentences,
        mentions=mentions,
    )


def _safe_char(m: re.Match[str]) -> str:
    return " " if m.group() == "\x00" else "\ufffd"


def _storable(value: Any, path: str, notes: list[str], depth: int) -> Any:
    """``value`` with what no store column or JSON value can hold made safe, one note per
    change: integers past :data:`MAX_STORED_INT` ("killing 99999999999999999999999 soldiers")
    and non-finite numbers dropped (None), NUL and lone surrogates in text replaced."""
    if depth > MAX_NESTING:
        raise ValueError(f"the coded document is nested more than {MAX_NESTING} levels deep")
    if isinstance(value, dict):
        return {
            k: _storable(v, f"{path}.{k}" if path else str(k), notes, depth + 1) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_storable(v, f"{path}[{n}]", notes, depth + 1) for n, v in enumerate(value)]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int) and abs(value) > MAX_STORED_INT:
        bits = value.bit_length()  # str() of a huge int is itself refused past 4,300 digits
        shown = str(value) if bits < 128 else f"a number of about {int(bits * 0.30103):,} digits"
        notes.append(f"store: {path} {shown} dropped: over the store's integer limit of {MAX_STORED_INT:,}")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        notes.append(f"store: {path} {value} dropped: not a finite number")
        return None
    if isinstance(value, str) and _UNSAFE_TEXT.search(value):
        notes.append(f"store: {path}: NUL or lone surrogate characters replaced")
        return _UNSAFE_TEXT.sub(_safe_char, value)
    return value


def _spacy_sentences(doc: Document) -> list[tuple[int, int, str]]:
    sdoc = doc.spacy_doc
    if sdoc is None:
        return []
    try:
        sents = list(sdoc.sents)
    except (ValueError, AttributeError):  # no sentence boundaries set
        return []
    out = []
    for s in sents:
        if s.text.strip():
            out.append((s.start_char, s.end_char, doc.text[s.start_char : s.end_char]))
    return out


def _mention_from_obj(m: Any) -> dict[str, Any]:
    return {
        "actor_id": m.actor_id,
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "method": m.method or None,
        "kind": m.kind,
        "sector": m.sector,
        "country": m.country,
        "score": m.score,
    }


def _mentions_from_dict(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Mentions of a dict document: the actors' mention spans, plus unresolved event actor refs."""
    seen: set[tuple[int, int]] = set()
    out: list[dict[str, Any]] = []
    for actor in data.get("actors") or []:
        for span in actor.get("mentions") or []:
            key = (span.get("start"), span.get("end"))
            if key in seen or span.get("start") is None:
                continue
            seen.add(key)
            out.append(
                {
                    "actor_id": actor.get("id"),
                    "text": span.get("text") or "",
                    "start": span["start"],
                    "end": span["end"],
                    "method": None,
                    "kind": actor.get("kind"),
                    "sector": actor.get("sector"),
                    "country": actor.get("country"),
                    "score": None,
                }
            )
    for event in data.get("events") or []:
        for ref in (event.get("actors") or []) + (event.get("recipients") or []):
            key = (ref.get("start"), ref.get("end"))
            if key in seen or ref.get("start") is None:
                continue
            seen.add(key)
            out.append(
                {
                    "actor_id": ref.get("id"),
                    "text": ref.get("text") or "",
                    "start": ref["start"],
                    "end": ref["end"],
                    "method": ref.get("method") or None,
                    "kind": ref.get("kind"),
                    "sector": ref.get("sector"),
                    "country": ref.get("country"),
                    "score": None,
                }
            )
    return out
