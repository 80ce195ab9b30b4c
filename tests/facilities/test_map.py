"""/map/: markers only for verified places, filters, the HTML list, GCJ-02 tiles, and the Amap link."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facilities.geo import haversine_m, wgs84_to_gcj02
from facilities.models import Facility
from tests.facilities.factories import FacilityFactory, FacilityKindFactory
from tests.facilities.places import north_of

pytestmark = pytest.mark.django_db
MAP_URL = "/map/"


def markers_of(page: str) -> list[dict]:
    match = re.search(r'<script id="map-markers" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_map_has_markers_for_verified_places_and_lists_every_place(client):
    FacilityFactory(name="已核实的食堂", **north_of(100))
    FacilityFactory(name="待核实的驿站")
    FacilityFactory(name="草稿设施", publication_status="draft", **north_of(100))
    page = client.get(MAP_URL).content.decode()
    markers = markers_of(page)
    assert [m["name"] for m in markers] == ["已核实的食堂"]
    assert markers[0]["url"].startswith("/facilities/")
    # The server-rendered list shows every published place, so the page works when tiles or JS fail.
    assert "已核实的食堂" in page and "待核实的驿站" in page and "草稿设施" not in page
    assert "vendor/leaflet/leaflet.js" in page and "vendor/leaflet/leaflet.css" in page
    assert "unpkg" not in page and "cdn" not in page.lower()


def test_map_filters_by_kind_and_audience(client):
    park = FacilityKindFactory(slug="park", name="公园")
    canteen = FacilityKindFactory(slug="canteen", name="食堂")
    FacilityFactory(name="公园甲", kind=park, audiences=["all_residents"], **north_of(10))
    FacilityFactory(name="老年食堂", kind=canteen, audiences=["elderly"], **north_of(20))
    assert [m["name"] for m in markers_of(client.get(MAP_URL, {"kind": "park"}).content.decode())] == ["公园甲"]
    assert [m["name"] for m in markers_of(client.get(MAP_URL, {"audience": "elderly"}).content.decode())] == [
        "老年食堂"
    ]
    bad = client.get(MAP_URL, {"kind": "<script>"})
    assert bad.status_code == 200 and markers_of(bad.content.decode()) == []


def test_markers_are_shifted_for_gcj02_tiles(client, settings):
    FacilityFactory(**north_of(0))
    wgs = markers_of(client.get(MAP_URL).content.decode())[0]
    assert (wgs["lat"], wgs["lng"]) == (31.26, 121.4)
    settings.MAP_TILE_COORDINATES = "gcj02"
    cache.clear()  # a settings change is not a content change: the page cache would still hold the WGS-84 page
    gcj = markers_of(client.get(MAP_URL).content.decode())[0]
    assert (gcj["lat"], gcj["lng"]) == pytest.approx(wgs84_to_gcj02(31.26, 121.4), abs=1e-6)
    assert haversine_m(wgs["lat"], wgs["lng"], gcj["lat"], gcj["lng"]) > 100


def test_tile_url_comes_from_settings(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.test/{z}/{x}/{y}.png"
    page = client.get(MAP_URL).content.decode()
    assert "https://tiles.example.test/{z}/{x}/{y}.png" in page


def test_marker_names_are_escaped_json(client):
    FacilityFactory(name="</script><script>alert(1)</script>", **north_of(10))
    page = client.get(MAP_URL).content.decode()
    assert "<script>alert(1)" not in page
    assert markers_of(page)[0]["name"] == "</script><script>alert(1)</script>"


def test_header_links_to_the_map(client):
    page = client.get("/").content.decode()
    assert 'href="/map/"' in page and "地图" in page


def _map_queries(client, count) -> int:
    Facility.objects.all().delete()
    for n in range(count):
        FacilityFactory(name=f"设施{n}", **north_of(n))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(MAP_URL).status_code == 200
    return len(queries)


def test_map_query_count_does_not_grow_with_rows(client):
    assert _map_queries(client, 10) == _map_queries(client, 500)


def test_amap_link_on_verified_facility_page_uses_gcj02(client):
    facility = FacilityFactory(name="香泉食堂", **north_of(0))
    page = client.get(reverse("facilities:detail", kwargs={"slug": facility.slug})).content.decode()
    lat, lng = wgs84_to_gcj02(31.26, 121.40)
    assert "在高德地图中打开" in page
    assert f"https://uri.amap.com/marker?position={lng:.6f}%2C{lat:.6f}" in page
    assert "coordinate=gaode" in page


def test_no_amap_link_when_location_unverified(client):
    facility = FacilityFactory(name="待核实", latitude=north_of(0)["latitude"], longitude=north_of(0)["longitude"])
    page = client.get(reverse("facilities:detail", kwargs={"slug": facility.slug})).content.decode()
    assert "在高德地图中打开" not in page
    assert "位置待核实" in page


def test_english_map_page(client):
    FacilityFactory(name="食堂", name_en="Canteen", **north_of(0))
    page = client.get("/en/map/").content.decode()
    assert markers_of(page)[0]["name"] == "Canteen"
