"""GeoJSON (RFC 7946): events as Point features, coordinates ``[longitude, latitude]``, no ``crs``.

Input: coded-document dicts and/or store event dicts.
Output: Feature dicts (only events with coordinates); ``write_geojson`` streams a
FeatureCollection and counts the events it leaves out.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from marsad.export.common import event_items, global_event_id

NO_PLACE = "no place with coordinates"


def _names(refs: list[dict[str, Any]]) -> list[str]:
    return [r.get("name") or r.get("text") or "" for r in refs]


def geojson_feature(ev: dict[str, Any], ctx: dict[str, Any]) -> dict[str, Any] | None:
    """A Point feature for a located event; None when the event has no coordinates."""
    loc = ev.get("location") or {}
    lat, lon = loc.get("lat"), loc.get("lon")
    if lat is None or lon is None:
        lat, lon = ev.get("latitude"), ev.get("longitude")
    if lat is None or lon is None:
        return None
    d = ev.get("date") or {}
    acled = ev.get("acled") or {}
    return {
        "type": "Feature",
        "id": global_event_id(ev, ctx),
        "geometry": {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]},
        "properties": {
            "type": ev.get("type"),
            "mode": ev.get("mode"),
            "acled_event_type": acled.get("event_type"),
            "acled_sub_event_type": acled.get("sub_event_type"),
            "date_start": d.get("start"),
            "date_end": d.get("end"),
            "actors": _names(ev.get("actors") or []),
            "recipients": _names(ev.get("recipients") or []),
            "place": loc.get("name") or loc.get("text"),
            "geonameid": loc.get("geonameid"),
            "country_code": loc.get("country_code"),
            "geo_precision": loc.get("precision"),
            "fatalities": ev.get("fatalities"),
            "certainty": ev.get("certainty"),
            "negated": ev.get("negated", False),
            "evidence": (ev.get("evidence") or {}).get("text"),
            "source_count": ctx.get("source_count"),
            "document_ids": ctx.get("document_ids"),
            "url": ctx.get("url"),
            "status": ev.get("status"),
        },
    }


def geojson_features(items: dict[str, Any] | Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Features of the located events of coded-document dicts and/or store event dicts."""
    for ev, ctx in event_items([items] if isinstance(items, dict) else items):
        feature = geojson_feature(ev, ctx)
        if feature is not None:
            yield feature


def write_geojson(items: Iterable[dict[str, Any]], out: TextIO) -> Counter[str]:
    """Stream a FeatureCollection, one feature per line; returns the events left out, by reason."""
    left_out: Counter[str] = Counter()
    out.write('{"type": "FeatureCollection", "features": [\n')
    first = True
    for ev, ctx in event_items(items):
        feature = geojson_feature(ev, ctx)
        if feature is None:
            left_out[NO_PLACE] += 1
            continue
        if not first:
            out.write(",\n")
        out.write(json.dumps(feature, ensure_ascii=False))
        first = False
    out.write("\n]}\n")
    return left_out
