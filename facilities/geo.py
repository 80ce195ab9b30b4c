"""Distances, walking time and coordinate systems, in plain Python (no GIS extension needed).

Everything the site stores is WGS-84 (what GPS and browsers give). Chinese web maps (Amap/高德, Tencent)
draw and copy coordinates in GCJ-02, a published obfuscation of WGS-84 that shifts points by several
hundred metres; this module converts between the two.
"""

import math
from dataclasses import dataclass

from django.conf import settings

# Mean Earth radius (IUGG), in metres: the usual choice for the haversine formula.
EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_M / 180

# GCJ-02 parameters: the Krasovsky 1940 ellipsoid the algorithm is built on.
_KRASOVSKY_A = 6_378_245.0
_KRASOVSKY_EE = 0.00669342162296594323


@dataclass(frozen=True)
class Point:
    """A WGS-84 point in decimal degrees."""

    latitude: float
    longitude: float

    def __str__(self) -> str:
        return f"{self.latitude:.6f},{self.longitude:.6f}"


@dataclass(frozen=True)
class BoundingBox:
    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return (
            self.min_latitude <= latitude <= self.max_latitude and self.min_longitude <= longitude <= self.max_longitude
        )


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres between two WGS-84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lng2 - lng1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def distance_m(a: Point, b: Point) -> float:
    return haversine_m(a.latitude, a.longitude, b.latitude, b.longitude)


def walking_minutes(distance: float) -> float:
    """Estimated walking time for a straight-line distance in metres.

    Streets are not straight lines, so the distance is stretched by WALKING_DETOUR_FACTOR, then divided
    by WALKING_SPEED_M_PER_MIN (see wanli/settings/base.py for the defaults and their sources).
    """
    return distance * settings.WALKING_DETOUR_FACTOR / settings.WALKING_SPEED_M_PER_MIN


def reach_m(minutes: float) -> float:
    """The straight-line distance that `minutes` of walking covers (the inverse of walking_minutes)."""
    return minutes * settings.WALKING_SPEED_M_PER_MIN / settings.WALKING_DETOUR_FACTOR


def displayed_minutes(minutes: float) -> int:
    """Whole minutes to show a resident: rounded up, never "0 minutes"."""
    return max(1, math.ceil(minutes - 1e-9))


def within_target(minutes: float, target_minutes: int) -> bool:
    """The life-circle verdict: a walk of exactly the target time counts as within it."""
    # The tolerance absorbs floating-point noise (about a millimetre), never a real difference.
    return minutes <= target_minutes + 1e-6


def bounding_box(centre: Point, radius: float) -> BoundingBox:
    """The latitude/longitude rectangle that contains every point within `radius` metres of `centre`.

    Used as a prefilter on the indexed latitude/longitude columns; the exact distance is computed after.
    The longitude span widens with latitude (meridians converge); it is computed at the box's edge nearest
    the pole so the box never cuts off a point that is within the radius.
    """
    d_lat = radius / METRES_PER_DEGREE_LATITUDE
    polar_edge = min(89.9, abs(centre.latitude) + d_lat)
    d_lng = min(180.0, d_lat / math.cos(math.radians(polar_edge)))
    return BoundingBox(
        min_latitude=centre.latitude - d_lat,
        max_latitude=centre.latitude + d_lat,
        min_longitude=centre.longitude - d_lng,
        max_longitude=centre.longitude + d_lng,
    )


# --- WGS-84 <-> GCJ-02 -------------------------------------------------------------------------------


def outside_china(latitude: float, longitude: float) -> bool:
    """GCJ-02 is only applied inside this rough rectangle; outside it the two systems are identical."""
    return not (72.004 <= longitude <= 137.8347 and 0.8293 <= latitude <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _gcj_offset(latitude: float, longitude: float) -> tuple[float, float]:
    d_lat = _transform_lat(longitude - 105.0, latitude - 35.0)
    d_lng = _transform_lng(longitude - 105.0, latitude - 35.0)
    rad_lat = latitude / 180.0 * math.pi
    magic = 1 - _KRASOVSKY_EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_KRASOVSKY_A * (1 - _KRASOVSKY_EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_KRASOVSKY_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return d_lat, d_lng


def wgs84_to_gcj02(latitude: float, longitude: float) -> tuple[float, float]:
    if outside_china(latitude, longitude):
        return latitude, longitude
    d_lat, d_lng = _gcj_offset(latitude, longitude)
    return latitude + d_lat, longitude + d_lng


def gcj02_to_wgs84(latitude: float, longitude: float) -> tuple[float, float]:
    """Inverts wgs84_to_gcj02 by fixed-point iteration: converges to well under a centimetre."""
    if outside_china(latitude, longitude):
        return latitude, longitude
    wgs_lat, wgs_lng = latitude, longitude
    for _ in range(30):
        gcj_lat, gcj_lng = wgs84_to_gcj02(wgs_lat, wgs_lng)
        err_lat, err_lng = gcj_lat - latitude, gcj_lng - longitude
        wgs_lat -= err_lat
        wgs_lng -= err_lng
        if abs(err_lat) < 1e-10 and abs(err_lng) < 1e-10:
            break
    return wgs_lat, wgs_lng
