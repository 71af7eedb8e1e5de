"""Readable word lists that steer recognition (``marsad/places/data``).

* ``not_places.txt`` — capitalised words that are GeoNames names but rarely places;
* ``org_heads.txt`` — words that make a capitalised chain an organisation or title;
* ``place_words.yaml`` — kind words around toponyms, locative words, person titles.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


def _read_list(name: str) -> frozenset[str]:
    text = resources.files("marsad.places").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def not_place_words() -> frozenset[str]:
    return _read_list("not_places.txt")


@lru_cache(maxsize=1)
def org_heads() -> frozenset[str]:
    return _read_list("org_heads.txt")


@lru_cache(maxsize=1)
def place_words() -> dict[str, Any]:
    text = resources.files("marsad.places").joinpath("data", "place_words.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["locative"] = frozenset(data.get("locative", []))
    data["person_titles"] = frozenset(data.get("person_titles", []))
    for key in ("near_of", "near_after", "rural"):
        data[key] = frozenset(data.get(key, []))
    # tried in turn: the longest first ("just outside", not "outside"), in one order whatever the
    # hash seed (a set's order once changed the reason from one run to the next)
    data["near_before"] = tuple(sorted(set(data.get("near_before", [])), key=lambda w: (-len(w.split()), w)))
    return data
