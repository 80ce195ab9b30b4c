"""CORS for the open data, GeoJSON content negotiation, and the typed OpenAPI description."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ORIGIN = "https://apps.example.org"


@pytest.mark.parametrize("url_name", ["opendata:hsds-services", "opendata:facilities-geojson", "opendata:schema"])
def test_api_answers_carry_cors_headers_for_any_origin_without_credentials(client, url_name):
    response = client.get(reverse(url_name), HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    cached = client.get(reverse(url_name), HTTP_ORIGIN=ORIGIN)  # also when answered from the page cache
    assert cached["Access-Control-Allow-Origin"] == "*"


def test_preflight_for_a_post_query_is_allowed(client):
    response = client.options(
        reverse("opendata:hsds-services"),
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response["Access-Control-Allow-Methods"]


def test_no_cors_headers_outside_the_api(client):
    response = client.get("/", HTTP_ORIGIN=ORIGIN, follow=True)
    assert "Access-Control-Allow-Origin" not in response


def test_geojson_is_served_when_asked_for_by_its_media_type(client, directory):
    response = client.get(reverse("opendata:facilities-geojson"), HTTP_ACCEPT="application/geo+json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert response.json()["type"] == "FeatureCollection"


@pytest.fixture
def schema(client):
    return client.get(reverse("opendata:schema")).json()


def test_every_response_is_typed_and_every_error_documented(schema):
    for path, operations in schema["paths"].items():
        if not path.startswith(("/api/hsds/", "/api/facilities")):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"406", "429"} <= set(responses), (path, method)
            assert "400" in responses or "404" in responses or path == "/api/hsds/", (path, method)
            for status, response in responses.items():
                for media_type, content in response["content"].items():
                    assert content["schema"] != {"type": "object"}, (path, method, status, media_type)
                    assert (
                        content["schema"].get("$ref")
                        or content["schema"].get("allOf")
                        or content["schema"].get("properties")
                    )


def test_responses_refer_to_the_hsds_components(schema):
    services = schema["paths"]["/api/hsds/services/{id}"]["get"]["responses"]
    assert services["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/HSDS_service"}
    assert "404" in services
    listing = schema["paths"]["/api/hsds/services"]["get"]["responses"]["200"]["content"]
    assert set(listing) == {"application/json", "application/x-ndjson"}
    components = schema["components"]["schemas"]
    assert components["HSDS_service"]["properties"]["capacities"]["items"] == {
        "$ref": "#/components/schemas/HSDS_service_capacity"
    }
    assert "constraints" not in str(components["HSDS_schedule"])  # tabular annotations are not OpenAPI keywords
    assert "post" in schema["paths"]["/api/hsds/service_at_locations"]


def test_an_unsatisfiable_accept_header_is_the_documented_json_406(client):
    response = client.get(reverse("opendata:hsds-services"), HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response["Content-Type"].startswith("application/json") and response.json()["detail"]


def test_servers_and_the_geojson_media_type(schema, settings):
    assert schema["servers"][0]["url"] == settings.SITE_URL.rstrip("/")
    geojson = schema["paths"]["/api/facilities.geojson"]["get"]["responses"]["200"]["content"]
    assert list(geojson) == ["application/geo+json"]


def test_every_parameter_of_the_official_description_is_in_ours(schema):
    import json

    from opendata.openapi import SCHEMA_DIR

    official = json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))
    components = official["components"]["parameters"]
    for path, operations in official["paths"].items():
        ours = schema["paths"]["/api/hsds" + (path if path != "/" else "/")]
        for method, operation in operations.items():
            if method == "parameters":
                continue
            names = {
                (components[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p)["name"]
                for p in operation.get("parameters", [])
            }
            mine = {p["name"] for p in ours[method].get("parameters", [])}
            assert names <= mine, (path, method, names - mine)
