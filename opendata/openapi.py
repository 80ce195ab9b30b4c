"""The typed OpenAPI description of the open-data API (drf-spectacular).

Every HSDS object schema shipped in hsds_schema/ becomes a component (`HSDS_service`, `HSDS_schedule` …), its
sibling-file `$ref`s turned into component references, and each operation answers with the component it
returns, with every 4xx and the 429 it can give. Only the keywords OpenAPI 3.0 knows are kept: HSDS's
tabular annotations (`constraints`, `datapackage_type`, `core` …) describe the CSV form, not the JSON.
"""

import json
from functools import cache
from pathlib import Path

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"
NDJSON = "application/x-ndjson"
GEOJSON = "application/geo+json"
KEYWORDS = {"type", "format", "title", "description", "properties", "items", "required", "enum", "$ref"}


def component_name(hsds_name: str) -> str:
    return f"HSDS_{hsds_name}"


def ref(hsds_name: str) -> dict:
    return {"$ref": f"#/components/schemas/{component_name(hsds_name)}"}


def _openapi_schema(node: dict) -> dict:
    schema = {}
    for key, value in node.items():
        if key not in KEYWORDS:
            continue
        if key == "$ref":
            return ref(value.removesuffix(".json"))  # OpenAPI 3.0 ignores a reference's siblings anyway
        if key == "properties":
            value = {name: _openapi_schema(spec) for name, spec in value.items()}
        elif key == "items":
            value = _openapi_schema(value)
        schema[key] = value
    return schema


@cache
def hsds_components() -> dict[str, dict]:
    components = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        if path.name != "openapi.json":
            components[component_name(path.stem)] = _openapi_schema(json.loads(path.read_text(encoding="utf-8")))
    components.update(_OWN_COMPONENTS)
    return components


_OWN_COMPONENTS = {
    "HsdaPage": {
        "type": "object",
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "properties": {
            "total_items": {"type": "integer", "description": "The number of records matching the request."},
            "total_pages": {"type": "integer"},
            "page_number": {"type": "integer", "description": "The page returned, from 1."},
            "size": {"type": "integer", "description": "The number of records on this page."},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {
                "type": "boolean",
                "description": "True when this page has no records (also past the last page).",
            },
            "contents": {"type": "array", "items": {}},
        },
    },
    "HsdaError": {
        "type": "object",
        "required": ["detail"],
        "properties": {
            "detail": {"type": "string"},
            "errors": {
                "type": "object",
                "description": "For a 400: each refused parameter with its messages.",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
    "GeoJSONFeatureCollection": {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "id", "geometry", "properties"],
                    "properties": {
                        "type": {"type": "string", "enum": ["Feature"]},
                        "id": {"type": "string", "format": "uuid"},
                        "geometry": {
                            "type": "object",
                            "required": ["type", "coordinates"],
                            "properties": {
                                "type": {"type": "string", "enum": ["Point"]},
                                "coordinates": {
                                    "type": "array",
                                    "items": {"type": "number"},
                                    "minItems": 2,
                                    "maxItems": 2,
                                    "description": "Longitude, latitude (WGS-84, RFC 7946).",
                                },
                            },
                        },
                        "properties": {
                            "type": "object",
                            "properties": {
                                "name": {"type": "string"},
                                "name_en": {"type": "string"},
                                "kind": {"type": "string"},
                                "kind_name": {"type": "string"},
                                "operation_status": {"type": "string"},
                                "url": {"type": "string", "format": "uri"},
                                "distance_m": {"type": "integer"},
                                "walking_minutes": {"type": "number"},
                            },
                        },
                    },
                },
            },
        },
    },
}


def add_hsds_components(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: the HSDS components the operations refer to."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(hsds_components())
    return result


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response={"$ref": "#/components/schemas/HsdaError"}, description=description)


BAD_REQUEST = _error("A parameter has a value the API cannot use (`errors` names it), or is not supported here.")
NOT_FOUND = _error("No published record has this id (whether a UUID or not).")
NOT_ACCEPTABLE = _error("The Accept header names no media type this operation answers in.")
TOO_MANY = _error("Over the per-client rate limit (OPENDATA_THROTTLE_RATE); `Retry-After` says when to retry.")


def page_of(hsds_name: str) -> dict:
    return {
        "allOf": [
            {"$ref": "#/components/schemas/HsdaPage"},
            {"type": "object", "properties": {"contents": {"type": "array", "items": ref(hsds_name)}}},
        ]
    }


def root_responses() -> dict:
    return {
        200: {
            "type": "object",
            "required": ["version", "profile", "openapi_url"],
            "properties": {
                "version": {"type": "string", "description": "The HSDS version: 3.1."},
                "profile": {"type": "string", "format": "uri"},
                "openapi_url": {"type": "string", "format": "uri"},
            },
        },
        406: NOT_ACCEPTABLE,
        429: TOO_MANY,
    }


def list_responses(hsds_name: str) -> dict:
    return {
        (200, "application/json"): OpenApiResponse(
            response=page_of(hsds_name),
            description=f"One page of `{hsds_name}` records: one-to-one fields, or fully nested with `full=true`.",
        ),
        (200, NDJSON): OpenApiResponse(
            response=ref(hsds_name),
            description="With `format=ndjson`: every matching record, one JSON object a line.",
        ),
        (400, "application/json"): BAD_REQUEST,
        (406, "application/json"): NOT_ACCEPTABLE,
        (429, "application/json"): TOO_MANY,
    }


ID_PARAMETER = OpenApiParameter(
    "id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The record's HSDS id (a UUID; any other id is a 404).",
)


def list_operation(operation_id: str, summary: str, parameters, hsds_name: str):
    def decorator(method):
        method.hsda_list = (summary, parameters, hsds_name)
        return extend_schema(
            operation_id=operation_id,
            summary=summary,
            parameters=[parameters],
            responses=list_responses(hsds_name),
            tags=["HSDS"],
        )(method)

    return decorator


def as_post_query(get, operation_id: str):
    """HSDA 3.1's POST variant of a list: the same parameters (in the query string) and the same answer."""
    summary, parameters, hsds_name = get.hsda_list

    def post(self, request, *args, **kwargs):
        return get(self, request, *args, **kwargs)

    return extend_schema(
        operation_id=operation_id,
        summary=f"{summary} (POST query)",
        parameters=[parameters],
        request=None,
        responses=list_responses(hsds_name),
        tags=["HSDS"],
    )(post)


def detail_operation(operation_id: str, summary: str, hsds_name: str, *, parameters=()):
    responses = {200: ref(hsds_name), 404: NOT_FOUND, 406: NOT_ACCEPTABLE, 429: TOO_MANY}
    if parameters:
        responses[400] = BAD_REQUEST
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        parameters=[ID_PARAMETER, *parameters],
        responses=responses,
        tags=["HSDS"],
    )


def geojson_responses() -> dict:
    return {
        (200, GEOJSON): OpenApiResponse(
            response={"$ref": "#/components/schemas/GeoJSONFeatureCollection"},
            description="A GeoJSON FeatureCollection (RFC 7946).",
        ),
        (400, "application/json"): BAD_REQUEST,
        (406, "application/json"): NOT_ACCEPTABLE,
        (429, "application/json"): TOO_MANY,
    }
