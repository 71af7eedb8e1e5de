"""Coordinates: the admin-region centre estimate and the reviewed GeoNames country points."""

from __future__ import annotations

import pytest

from marsad.places.build import area_centre
from marsad.places.resolve import haversine_km
from marsad.places.sources import country_points


def test_area_centre_is_not_pulled_toward_dense_parts():
    # a region from 42 to 56 N whose towns crowd its southern edge (like Ontario)
    south = [(42.0 + 0.01 * i, -82.0 + 0.01 * (i % 50)) for i in range(300)]
    north = [(56.0, -90.0), (52.0, -95.0), (50.0, -75.0), (55.0, -80.0)]
    points = south + north
    mean_lat = sum(p[0] for p in points) / len(points)
    assert mean_lat < 44.0  # the mean sits among the southern towns
    lat, lon = area_centre(points, trim=0)
    assert 48.0 < lat < 52.0 and -90.0 < lon < -78.0
    lat, _ = area_centre(points, trim=0.005)  # 0.5% trimmed: the single northernmost town is dropped
    assert lat > 46.0
    assert area_centre(points) == area_centre(points, trim=0)  # the default keeps a remote town of 304


def test_area_centre_trims_a_far_off_outlier():
    grid = [(10.0 + i * 0.1, 20.0 + j * 0.1) for i in range(20) for j in range(20)]
    lat, lon = area_centre([*grid, (60.0, 100.0)], trim=0.005)
    assert haversine_km(lat, lon, 10.95, 20.95) < 30


def test_area_centre_across_the_antimeridian():
    points = [(-17.0, 178.0), (-18.0, 179.5), (-16.5, -179.5), (-17.5, -178.5)]
    lat, lon = area_centre(points)
    assert -18.0 < lat < -16.5
    assert lon > 178.0 or lon < -178.0  # not near 0°


def test_area_centre_of_one_or_collinear_points():
    assert area_centre([(1.0, 2.0)]) == (1.0, 2.0)
    lat, lon = area_centre([(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)])
    assert lat == pytest.approx(1.0) and lon == pytest.approx(1.0)
    with pytest.raises(ValueError):
        area_centre([])


def test_country_points_file():
    points = country_points()
    assert points[6252001] == (39.76, -98.5)  # United States
    assert points[6251999] == (60.10867, -113.64258)  # Canada
    for lat, lon in points.values():
        assert -90 <= lat <= 90 and -180 <= lon <= 180


def test_gazetteer_uses_geonames_country_points(gazetteer):
    us = gazetteer.country("US")
    assert us is not None and (us.lat, us.lon) == (39.76, -98.5) and us.coord_source == "geonames"
    gb = gazetteer.country("GB")
    assert gb is not None and haversine_km(gb.lat, gb.lon, 54.75844, -2.69531) < 1
    # admin1 regions keep their estimated point, flagged, near GeoNames' (Ontario 49.25, -84.5)
    on = gazetteer.admin1("CA", "08")
    assert (
        on is not None
        and on.coord_source == "centroid"
        and haversine_km(on.lat, on.lon, 49.25014, -84.49983) < 300
    )
