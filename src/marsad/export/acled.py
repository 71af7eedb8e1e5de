"""ACLED-compatible CSV rows (the 31 columns, in order; mapping in ``docs/ACLED_MAPPING.md``).

Input: a coded-document dict (or a store event dict).
Output: one row (dict keyed by the 31 column names, every value a string) per event that has
an ACLED event type; events of marsad's categories beyond ACLED (``Non-ACLED``), events
without an ACLED type and negated events are left out. Columns we cannot fill are blank.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from marsad.export.common import country_info, event_items, global_event_id, load_data

COLUMNS: list[str] = list(load_data("acled.yaml")["columns"])


def _actor_name(ref: dict[str, Any], actors: dict[str, Any]) -> str:
    actor = actors.get(ref.get("id") or "") or {}
    return actor.get("acled_name") or ref.get("name") or actor.get("name") or ref.get("text") or ""


def _inter(ref: dict[str, Any] | None, actors: dict[str, Any]) -> int | None:
    if not ref:
        return None
    actor = actors.get(ref.get("id") or "") or {}
    if actor.get("acled_inter"):
        return int(actor["acled_inter"])
    if ref.get("acled_inter"):
        return int(ref["acled_inter"])
    sector = (ref.get("sector") or actor.get("sector") or "")[:3].upper()
    return load_data("acled.yaml")["inter_by_sector"].get(sector)


def _time_precision(d: dict[str, Any]) -> str:
    table = load_data("acled.yaml")["time_precision"]
    gran = d.get("granularity")
    if gran in table:
        return str(table[gran])
    try:
        span = (date.fromisoformat(d["end"]) - date.fromisoformat(d["start"])).days
    except (KeyError, TypeError, ValueError):
        return ""
    return "1" if span == 0 else "2" if span <= 7 else "3" if span <= 31 else ""


def _event_id_cnty(ev_id: str, iso3: str | None) -> str:
    """ACLED style: country letters then a number (stable: derived from our event id)."""
    number = int(hashlib.sha1(ev_id.encode("utf-8")).hexdigest()[:12], 16) % 10**8
    return f"{iso3 or 'XXX'}{number}"


def _timestamp(value: Any) -> str:
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
        if moment.tzinfo is None:  # the store keeps naive UTC times
            moment = moment.replace(tzinfo=UTC)
        return str(int(moment.timestamp()))
    except ValueError:
        return ""


def acled_exclusion(ev: dict[str, Any]) -> str | None:
    """Why ACLED would not code this event (as the words after "left out: N events with"), or None."""
    etype = (ev.get("acled") or {}).get("event_type")
    if not etype:
        return "no ACLED event type"
    if etype in load_data("acled.yaml")["excluded_event_types"]:
        return f"a type ACLED does not code ({etype})"
    if ev.get("negated"):
        return "a negation (it did not happen)"
    if not (ev.get("date") or {}).get("start"):
        return "no date"
    return None


def acled_row(ev: dict[str, Any], ctx: dict[str, Any]) -> dict[str, str] | None:
    """One event as an ACLED row, or None when ACLED would not code it (see :func:`acled_exclusion`)."""
    if acled_exclusion(ev) is not None:
        return None
    acled = ev.get("acled") or {}
    etype, sub = acled.get("event_type"), acled.get("sub_event_type")
    d = ev.get("date") or {}
    ref = load_data("acled.yaml")
    loc = ev.get("location") or {}
    country = country_info(loc.get("country_code"))
    actors_map = ctx["actors"]
    a1 = ev.get("actors") or []
    a2 = ev.get("recipients") or []
    inter1 = _inter(a1[0] if a1 else None, actors_map)
    inter2 = _inter(a2[0] if a2 else None, actors_map)
    codes = sorted(c for c in (inter1, inter2) if c)
    interaction = "".join(str(c) for c in codes) if len(codes) == 2 else (f"{codes[0]}0" if codes else "")
    civilian = "Civilian targeting" if inter2 == 7 or etype == "Violence against civilians" else ""
    tags = [f"plover={ev.get('type')}"]
    if ev.get("certainty") and ev["certainty"] != "asserted":
        tags.append(f"certainty={ev['certainty']}")
    if ev.get("fatalities") is None:
        tags.append("fatalities not reported")
    row = {
        "event_id_cnty": _event_id_cnty(global_event_id(ev, ctx), country.get("alpha3")),
        "event_date": d["start"],
        "year": d["start"][:4],
        "time_precision": _time_precision(d),
        "disorder_type": ref["disorder_type_by_sub_event"].get(sub) or ref["disorder_type"].get(etype, ""),
        "event_type": etype,
        "sub_event_type": sub or "",
        "actor1": _actor_name(a1[0], actors_map) if a1 else "",
        "assoc_actor_1": "; ".join(_actor_name(r, actors_map) for r in a1[1:]),
        "inter1": str(inter1 or ""),
        "actor2": _actor_name(a2[0], actors_map) if a2 else "",
        "assoc_actor_2": "; ".join(_actor_name(r, actors_map) for r in a2[1:]),
        "inter2": str(inter2 or ""),
        "interaction": interaction,
        "civilian_targeting": civilian,
        "iso": str(country.get("numeric") or ""),
        "region": "",
        "country": country.get("name") or "",
        "admin1": loc.get("admin1") or "",
        "admin2": "",
        "admin3": "",
        "location": loc.get("name") or loc.get("text") or "",
        "latitude": "" if loc.get("lat") is None else f"{loc['lat']:.4f}",
        "longitude": "" if loc.get("lon") is None else f"{loc['lon']:.4f}",
        "geo_precision": str(loc.get("precision") or ""),
        "source": "; ".join(ctx.get("publications") or []),
        "source_scale": "",
        "notes": " ".join(((ev.get("evidence") or {}).get("text") or "").split()),
        "fatalities": str(ev.get("fatalities") or 0),
        "tags": "; ".join(tags),
        "timestamp": _timestamp(ctx.get("timestamp")),
    }
    return row


def acled_rows(item: dict[str, Any] | Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """ACLED rows of one coded-document dict (or store event dict), or of an iterable of them."""
    items = [item] if isinstance(item, dict) else item
    return [row for ev, ctx in event_items(items) if (row := acled_row(ev, ctx)) is not None]
