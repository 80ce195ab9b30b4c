"""/api/facilities.geojson?near=…&radius=…: nearest first with distance, bounded radius, clear 400s."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facilities.models import Facility
from tests.facilities.factories import FacilityFactory
from tests.facilities.places import north_of

pytestmark = pytest.mark.django_db
URL = "/api/facilities.geojson"


def test_url_is_the_documented_one():
    assert reverse("opendata:facilities-geojson") == URL


def test_near_sorts_by_distance_within_the_radius_and_adds_distance(client):
    far = FacilityFactory(name="远", **north_of(800))
    near = FacilityFactory(name="近", **north_of(100))
    FacilityFactory(name="半径外", **north_of(3000))
    FacilityFactory(name="未核实", latitude=north_of(10)["latitude"], longitude=north_of(10)["longitude"])
    body = client.get(URL, {"near": "31.26,121.40", "radius": "1000"}).json()
    assert [f["id"] for f in body["features"]] == [str(near.uuid), str(far.uuid)]
    assert body["features"][0]["properties"]["distance_m"] == 100
    assert body["features"][0]["properties"]["walking_minutes"] == pytest.approx(2.1, abs=0.05)


def test_without_near_there_is_no_distance(client):
    FacilityFactory(**north_of(100))
    [feature] = client.get(URL).json()["features"]
    assert "distance_m" not in feature["properties"]


@pytest.mark.parametrize(
    "params",
    [
        {"near": "abc"},
        {"near": "121.4,31.26"},
        {"near": "39.9,116.4"},
        {"near": "31.26,121.40", "radius": "99999"},
        {"near": "31.26,121.40", "radius": "-1"},
        {"near": "x" * 500},
    ],
)
def test_bad_near_or_radius_is_a_400_with_a_message(client, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]


def test_near_query_count_does_not_grow(client):
    def count(rows):
        Facility.objects.all().delete()
        for n in range(rows):
            FacilityFactory(**north_of(n))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"near": "31.26,121.40", "radius": "5000"}).status_code == 200
        return len(queries)

    assert count(10) == count(300)
