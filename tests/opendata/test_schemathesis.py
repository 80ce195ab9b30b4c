"""Property-based API tests (schemathesis): against our own OpenAPI description, positive and negative data,
every check; against the official HSDA 3.1 description, positive data, server errors and response schemas
only (it documents only 200 answers). Bounded: a few examples per operation, no network."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from opendata.openapi import SCHEMA_DIR

OFFICIAL_PREFIX = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
# The official description names the 3.0 compiled files; 3.1's own object files describe the same objects
# (with their sibling references), the list items keep their compiled form.
OFFICIAL_FILES = {
    "compiled/service.json": "service.json",
    "compiled/organization.json": "organization.json",
    "taxonomy.json": "taxonomy.json",
    "taxonomy_term.json": "taxonomy_term.json",
}
EXAMPLES = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
application = WSGIHandler()


def _our_schema() -> dict:
    raw = SchemaGenerator().get_schema(request=None, public=True)
    raw["paths"] = {p: ops for p, ops in raw["paths"].items() if p.startswith(("/api/hsds/", "/api/facilities"))}
    return json.loads(json.dumps(raw, default=str))


def _map_official_refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str) and node["$ref"].startswith(OFFICIAL_PREFIX):
            name = node["$ref"].removeprefix(OFFICIAL_PREFIX)
            return {"$ref": (SCHEMA_DIR / OFFICIAL_FILES.get(name, name)).as_uri()}
        return {key: _map_official_refs(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_map_official_refs(item) for item in node]
    return node


def _official_schema() -> dict:
    raw = _map_official_refs(json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8")))
    raw["servers"] = [{"url": "/api/hsds"}]
    return raw


ours = schemathesis.openapi.from_dict(_our_schema())
official = schemathesis.openapi.from_dict(_official_schema())


@pytest.fixture
def live_api(directory, settings):
    """The directory fixture served through the real WSGI stack, with the rate limit raised for the run."""
    settings.OPENDATA_THROTTLE_RATE = "100000/min"
    # As Django's test client does: the test's transaction must survive each request's start and end.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield directory
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@ours.parametrize()
@EXAMPLES
def test_our_description_holds_for_positive_and_negative_data(case, live_api):
    case.call_and_validate(
        app=application,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            negative_data_rejection,
        ],
    )


@official.parametrize()
@EXAMPLES
def test_any_hsda_client_gets_no_server_error_and_valid_answers(case, live_api):
    case.call_and_validate(app=application, checks=[not_a_server_error, response_schema_conformance])
