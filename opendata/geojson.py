"""Facilities as GeoJSON (RFC 7946): WGS-84 longitude/latitude, only where the location is verified."""
from facilities.models import Facility

from .hsds import public_url


def facility_feature(facility: Facility) -> dict:
    return {
        "type": "Feature",
        "id": str(facility.uuid),
        "geometry": {"type": "Point", "coordinates": [float(facility.longitude), float(facility.latitude)]},
        "properties": {
            "name": facility.name,
            "name_en": facility.name_en,
            "kind": facility.kind.slug,
            "kind_name": facility.kind.name,
            "operation_status": facility.operation_status,
            "url": public_url(facility),
        },
    }


def facilities_feature_collection(facilities) -> dict:
    located = facilities.filter(location_verified=True, latitude__isnull=False, longitude__isnull=False)
    return {"type": "FeatureCollection", "features": [facility_feature(f) for f in located]}
