"""The date range of an event.

Input: the event's trigger and sentence, ``doc.time_expressions`` (from the dates stage) and
``doc.date``. Output: a :class:`~marsad.model.DateRange` — the time expression that belongs
to the event (head-attached to its trigger if possible, else in its sentence), else the
publication date (granularity "day", with a reason), else an unknown range with a reason.

When the dates stage has not filled ``doc.time_expressions``, the DATE entities of the
sentence are resolved with ``marsad.dates.resolve_expression`` when available, the dates stage's
resolver for relative expressions ("last week", "two weeks ago", "for about six months").
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from spacy.tokens import Span, Token

from marsad.model import DateRange, Document, TimeExpression


def _resolver() -> Callable[[str, date], DateRange | None] | None:
    try:
        from marsad.dates import resolve_expression
    except ImportError:  # the dates stage is not installed
        return None
    return resolve_expression


@lru_cache(maxsize=2048)
def resolve_cached(text: str, anchor: date) -> DateRange | None:
    """``resolve_expression`` memoised: the same DATE entity is met once per event of a
    sentence, and dateparser is slow. Callers get a copy."""
    resolve = _resolver()
    if resolve is None:
        return None
    try:
        return resolve(text, anchor)
    except Exception:  # a rough resolver must not stop the coder
        return None


def sentence_time_expressions(doc: Document, sent: Span) -> list[TimeExpression]:
    """The time expressions inside a sentence: the dates stage's, else resolved DATE entities."""
    found = [t for t in doc.time_expressions if sent.start_char <= t.start < sent.end_char]
    if found or doc.time_expressions or doc.date is None:
        return found
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        cached = resolve_cached(ent.text, doc.date)
        if cached is None:
            continue
        rng = copy.copy(cached)
        rng.text, rng.offset = ent.text, ent.start_char
        rng.reason = rng.reason or "resolved by the events stage from the sentence's DATE entity"
        found.append(TimeExpression(ent.text, ent.start_char, ent.end_char, rng))
    return found


def _attached(expr: TimeExpression, heads: list[Token]) -> bool:
    doc = heads[0].doc
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    cur = root
    for _ in range(4):
        if cur in heads:
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def choose_date(doc: Document, sent: Span, heads: list[Token]) -> DateRange:
    """The date range of an event whose trigger (and governor) are ``heads`` in ``sent``."""
    exprs = [e for e in sentence_time_expressions(doc, sent) if e.range.start or e.range.end]
    if exprs:
        attached = [e for e in exprs if _attached(e, heads)]
        pos = heads[0].idx
        best = (attached or sorted(exprs, key=lambda e: abs(e.start - pos)))[0]
        rng = best.range
        how = "attached to the trigger" if attached else "nearest in the event's sentence"
        return DateRange(
            rng.start,
            rng.end,
            rng.granularity,
            text=best.text,
            offset=best.start,
            reason=f"time expression {best.text!r} {how}",
        )
    if doc.date is not None:
        return DateRange(
            doc.date, doc.date, "day", reason="publication date: no time expression in the event's sentence"
        )
    return DateRange(
        None, None, "unknown", reason="no time expression in the event's sentence and no publication date"
    )
