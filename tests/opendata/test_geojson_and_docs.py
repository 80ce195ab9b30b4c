import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_geojson_has_only_published_real_facilities_with_verified_coordinates(client, directory):
    response = client.get(reverse("opendata:facilities-geojson"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    [feature] = body["features"]
    assert feature["id"] == str(directory["canteen"].uuid)
    assert feature["geometry"] == {"type": "Point", "coordinates": [121.4, 31.26]}  # longitude first (RFC 7946)
    assert feature["properties"]["name"] == "香泉智助食堂"
    assert client.get(reverse("opendata:facilities-geojson"), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_openapi_schema_describes_the_hsda_paths(client):
    response = client.get(reverse("opendata:schema"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/hsds/",
        "/api/hsds/services",
        "/api/hsds/services/{id}",
        "/api/hsds/service_at_locations",
        "/api/hsds/organizations",
        "/api/hsds/taxonomies",
        "/api/hsds/taxonomy_terms",
        "/api/facilities.geojson",
    ):
        assert path in schema["paths"], path
    names = {p["name"] for p in schema["paths"]["/api/hsds/services"]["get"]["parameters"]}
    assert {"page", "per_page", "search", "taxonomy_term_id", "modified_after"} <= names


@pytest.mark.parametrize("url_name", ["opendata:docs", "opendata:redoc"])
def test_documentation_pages_load_nothing_from_outside_the_site(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []
    assert "/static/drf_spectacular_sidecar/" in html
