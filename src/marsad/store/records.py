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
    if not data.get("id") or not isinstance(data.get("id"), str | int):
        raise ValueError("a coded document needs an 'id'")
    notes: list[str] = []
    data = _storable(data, "", notes, 0)  # first: its notes name what was dropped and why
    if not isinstance(doc, Document):
        data = well_typed(data, notes)
        mentions = _mentions_from_dict(data)
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


# the coded fields the store reads, by kind: a value of another type is blanked with a note
_DOC_TEXT = ("title", "url", "publication", "author", "source", "format")
_LISTS = ("events", "actors", "relations", "territory", "actor_mentions", "warnings")
MIN_DAY, MAX_DAY = date(1800, 1, 1), date(2199, 12, 31)


def _text(value: Any, limit: int | None = None) -> str | None:
    if not isinstance(value, str):
        return None
    return value if limit is None or len(value) <= limit else None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        return None
    return int(value) if 0 <= value <= MAX_STORED_INT else None


def _degrees(value: Any, limit: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and abs(value) <= limit else None


def _day(value: Any) -> str | None:
    day = parse_date(value) if isinstance(value, str) else None
    return day.isoformat() if day is not None and MIN_DAY <= day <= MAX_DAY else None


def _refs(value: Any) -> list[dict[str, Any]]:
    out = []
    for ref in value if isinstance(value, list) else []:
        if isinstance(ref, dict):
            out.append(
                {
                    **ref,
                    "id": _text(ref.get("id"), 200),
                    "name": _text(ref.get("name")),
                    "text": _text(ref.get("text")),
                }
            )
    return out


def _event(ev: dict[str, Any]) -> dict[str, Any]:
    ev = dict(ev)
    ev["type"] = _text(ev.get("type"), 32) or "OTHER"
    for key in ("mode", "certainty"):
        ev[key] = _text(ev.get(key), 50)
    for key in ("fatalities", "injured"):
        ev[key] = _count(ev.get(key))
    conf = ev.get("confidence")
    ev["confidence"] = (
        float(conf)
        if isinstance(conf, int | float) and not isinstance(conf, bool) and math.isfinite(conf)
        else None
    )
    ev["actors"], ev["recipients"] = _refs(ev.get("actors")), _refs(ev.get("recipients"))
    loc = ev.get("location")
    if isinstance(loc, dict):
        ev["location"] = {
            **loc,
            "geonameid": _count(loc.get("geonameid")),
            "lat": _degrees(loc.get("lat"), 90),
            "lon": _degrees(loc.get("lon"), 180),
            "country_code": _text(loc.get("country_code"), 2),
            "admin1": _text(loc.get("admin1"), 200),
            "name": _text(loc.get("name")),
            "text": _text(loc.get("text")),
            "precision": loc.get("precision") if loc.get("precision") in (1, 2, 3) else None,
        }
        if ev["location"]["lat"] is None or ev["location"]["lon"] is None:
            ev["location"]["lat"] = ev["location"]["lon"] = None
    else:
        ev["location"] = None
    when = ev.get("date")
    ev["date"] = (
        {**when, "start": _day(when.get("start")), "end": _day(when.get("end"))}
        if isinstance(when, dict)
        else {}
    )
    acled = ev.get("acled")
    ev["acled"] = (
        {
            **acled,
            "event_type": _text(acled.get("event_type"), 100),
            "sub_event_type": _text(acled.get("sub_event_type"), 100),
        }
        if isinstance(acled, dict)
        else {}
    )
    evidence = ev.get("evidence")
    ev["evidence"] = (
        {
            "text": _text(evidence.get("text")),
            "start": _count(evidence.get("start")),
            "end": _count(evidence.get("end")),
        }
        if isinstance(evidence, dict)
        else None
    )
    return ev


def well_typed(data: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """A coded-document dict (from an old store, a file or a faulty component) with every field
    the store reads of the type its column holds: lists of dicts, texts, counts within 32 bits,
    coordinates within range, dates within 1800..2199; anything else blanked (one note)."""
    out = dict(data)
    out["id"] = str(data["id"])
    changed: list[str] = []
    for key in _DOC_TEXT:
        if key in out and out[key] is not None and _text(out[key], 4000) is None:
            out[key] = None
            changed.append(key)
    if out.get("date") is not None and _day(out["date"]) is None:
        out["date"] = None
        changed.append("date")
    for key in _LISTS:
        value = out.get(key)
        if value is None:
            continue
        items = value if isinstance(value, list) else []
        kept = [v for v in items if isinstance(v, dict | str if key == "warnings" else dict)]
        if len(kept) != len(items) or not isinstance(value, list):
            changed.append(key)
        out[key] = kept
    events = [_event(ev) for ev in out.get("events") or []]
    if events != (out.get("events") or []):
        changed.append("events")
    out["events"] = events
    out["actors"] = [
        {**a, "id": _text(a.get("id"), 200), "name": _text(a.get("name"))} for a in out.get("actors") or []
    ]
    out["relations"] = [
        r
        for r in out.get("relations") or []
        if _text(r.get("source"), 200) and _text(r.get("target"), 200) and _text(r.get("type"), 32)
    ]
    if changed:
        notes.append(
            "store: fields of the wrong type or out of range blanked: " + ", ".join(sorted(set(changed)))
        )
    return out


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
