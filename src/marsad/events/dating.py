"""The date range of an event.

Input: the event's trigger and sentence, ``doc.time_expressions`` (from the dates stage) and
``doc.date``. Output: a :class:`~marsad.model.DateRange` — the time expression that belongs
to the event (head-attached to its trigger if possible, else in its sentence), else the
publication date (granularity "day", with a reason), else an unknown range with a reason.

When the dates stage has not filled ``doc.time_expressions``, the DATE entities of the
sentence are resolved with ``marsad.dates.resolve_expression`` when available, else with the
small fallback resolver here (relative expressions such as "last week", "two weeks ago",
"in April", "for about six months", "several months ago").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from spacy.tokens import Span, Token

from marsad.events.attributes import NUMBER_WORDS
from marsad.model import DateRange, Document, TimeExpression

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
VAGUE = {"several": 3, "a few": 3, "few": 3, "many": 6, "some": 3, "a couple of": 2, "couple of": 2}
NUM = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + "|" + "|".join(VAGUE) + ")"
AGO_RE = re.compile(rf"(?:about |some |nearly |almost |over )?{NUM}\s+(day|week|month|year)s?\s+ago")
FOR_RE = re.compile(rf"(?:for|over|after|in)\s+(?:the\s+)?(?:about |some |nearly |almost |more than |over |past |last )*{NUM}\s+(day|week|month|year)s?")
PAST_RE = re.compile(rf"(?:the\s+)?(?:past|last)\s+(?:{NUM}\s+)?(day|week|month|year)s?")


def _n(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return VAGUE.get(word) or NUMBER_WORDS.get(word, 1)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def fallback_resolve(text: str, anchor: date) -> DateRange | None:
    """Resolve a time expression against ``anchor`` (the article date); None if not understood."""
    low = text.lower().strip()
    if low in ("today", "this week") or low.startswith("today"):
        return DateRange(anchor, anchor, "day", text=text)
    if low == "yesterday":
        d = anchor - timedelta(days=1)
        return DateRange(d, d, "day", text=text)
    if low == "last week":
        start = anchor - timedelta(days=anchor.weekday() + 7)
        return DateRange(start, start + timedelta(days=6), "week", text=text)
    if low == "last month":
        first = anchor.replace(day=1) - timedelta(days=1)
        s, e = _month_range(first.year, first.month)
        return DateRange(s, e, "month", text=text)
    m = AGO_RE.search(low)
    if m:
        days = _n(m.group(1)) * UNIT_DAYS[m.group(2)]
        center = anchor - timedelta(days=days)
        slack = max(3, days // 3) if m.group(1) in VAGUE or m.group(2) != "day" else 1
        gran = {"day": "day", "week": "week", "month": "month", "year": "year"}[m.group(2)]
        return DateRange(center - timedelta(days=slack), min(anchor, center + timedelta(days=slack)), gran, text=text)
    m = PAST_RE.search(low) or FOR_RE.search(low)
    if m:
        groups = [g for g in m.groups() if g]
        unit = groups[-1]
        n = _n(groups[0]) if len(groups) > 1 else 1
        return DateRange(anchor - timedelta(days=n * UNIT_DAYS[unit]), anchor, "range", text=text)
    words = re.findall(r"[a-z]+|\d+", low)
    month = next((MONTHS[w] for w in words if w in MONTHS and len(w) >= 3), None)
    year = next((int(w) for w in words if w.isdigit() and len(w) == 4), None)
    day = next((int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31), None)
    if month:
        y = year or (anchor.year if month <= anchor.month else anchor.year - 1)
        if day:
            try:
                d = date(y, month, day)
                return DateRange(d, d, "day", text=text)
            except ValueError:
                return None
        s, e = _month_range(y, month)
        return DateRange(s, e, "month", text=text)
    if year:
        return DateRange(date(year, 1, 1), date(year, 12, 31), "year", text=text)
    return None


def _resolver():  # type: ignore[no-untyped-def]
    try:
        from marsad.dates import resolve_expression  # type: ignore[attr-defined]
    except ImportError:
        return fallback_resolve
    return resolve_expression


def sentence_time_expressions(doc: Document, sent: Span) -> list[TimeExpression]:
    """The time expressions inside a sentence: the dates stage's, else resolved DATE entities."""
    found = [t for t in doc.time_expressions if sent.start_char <= t.start < sent.end_char]
    if found or doc.time_expressions or doc.date is None:
        return found
    resolve = _resolver()
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        try:
            rng = resolve(ent.text, doc.date)
        except Exception:  # a rough resolver must not stop the coder
            rng = None
        if rng is None:
            continue
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
        if cur.head is cur:
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
        return DateRange(rng.start, rng.end, rng.granularity, text=best.text, offset=best.start,
                         reason=f"time expression {best.text!r} {how}")
    if doc.date is not None:
        return DateRange(doc.date, doc.date, "day", reason="publication date: no time expression in the event's sentence")
    return DateRange(None, None, "unknown", reason="no time expression in the event's sentence and no publication date")
