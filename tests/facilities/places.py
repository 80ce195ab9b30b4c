"""Helpers for tests that place things at known distances from a known point."""

from decimal import Decimal

from facilities.geo import METRES_PER_DEGREE_LATITUDE

ORIGIN = (31.26, 121.40)


def north_of(metres: float, origin: tuple[float, float] = ORIGIN) -> dict:
    """Keyword arguments for a verified point `metres` due north of `origin` (latitude/longitude as stored)."""
    latitude = origin[0] + metres / METRES_PER_DEGREE_LATITUDE
    return {
        "latitude": Decimal(f"{latitude:.6f}"),
        "longitude": Decimal(f"{origin[1]:.6f}"),
        "location_verified": True,
    }
