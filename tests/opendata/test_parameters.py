"""Every HSDA parameter is honoured (or refused with a 400 naming it), in GET and in HSDA 3.1's POST queries."""

import json

import pytest
from django.urls import reverse

from facilities.models import Facility
from opendata import hsds
from tests.opendata.hsds_schemas import assert_valid

pytestmark = pytest.mark.django_db

SERVICES = reverse("opendata:hsds-services")
# Every HSDA list endpoint (they share paging, formats and the POST query variant).
LIST_URL_NAMES = [
    "opendata:hsds-services",
    "opendata:hsds-service-at-locations",
    "opendata:hsds-taxonomy-terms",
    "opendata:hsds-organizations",
    "opendata:hsds-taxonomies",
]
LINKS = reverse("opendata:hsds-service-at-locations")


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    return response.json()


def test_full_and_minimal_services_differ_from_the_list_items(client, directory):
    plain = get(client, SERVICES)["contents"]
    full = get(client, SERVICES, full="true")["contents"]
    minimal = get(client, SERVICES, minimal="true")["contents"]
    assert len(plain) == len(full) == len(minimal) == 2
    for item in full:
        assert_valid("service", item)
        assert "service_at_locations" in item and "capacities" in item
    assert all("service_at_locations" not in item for item in plain)
    for item in minimal:
        assert_valid("service_list", item)
        assert set(item) == {"id", "name", "status", "last_modified"}


def test_full_and_minimal_together_are_refused_naming_both(client):
    body = get(client, SERVICES, status=400, full="true", minimal="true")
    assert {"full", "minimal"} <= set(body["errors"])


def test_full_service_at_locations_are_nested(client, directory):
    full = get(client, LINKS, full="true")["contents"]
    for item in full:
        assert_valid("service_at_location", item)
        assert "schedules" in item["location"] or "addresses" in item["location"]
    assert all("addresses" not in item["location"] for item in get(client, LINKS)["contents"])


def test_per_page_above_the_maximum_is_capped(client, directory):
    page = get(client, SERVICES, per_page=500)
    assert page["total_items"] == 2 and page["total_pages"] == 1
    terms = reverse("opendata:hsds-taxonomy-terms")
    assert get(client, terms, per_page=10_000)["size"] == 4


@pytest.mark.parametrize("url_name", LIST_URL_NAMES)
def test_ndjson_streams_every_record_without_paging(client, directory, url_name):
    url = reverse(url_name)
    response = client.get(url, {"format": "ndjson", "per_page": 1})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    records = [json.loads(line) for line in lines]
    everything = get(client, url, per_page=100)
    assert records == everything["contents"]


def test_postcode_filters_on_the_postal_code_of_the_address(client, directory):
    Facility.objects.filter(pk=directory["canteen"].pk).update(postal_code="200333")
    assert {i["id"] for i in get(client, LINKS, postcode="200333")["contents"]} == {str(directory["meal_here"].uuid)}
    assert get(client, LINKS, postcode="200000")["total_items"] == 0
    [item] = get(client, LINKS, full="true", postcode="200333")["contents"]
    assert item["location"]["addresses"][0]["postal_code"] == "200333"


def test_proximity_is_refused_naming_it(client, directory):
    body = get(client, LINKS, status=400, postcode="200333", proximity="1000")
    assert list(body["errors"]) == ["proximity"]


def test_organizations_full_and_full_service(client, directory):
    organizations = reverse("opendata:hsds-organizations")
    [plain] = get(client, organizations)["contents"]
    assert "services" not in plain
    [full] = get(client, organizations, full="true")["contents"]
    assert_valid("organization", full)
    assert {s["id"] for s in full["services"]} == {str(directory["meal"].uuid), str(directory["repair"].uuid)}
    assert all("service_at_locations" not in s for s in full["services"])
    [nested] = get(client, organizations, full_service="true")["contents"]
    assert_valid("organization", nested)
    assert all("service_at_locations" in s for s in nested["services"])
    detail = get(client, reverse("opendata:hsds-organization", args=[hsds.ORGANIZATION_ID]), full_service="true")
    assert all("capacities" in s for s in detail["services"])


def test_organizations_by_taxonomy_term_and_taxonomy(client, directory):
    organizations = reverse("opendata:hsds-organizations")
    assert get(client, organizations, taxonomy_term_id=directory["meals"].uuid)["total_items"] == 1
    assert get(client, organizations, taxonomy_id=hsds.TAXONOMY_ID)["total_items"] == 1
    assert get(client, organizations, taxonomy_id=directory["meals"].uuid)["total_items"] == 0
    empty = directory["top"].__class__.objects.create(name="空分类", slug="kong")
    assert get(client, organizations, taxonomy_term_id=empty.uuid)["total_items"] == 0


@pytest.mark.parametrize("url_name", LIST_URL_NAMES)
def test_post_queries_answer_as_get(client, directory, url_name):
    url = reverse(url_name)
    posted = client.post(f"{url}?per_page=1&page=1")
    assert posted.status_code == 200
    assert posted.json() == get(client, url, per_page=1, page=1)
    refused = client.post(f"{url}?per_page=0")
    assert refused.status_code == 400 and "per_page" in refused.json()["errors"]


@pytest.mark.parametrize(
    "url_name,params",
    [
        ("opendata:hsds-services", {"full": "true"}),
        ("opendata:hsds-services", {"minimal": "true"}),
        ("opendata:hsds-service-at-locations", {"full": "true"}),
        ("opendata:hsds-organizations", {"full_service": "true"}),
        ("opendata:hsds-services", {"full": "true", "format": "ndjson"}),
    ],
)
def test_nested_lists_cost_the_same_queries_at_10_and_300_rows(client, url_name, params):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from services.models import Service
    from tests.opendata.test_hsda import _add_rows
    from tests.services.factories import ServiceCategoryFactory

    category = ServiceCategoryFactory(parent=ServiceCategoryFactory())

    def queries_for(total):
        _add_rows(total - Service.objects.count(), category)
        cache.clear()  # both requests rendered afresh, each with the page cache's own first-miss work
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse(url_name), {**params, "per_page": 100})
            body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200 and body
        return len(context)

    # ndjson sends every row, one chunk of rows at a time: a fixed number of queries per chunk.
    assert queries_for(10) == queries_for(150 if "format" in params else 300)
