"""Reviews of stored events: the status words, the fields an analyst may correct, and what a
review remembers of the event so that a later change of its sources flags it for re-review.

Input: a review (status, corrections by path, note, reviewer) from the CLI, the API or the web
app. Output: rows of ``event_reviews`` and the event's ``status``/``corrections``; the store's
ingest re-applies them whenever the event is recomputed (a re-ingested or corrected document).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

#: the review status of every event, everywhere (store, CLI, API, web app)
STATUSES = ("candidate", "verified", "rejected")
#: the integer columns are 32-bit on PostgreSQL
MAX_INT = 2**31 - 1
#: dates an event may be corrected to (and that uploads may carry)
MIN_DATE, MAX_DATE = date(1800, 1, 1), date(2199, 12, 31)

EDITABLE_PATHS = (
    "type",
    "mode",
    "acled.event_type",
    "acled.sub_event_type",
    "fatalities",
    "injured",
    "certainty",
    "negated",
    "date.start",
    "date.end",
    "location.name",
    "location.geonameid",
    "location.lat",
    "location.lon",
    "location.country_code",
    "location.admin1",
    "location.precision",
)


def check_status(status: str | None) -> None:
    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {str(status)[:40]!r}")


def _clean(value: str) -> str:
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


def clean_text(value: str) -> str:
    """``value`` storable in any database: lone surrogates and NULs replaced by U+FFFD."""
    return _clean(value)


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if MIN_DATE <= day <= MAX_DATE else None


def check_correction(path: str, value: Any) -> None:
    """Refuse a corrected value of the wrong kind or out of range (ValueError naming the field)."""
    from marsad.model import CERTAINTIES

    if path not in EDITABLE_PATHS:
        raise ValueError(f"field {path!r} cannot be corrected; editable fields: {', '.join(EDITABLE_PATHS)}")
    if value is None:
        return
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    bad = ValueError(f"field {path!r}: invalid value {shown}")
    if path in ("fatalities", "injured", "location.geonameid"):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INT:
            raise bad
    elif path == "location.precision":
        if value not in (1, 2, 3):
            raise bad
    elif path in ("location.lat", "location.lon"):
        limit = 90 if path.endswith("lat") else 180
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad
        if not (math.isfinite(float(value)) and abs(float(value)) <= limit):
            raise bad
    elif path == "negated":
        if not isinstance(value, bool):
            raise bad
    elif path == "certainty":
        if value not in CERTAINTIES:
            raise bad
    elif path in ("date.start", "date.end"):
        if _day(value) is None:
            raise ValueError(
                f"field {path!r}: expected a date YYYY-MM-DD between {MIN_DATE} and {MAX_DATE}, got {shown}"
            )
    elif not isinstance(value, str) or len(value) > 500 or _clean(value) != value:
        raise bad


def get_path(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for key in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def set_path(data: dict[str, Any], path: str, value: Any) -> Any:
    """Set ``data[a][b] = value`` for ``path`` ``"a.b"``; returns the old value."""
    keys = path.split(".")
    node = data
    for key in keys[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    old = node.get(keys[-1])
    node[keys[-1]] = value
    return old


def apply_corrections(merged: dict[str, Any], corrections: dict[str, Any] | None) -> dict[str, Any]:
    """Apply stored corrections (``{path: {"value": v, ...}}``) to an event dict as coded; returns
    the corrections with each field's value as coded now (``coded``)."""
    out: dict[str, Any] = {}
    for path, item in sorted((corrections or {}).items()):
        value = item.get("value") if isinstance(item, dict) else item
        if "." in path:  # a copy of the nested dict: the sources' own dicts stay as coded
            head = path.split(".")[0]
            nested = merged.get(head)
            merged[head] = dict(nested) if isinstance(nested, dict) else {}
        coded = set_path(merged, path, value)
        out[path] = {"value": value, "coded": coded}
    return out


def original(event: dict[str, Any], corrections: dict[str, Any] | None) -> dict[str, Any]:
    """The event as coded (its sources merged), before an analyst's corrections."""
    import copy

    data = copy.deepcopy(event)
    for path, item in (corrections or {}).items():
        if isinstance(item, dict) and "coded" in item:
            set_path(data, path, item["coded"])
    return data


def _ids(refs: Any) -> list[str]:
    out = []
    for r in refs or []:
        if isinstance(r, dict):
            out.append(str(r.get("id") or r.get("name") or r.get("text") or ""))
    return sorted(x for x in out if x)


def snapshot(event: dict[str, Any]) -> dict[str, Any]:
    """What an analyst reviewed of an event as coded: if a later ingest changes any of it (a
    corrected article, a report merged in or taken out), the event is flagged for re-review."""
    d = event.get("date") or {}
    loc = event.get("location") or {}
    acled = event.get("acled") or {}
    return {
        "type": event.get("type"),
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "date_start": d.get("start"),
        "date_end": d.get("end"),
        "place": loc.get("geonameid") or loc.get("name") or loc.get("text"),
        "actors": _ids(event.get("actors")),
        "recipients": _ids(event.get("recipients")),
        "fatalities": event.get("fatalities"),
        "injured": event.get("injured"),
        "negated": bool(event.get("negated")),
    }


def changed_fields(before: dict[str, Any], now: dict[str, Any]) -> str:
    """``field old → new`` for each field that differs, for ``review_reason``."""
    parts = []
    for key in sorted(set(before) | set(now)):
        if before.get(key) != now.get(key):
            parts.append(f"{key} {_short(before.get(key))} → {_short(now.get(key))}")
    return "; ".join(parts)


def _short(value: Any) -> str:
    if isinstance(value, list):
        value = ", ".join(map(str, value)) or "none"
    text = "none" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "..."
