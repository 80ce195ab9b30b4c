"""Distance maths, walking time, bounding boxes and WGS-84 ⇄ GCJ-02, against known values."""

import math

import pytest

from facilities.geo import (
    EARTH_RADIUS_M,
    Point,
    bounding_box,
    displayed_minutes,
    gcj02_to_wgs84,
    haversine_m,
    reach_m,
    walking_minutes,
    wgs84_to_gcj02,
    within_target,
)

# Published test vectors of the reference GCJ-02 implementation (eviltransform): (WGS-84, GCJ-02).
GCJ_REFERENCE = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing
]


def test_distance_of_one_degree_of_latitude():
    assert haversine_m(31.0, 121.4, 32.0, 121.4) == pytest.approx(math.pi * EARTH_RADIUS_M / 180, rel=1e-9)


def test_distance_quarter_meridian_and_antipodes():
    assert haversine_m(0, 0, 90, 0) == pytest.approx(math.pi / 2 * EARTH_RADIUS_M, rel=1e-9)
    assert haversine_m(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_M, rel=1e-9)


def test_distance_nashville_to_los_angeles_textbook_example():
    # The classic haversine example: BNA (36.12, -86.67) to LAX (33.94, -118.40) is 2887.26 km on a sphere
    # of radius 6372.8 km; the distance scales with the radius.
    expected = 2887.2599506 * 1000 * EARTH_RADIUS_M / 6_372_800
    assert haversine_m(36.12, -86.67, 33.94, -118.40) == pytest.approx(expected, rel=1e-6)


def test_distance_along_a_parallel_in_shanghai():
    # 0.01° of longitude at 31.26° N is 0.01 × 111.195 km × cos(31.26°) ≈ 950.6 m.
    expected = 0.01 * math.pi * EARTH_RADIUS_M / 180 * math.cos(math.radians(31.26))
    assert haversine_m(31.26, 121.40, 31.26, 121.41) == pytest.approx(expected, rel=1e-4)
    assert haversine_m(31.26, 121.40, 31.26, 121.40) == 0


def test_walking_minutes_uses_detour_factor_and_speed(settings):
    settings.WALKING_SPEED_M_PER_MIN = 60
    settings.WALKING_DETOUR_FACTOR = 1.25
    assert walking_minutes(720) == pytest.approx(15.0)
    assert reach_m(15) == pytest.approx(720.0)
    settings.WALKING_DETOUR_FACTOR = 1.0
    settings.WALKING_SPEED_M_PER_MIN = 80
    assert walking_minutes(800) == pytest.approx(10.0)


def test_default_walk_of_fifteen_minutes_is_within_shanghai_standard_range(settings):
    # The standard puts the 15-minute circle at 800-1000 m walked; defaults give 900 m of street.
    street_metres = reach_m(15) * settings.WALKING_DETOUR_FACTOR
    assert 800 <= street_metres <= 1000


def test_displayed_minutes_round_up_and_never_show_zero():
    assert displayed_minutes(0) == 1
    assert displayed_minutes(4.01) == 5
    assert displayed_minutes(5.0) == 5


def test_within_target_at_the_boundary():
    assert within_target(15.0, 15)
    assert within_target(14.999, 15)
    assert not within_target(15.001, 15)


@pytest.mark.parametrize("latitude", [31.26, -33.9, 0.0, 70.0])
def test_bounding_box_contains_every_point_at_the_radius(latitude):
    centre = Point(latitude, 121.4)
    box = bounding_box(centre, 1000)
    for bearing in range(0, 360, 15):
        # A point 999.9 m away in each direction (destination-point formula on the sphere).
        delta = 999.9 / EARTH_RADIUS_M
        phi1, lam1, theta = math.radians(latitude), math.radians(121.4), math.radians(bearing)
        phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
        lam2 = lam1 + math.atan2(
            math.sin(theta) * math.sin(delta) * math.cos(phi1), math.cos(delta) - math.sin(phi1) * math.sin(phi2)
        )
        lat2, lng2 = math.degrees(phi2), math.degrees(lam2)
        assert haversine_m(latitude, 121.4, lat2, lng2) == pytest.approx(999.9, abs=0.01)
        assert box.contains(lat2, lng2), bearing


def test_bounding_box_is_tight():
    box = bounding_box(Point(31.26, 121.4), 1000)
    assert haversine_m(box.min_latitude, 121.4, box.max_latitude, 121.4) == pytest.approx(2000, rel=1e-6)
    assert not box.contains(31.26 + 0.01, 121.4)  # 1.1 km north


@pytest.mark.parametrize(("wgs", "gcj"), GCJ_REFERENCE)
def test_wgs84_to_gcj02_matches_published_reference_points(wgs, gcj):
    converted = wgs84_to_gcj02(*wgs)
    assert converted == pytest.approx(gcj, abs=1e-9)


@pytest.mark.parametrize(("wgs", "gcj"), GCJ_REFERENCE)
def test_gcj02_to_wgs84_recovers_the_reference_point_within_a_metre(wgs, gcj):
    back = gcj02_to_wgs84(*gcj)
    assert haversine_m(*back, *wgs) < 1.0


@pytest.mark.parametrize("point", [(31.26, 121.40), (31.2304, 121.4737), (30.7, 121.0), (31.85, 122.1)])
def test_round_trip_wgs_gcj_wgs_within_one_metre(point):
    gcj = wgs84_to_gcj02(*point)
    assert haversine_m(*point, *gcj) > 100  # the shift is real (hundreds of metres in Shanghai)
    back = gcj02_to_wgs84(*gcj)
    assert haversine_m(*point, *back) < 1.0
    assert haversine_m(*point, *back) < 0.01  # in fact far better


def test_outside_china_nothing_is_shifted():
    assert wgs84_to_gcj02(48.8566, 2.3522) == (48.8566, 2.3522)
    assert gcj02_to_wgs84(35.681236, 139.767125) == (35.681236, 139.767125)
