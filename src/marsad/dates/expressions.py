"""Time expressions in news text and the date ranges they denote, given the article date.

Relative expressions ("last week", "two weeks ago", "in April", "for about six months",
"several months ago", "in the past few days", "on Tuesday") are resolved against the
anchor (the publication date) into a closed range the true date falls in; absolute
dates ("June 10, 2014", "3 May 2021", "March 2014", "2013") are parsed directly.
Vague quantities become ranges: "several months ago" is 3–7 months before the anchor.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from marsad.model import DateRange

MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTH_NAMES["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "a couple of": 2, "a couple": 2, "couple of": 2,
}  # fmt: skip
# vague quantities → (low, high)
VAGUE = {
    "a few": (2, 4),
    "few": (2, 4),
    "several": (3, 7),
    "many": (3, 12),
    "some": (2, 6),
    "a number of": (2, 6),
}
UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}

MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
QTY_RE = r"(?:\d{1,3}|a couple of|a few|a number of|several|many|some|few|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|an?)"
UNIT_RE = r"(?:day|week|month|year)s?"
APPROX_RE = (
    r"(?:(?:about|around|nearly|almost|roughly|approximately|some|more than|over|less than|at least)\s+)?"
)


@dataclass
class Found:
    text: str
    start: int
    end: int
    range: DateRange


def _quantity(text: str) -> tuple[int, int]:
    text = text.lower().strip()
    if text.isdigit():
        n = int(text)
        return n, n
    if text in VAGUE:
        return VAGUE[text]
    n = NUMBER_WORDS.get(text, 1)
    return n, n


def _shift(anchor: date, unit: str, n: int) -> date:
    unit = UNITS.get(unit.rstrip("s"), unit)
    return anchor - relativedelta(**{unit: n})


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _week_of(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _clip(r: DateRange, anchor: date) -> DateRange:
    """Reported events happened before publication: never end after the anchor."""
    if r.end and r.end > anchor and (r.start is None or r.start <= anchor):
        r.end = anchor
    return r


# --- resolvers: (match, anchor) -> DateRange --------------------------------------------


def _ago(m: re.Match[str], anchor: date) -> DateRange:
    low, high = _quantity(m.group("qty"))
    unit = m.group("unit").lower().rstrip("s")
    if low == high:
        center = _shift(anchor, unit, low)
        slack = {"day": 0, "week": 3, "month": 15, "year": 182}[unit]
        return DateRange(
            center - timedelta(days=slack),
            center + timedelta(days=slack),
            "week" if unit == "week" else unit if unit != "year" else "year",
        )
    return DateRange(_shift(anchor, unit, high), _shift(anchor, unit, low), "range")


def _duration(m: re.Match[str], anchor: date) -> DateRange:
    """ "for about six months", "in the past few days", "over the last two years": up to the anchor."""
    low, high = _quantity(m.group("qty") or "1")
    unit = m.group("unit").lower().rstrip("s")
    return DateRange(_shift(anchor, unit, high), anchor, "range")


def _last_unit(m: re.Match[str], anchor: date) -> DateRange:
    unit = m.group("unit").lower()
    if unit == "week":
        start, end = _week_of(anchor - timedelta(days=7))
        return DateRange(start, end, "week")
    if unit == "month":
        prev = anchor - relativedelta(months=1)
        return DateRange(*_month_range(prev.year, prev.month), "month")
    if unit == "year":
        return DateRange(date(anchor.year - 1, 1, 1), date(anchor.year - 1, 12, 31), "year")
    return DateRange(anchor - timedelta(days=1), anchor - timedelta(days=1), "day")  # last night


def _this_unit(m: re.Match[str], anchor: date) -> DateRange:
    unit = m.group("unit").lower()
    if unit == "week":
        start, _ = _week_of(anchor)
        return DateRange(start, anchor, "week")
    if unit == "month":
        return DateRange(anchor.replace(day=1), anchor, "month")
    if unit == "year":
        return DateRange(date(anchor.year, 1, 1), anchor, "year")
    return DateRange(anchor, anchor, "day")


def _day_word(m: re.Match[str], anchor: date) -> DateRange:
    word = m.group(0).lower()
    if "yesterday" in word or "last night" in word:
        d = anchor - timedelta(days=1)
    elif "tomorrow" in word:
        d = anchor + timedelta(days=1)
    else:
        d = anchor
    return DateRange(d, d, "day")


def _weekday(m: re.Match[str], anchor: date) -> DateRange:
    wd = WEEKDAYS[m.group("wd").lower()]
    back = (anchor.weekday() - wd) % 7
    if m.group("last") and back == 0:
        back = 7
    d = anchor - timedelta(days=back)
    return DateRange(d, d, "day")


def _month_only(m: re.Match[str], anchor: date) -> DateRange:
    month = MONTH_NAMES[m.group("month").lower().rstrip(".")]
    year = (
        int(m.group("year"))
        if m.groupdict().get("year")
        else (anchor.year if month <= anchor.month else anchor.year - 1)
    )
    if m.groupdict().get("last") and not m.groupdict().get("year"):
        year = anchor.year - 1 if month >= anchor.month else anchor.year
    return DateRange(*_month_range(year, month), "month")


def _full_date(m: re.Match[str], anchor: date) -> DateRange:
    gd = m.groupdict()
    month = MONTH_NAMES[gd["month"].lower().rstrip(".")]
    day = int(gd["day"])
    year = (
        int(gd["year"])
        if gd.get("year")
        else (anchor.year if (month, day) <= (anchor.month, anchor.day) else anchor.year - 1)
    )
    try:
        d = date(year, month, day)
    except ValueError:
        return DateRange(None, None, "unknown", reason=f"not a calendar date: {m.group(0)!r}")
    return DateRange(d, d, "day")


def _iso(m: re.Match[str], anchor: date) -> DateRange:
    try:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return DateRange(None, None, "unknown", reason=f"not a calendar date: {m.group(0)!r}")
    return DateRange(d, d, "day")


def _year(m: re.Match[str], anchor: date) -> DateRange:
    y = int(m.group("year"))
    return DateRange(date(y, 1, 1), date(y, 12, 31), "year")


def _since(m: re.Match[str], anchor: date) -> DateRange:
    inner = m.group("inner")
    r = resolve_expression(inner if inner.lower().startswith("last") else f"in {inner}", anchor)
    if r is None or r.start is None:
        return DateRange(None, anchor, "range", reason=f"unresolved start {inner!r}")
    return DateRange(r.start, anchor, "range")


def _recently(m: re.Match[str], anchor: date) -> DateRange:
    return DateRange(anchor - timedelta(days=30), anchor, "range")


def _earlier_this(m: re.Match[str], anchor: date) -> DateRange:
    unit = m.group("unit").lower()
    start = (
        anchor.replace(day=1)
        if unit == "month"
        else (date(anchor.year, 1, 1) if unit == "year" else _week_of(anchor)[0])
    )
    return DateRange(start, anchor, "range")


Resolver = Callable[[re.Match[str], date], DateRange]

# Ordered: longer, more specific patterns first. Each match is resolved by its function.
PATTERNS: list[tuple[re.Pattern[str], Resolver]] = [
    (
        re.compile(
            rf"\b(?:(?:on|since)\s+)?(?:{WEEKDAY_RE},?\s+)?(?P<month>{MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?\b",
            re.I,
        ),
        _full_date,
    ),
    (
        re.compile(
            rf"\b(?:(?:on|since)\s+)?(?:{WEEKDAY_RE},?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH_RE})\.?(?:,?\s+(?P<year>\d{{4}}))?\b",
            re.I,
        ),
        _full_date,
    ),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), _iso),
    (
        re.compile(
            rf"\bsince\s+(?P<inner>(?:{MONTH_RE})(?:\s+\d{{4}})?|\d{{4}}|last\s+(?:week|month|year))\b", re.I
        ),
        _since,
    ),
    (re.compile(rf"\b{APPROX_RE}(?P<qty>{QTY_RE})\s+(?P<unit>{UNIT_RE})\s+ago\b", re.I), _ago),
    (
        re.compile(
            rf"\b(?:for|during|over|in|within)\s+(?:the\s+)?(?:past|last|previous|recent)\s+{APPROX_RE}(?:(?P<qty>{QTY_RE})\s+)?(?P<unit>{UNIT_RE})\b",
            re.I,
        ),
        _duration,
    ),
    (
        re.compile(rf"\b(?:for|after|over)\s+{APPROX_RE}(?P<qty>{QTY_RE})\s+(?P<unit>{UNIT_RE})\b", re.I),
        _duration,
    ),
    (re.compile(r"\b(?:last|past|previous)\s+(?P<unit>week|month|year|night)\b", re.I), _last_unit),
    (re.compile(r"\bearlier\s+this\s+(?P<unit>week|month|year)\b", re.I), _earlier_this),
    (re.compile(r"\bthis\s+(?P<unit>week|month|year|morning|afternoon|evening)\b", re.I), _this_unit),
    (re.compile(r"\b(?:yesterday|today|tonight|tomorrow)\b", re.I), _day_word),
    (re.compile(rf"\b(?:on\s+)?(?P<last>last\s+)?(?P<wd>{WEEKDAY_RE})\b", re.I), _weekday),
    (
        re.compile(
            rf"\b(?:in|during|by|since|until|through|early|late|mid-?)\s+(?:early\s+|late\s+|mid-?)?(?P<last>last\s+)?(?P<month>{MONTH_RE})(?:\s+(?P<year>\d{{4}}))?\b",
            re.I,
        ),
        _month_only,
    ),
    (re.compile(rf"\b(?P<month>{MONTH_RE})\s+(?P<year>\d{{4}})\b", re.I), _month_only),
    (re.compile(r"\b(?:recently|in recent (?:days|weeks))\b", re.I), _recently),
    (re.compile(r"\b(?:in|since|during|by|until)\s+(?P<year>(?:19|20)\d{2})\b", re.I), _year),
]

# Words that look like months or weekdays but usually are not ("may", "march" as verbs)
AMBIGUOUS_MONTHS = {
    "may",
    "march",
    "jan",
    "sept",
    "sep",
    "dec",
    "jun",
    "jul",
    "aug",
    "oct",
    "nov",
    "feb",
    "apr",
    "mar",
}


def _ambiguous(m: re.Match[str]) -> bool:
    month = (m.groupdict().get("month") or "").lower()
    text = m.group(0)
    if month in AMBIGUOUS_MONTHS and not m.groupdict().get("year") and not m.groupdict().get("day"):
        # "in May" is a month, "may" alone or "March" capitalised after a verb is ambiguous
        return month == "may" and not text[text.lower().rfind("may")].isupper()
    return False


def find_expressions(
    text: str, anchor: date | None, *, start: int = 0, end: int | None = None
) -> Iterator[Found]:
    """Every time expression in ``text[start:end]`` with its resolved range, left to right."""
    end = len(text) if end is None else end
    taken: list[tuple[int, int]] = []
    found: list[Found] = []
    for pattern, resolver in PATTERNS:
        for m in pattern.finditer(text, start, end):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken) or _ambiguous(m):
                continue
            if anchor is None:
                rng = DateRange(None, None, "unknown", reason="no article date to resolve against")
                if resolver in (_full_date, _iso, _year) or (
                    resolver is _month_only and m.groupdict().get("year")
                ):
                    rng = resolver(m, date.today())
            else:
                rng = _clip(resolver(m, anchor), anchor)
            rng.text, rng.offset = m.group(0), s
            if not rng.reason:
                rng.reason = (
                    f"{resolver.__name__.strip('_')} relative to {anchor.isoformat()}"
                    if anchor
                    else resolver.__name__.strip("_")
                )
            taken.append((s, e))
            found.append(Found(m.group(0), s, e, rng))
    yield from sorted(found, key=lambda f: f.start)


def resolve_expression(text: str, anchor: date) -> DateRange | None:
    """The range of one time expression (the whole ``text``), or None when it is not one."""
    for f in find_expressions(text, anchor):
        return f.range
    try:
        import dateparser

        # English only, as the pipeline's parser: without languages dateparser tries every
        # locale it knows, about a second a call
        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings={"RELATIVE_BASE": _as_datetime(anchor), "PREFER_DATES_FROM": "past"},
        )
    except Exception:  # dateparser raises many kinds of errors on odd input
        parsed = None
    if parsed is None:
        return None
    d = parsed.date()
    return DateRange(d, d, "day", text=text, reason="dateparser")


def _as_datetime(d: date):  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime(d.year, d.month, d.day)
