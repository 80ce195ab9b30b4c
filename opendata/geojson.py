"""Facilities as GeoJSON (RFC 7946): WGS-84 longitude/latitude, only where the location is verified."""

from facilities.models import Facility

from .hsds import public_url


def facility_feature(facility: Facility) -> dict:
    feature = {
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
    if facility.distance_m is not None:
        feature["properties"]["distance_m"] = round(facility.distance_m)
        feature["properties"]["walking_minutes"] = round(facility.walking_minutes, 1)
    return feature


def facilities_feature_collection(facilities) -> dict:
    """The facilities (from queries.geojson_facilities) as one FeatureCollection, in their order."""
    return {"type": "FeatureCollection", "features": [facility_feature(f) for f in facilities]}
