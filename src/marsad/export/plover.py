"""PLOVER JSONL records (the PLOVER manual's "Data Fields" chapter).

Input: a coded-document dict (or a store event dict).
Output: one PLOVER record per event: ``id``, ``has_event``, ``date``, ``enddate``, ``actor``,
``recipient`` (entity objects: ``code``, ``sector``, ``entity_text``, ``identifier_id``,
``identifier_text``), ``event``, ``mode``, ``context``, ``event_loc`` (location object),
``event_text``, ``quad_code``, ``event_scale``, ``text_info``, ``cite_info``, ``coder``,
``size`` (dead, injured) and ``comment``; plus marsad fields prefixed ``marsad_``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from marsad.export.common import country_info, event_items, global_event_id, load_data


def _entity(ref: dict[str, Any], actors: dict[str, Any]) -> dict[str, Any]:
    actor = actors.get(ref.get("id") or "") or {}
    country = ref.get("country") or actor.get("country")
    return {
        "code": country or ref.get("id"),
        "sector": ref.get("sector") or actor.get("sector"),
        "entity_text": ref.get("text"),
        "identifier_id": actor.get("wikidata") or ref.get("id"),
        "identifier_text": ref.get("name") or actor.get("name"),
    }


def _resolution(loc: dict[str, Any]) -> int | None:
    code = loc.get("feature_code") or ""
    table = load_data("plover.yaml")["resolution"]
    for prefix in sorted(table, key=len, reverse=True):
        if code.startswith(prefix):
            return int(table[prefix])
    return {1: 4, 2: 4, 3: 2}.get(loc.get("precision") or 0)


def _location(loc: dict[str, Any] | None) -> dict[str, Any] | None:
    if not loc:
        return None
    info = country_info(loc.get("country_code"))
    code = loc.get("feature_code") or ""
    return {
        "extracted_place": loc.get("text"),
        "resolved_place": loc.get("name"),
        "geonameid": loc.get("geonameid"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "city": loc.get("name") if code.startswith("PPL") else None,
        "district": None,
        "province": loc.get("admin1"),
        "country": info.get("name"),
        "country_code": info.get("alpha3"),
        "feature_class": (
            "A" if code.startswith(("PCL", "ADM")) else "P" if code.startswith("PPL") else None
        ),
        "feature_code": loc.get("feature_code"),
        "resolution": _resolution(loc),
    }


def _scale(type_: str, mode: str | None) -> float | None:
    scores = load_data("plover.yaml")["scores"]
    if mode and f"{type_}:{mode.lower()}" in scores:
        return float(scores[f"{type_}:{mode.lower()}"])
    return float(scores[type_]) if type_ in scores else None


def plover_record(ev: dict[str, Any], ctx: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER record (see the module docstring)."""
    from marsad import __version__

    d = ev.get("date") or {}
    evid = ev.get("evidence") or {}
    type_ = ev.get("type") or ""
    mode = ev.get("mode")
    quad = load_data("plover.yaml")["quad"].get(type_)
    record: dict[str, Any] = {
        "id": global_event_id(ev, ctx),
        "has_event": not ev.get("negated", False),
        "date": d.get("start"),
        "enddate": d.get("end") if d.get("end") != d.get("start") else None,
        "actor": [_entity(r, ctx["actors"]) for r in ev.get("actors") or []],
        "recipient": [_entity(r, ctx["actors"]) for r in ev.get("recipients") or []],
        "event": [type_],
        "mode": [mode] if mode else [],
        "context": list(ev.get("context") or []),
        "event_loc": _location(ev.get("location")),
        "event_text": [evid["text"]] if evid.get("text") else [],
        "quad_code": quad,
        "event_scale": _scale(type_, mode),
        "text_info": {"start": evid.get("start"), "end": evid.get("end")},
        "cite_info": {
            "corpus": None,
            "citation": ctx.get("document_id"),
            "url": ctx.get("url"),
            "title": ctx.get("title"),
            "language": "en",
            "publication": "; ".join(ctx.get("publications") or []) or None,
            "coder": f"marsad {__version__}" + (f" ({ev['component']})" if ev.get("component") else ""),
            "codebook": load_data("plover.yaml")["codebook"],
        },
        "coder": ev.get("component") or f"marsad {__version__}",
        "size": _size(ev),
        "comment": ev.get("reason") or None,
        "marsad_acled": ev.get("acled"),
        "marsad_certainty": ev.get("certainty"),
        "marsad_confidence": ev.get("confidence"),
        "marsad_source_count": ctx.get("source_count"),
        "marsad_document_ids": ctx.get("document_ids"),
    }
    return record


def plover_records(item: dict[str, Any] | Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """PLOVER records of one coded-document dict (or store event dict), or of an iterable of them."""
    items = [item] if isinstance(item, dict) else item
    return [plover_record(ev, ctx) for ev, ctx in event_items(items)]


def _size(ev: dict[str, Any]) -> dict[str, Any]:
    """PLOVER's size: the best figures, with marsad's low/high reading when the text gives one."""
    size: dict[str, Any] = {"dead": ev.get("fatalities"), "injured": ev.get("injured")}
    attrs = ev.get("attributes") or {}
    for key, attr in (("dead", "fatalities_range"), ("injured", "injured_range")):
        rng = attrs.get(attr)
        if rng:
            size[f"{key}_low"], size[f"{key}_high"] = rng.get("low"), rng.get("high")
    return size
