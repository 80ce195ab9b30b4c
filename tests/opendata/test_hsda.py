"""HSDA endpoints under /api/hsds/: every answer validated against the HSDS 3.0 schemas."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility
from opendata import hsds
from services.models import Service, ServiceAtLocation
from tests.opendata.hsds_schemas import assert_valid
from tests.services.factories import ServiceCategoryFactory

pytestmark = pytest.mark.django_db

PAGE_FIELDS = {
    "total_items": int,
    "total_pages": int,
    "page_number": int,
    "size": int,
    "first_page": bool,
    "last_page": bool,
    "empty": bool,
    "contents": list,
}
LISTS = {
    "opendata:hsds-services": "service_list",
    "opendata:hsds-service-at-locations": "service_at_location_list",
    "opendata:hsds-organizations": "organization_list",
    "opendata:hsds-taxonomies": "taxonomy",
    "opendata:hsds-taxonomy-terms": "taxonomy_term",
}


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def ids(page: dict) -> set[str]:
    return {item["id"] for item in page["contents"]}


def test_root_describes_the_api(client):
    body = get_json(client, reverse("opendata:hsds-root"))
    assert body["version"] == "3.1"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"].endswith(reverse("opendata:schema"))


@pytest.mark.parametrize("url_name,schema", LISTS.items())
def test_every_list_validates_and_carries_the_paging_fields(client, directory, url_name, schema):
    page = get_json(client, reverse(url_name))
    for field, kind in PAGE_FIELDS.items():
        assert isinstance(page[field], kind), field
    assert page["contents"], "the directory fixture has records for every list"
    for item in page["contents"]:
        assert_valid(schema, item)


def test_service_detail_is_a_valid_fully_nested_service(client, directory):
    meal = directory["meal"]
    body = get_json(client, reverse("opendata:hsds-service", args=[meal.uuid]))
    assert_valid("service", body)
    assert body["id"] == str(meal.uuid)
    assert body["name"] == "社区食堂用餐" and body["alternate_name"] == "Community meals"
    assert body["organization"]["name"] == "上海市普陀区万里街道办事处"
    assert body["minimum_age"] == 18 and body["maximum_age"] == 120
    assert body["phones"][0]["number"] == "021-11111111"
    assert [d["document"] for d in body["required_documents"]] == ["身份证", "老年卡"]
    assert body["attributes"][0]["taxonomy_term"]["code"] == "zhucan"
    assert body["assured_date"] == meal.last_verified.isoformat()
    [place] = body["service_at_locations"]  # the draft facility's place is left out
    assert place["description"] == "老人优先"
    assert place["phones"][0]["number"] == "021-22222222"
    assert place["schedules"][0]["description"] == "仅午餐"
    location = place["location"]
    assert location["name"] == "香泉智助食堂" and location["alternate_name"] == "Xiangquan Smart Canteen"
    assert (location["latitude"], location["longitude"]) == (31.26, 121.4)
    assert location["addresses"][0]["address_1"] == "示例路1号"
    assert location["phones"][0]["number"] == "021-00000000"
    schedules = {s["byday"]: s for s in location["schedules"]}
    assert schedules["MO"]["opens_at"] == "10:30" and schedules["MO"]["closes_at"] == "13:00"
    assert schedules["FR"]["freq"] == "WEEKLY" and schedules["FR"]["closes_at"] == "02:00"


def test_service_status_and_free_cost(client, directory):
    body = get_json(client, reverse("opendata:hsds-service", args=[directory["repair"].uuid]))
    assert_valid("service", body)
    assert body["status"] == "temporarily closed"
    assert body["cost_options"][0]["amount"] == 0
    assert body["fees_description"] == "免费"
    assert "alternate_name" not in body  # no English name: nothing, rather than an empty string


def test_coordinates_only_for_verified_locations(client, directory):
    body = get_json(client, reverse("opendata:hsds-service-at-location", args=[directory["repair_here"].uuid]))
    assert_valid("service_at_location", body)
    assert "latitude" not in body["location"] and "longitude" not in body["location"]


def test_service_at_location_detail_validates(client, directory):
    link = directory["meal_here"]
    body = get_json(client, reverse("opendata:hsds-service-at-location", args=[link.uuid]))
    assert_valid("service_at_location", body)
    assert body["service_id"] == str(link.service.uuid) and body["location_id"] == str(link.facility.uuid)
    assert body["service"]["name"] == "社区食堂用餐"


def test_organization_detail_validates_and_lists_published_services_and_locations(client, directory):
    body = get_json(client, reverse("opendata:hsds-organization", args=[hsds.ORGANIZATION_ID]))
    assert_valid("organization", body)
    assert body["name"] == "上海市普陀区万里街道办事处"
    assert "email" not in body and "phones" not in body  # no invented contact data
    assert {s["id"] for s in body["services"]} == {str(directory["meal"].uuid), str(directory["repair"].uuid)}
    assert {loc["id"] for loc in body["locations"]} == {
        str(directory["canteen"].uuid),
        str(directory["unverified"].uuid),
    }


def test_taxonomy_and_term_details_validate(client, directory):
    assert_valid("taxonomy", get_json(client, reverse("opendata:hsds-taxonomy", args=[hsds.TAXONOMY_ID])))
    term = get_json(client, reverse("opendata:hsds-taxonomy-term", args=[directory["meals"].uuid]))
    assert_valid("taxonomy_term", term)
    assert term["parent_id"] == str(directory["top"].uuid)
    assert term["taxonomy_id"] == str(hsds.TAXONOMY_ID)


def test_drafts_archived_and_demo_records_never_leak(client, directory):
    directory["meal"].__class__.objects.filter(pk=directory["repair"].pk).update(publication_status="archived")
    services = get_json(client, reverse("opendata:hsds-services"))
    assert ids(services) == {str(directory["meal"].uuid)}
    links = get_json(client, reverse("opendata:hsds-service-at-locations"))
    assert ids(links) == {str(directory["meal_here"].uuid)}
    for hidden in (directory["draft_service"], directory["repair"]):
        get_json(client, reverse("opendata:hsds-service", args=[hidden.uuid]), status=404)
    for link in [*directory["hidden_links"], directory["repair_here"]]:
        get_json(client, reverse("opendata:hsds-service-at-location", args=[link.uuid]), status=404)
    organization = get_json(client, reverse("opendata:hsds-organization", args=[hsds.ORGANIZATION_ID]))
    leaked = {str(directory[k].uuid) for k in ("draft_facility", "demo_facility", "draft_service", "repair")}
    assert not leaked & ({s["id"] for s in organization["services"]} | {loc["id"] for loc in organization["locations"]})


def test_paging(client, directory):
    url = reverse("opendata:hsds-services")
    first = get_json(client, url, per_page=1, page=1)
    second = get_json(client, url, per_page=1, page=2)
    assert (first["total_items"], first["total_pages"], first["size"]) == (2, 2, 1)
    assert first["first_page"] and not first["last_page"]
    assert second["last_page"] and not second["first_page"]
    assert ids(first) != ids(second)
    beyond = get_json(client, url, per_page=1, page=3)
    assert beyond["empty"] and beyond["contents"] == [] and beyond["total_items"] == 2


def test_search_and_taxonomy_term_filters(client, directory):
    url = reverse("opendata:hsds-services")
    assert ids(get_json(client, url, search="食堂")) == {str(directory["meal"].uuid)}
    assert ids(get_json(client, url, search="没有这种服务")) == set()
    # A top term includes its sub-terms.
    assert ids(get_json(client, url, taxonomy_term_id=directory["top"].uuid)) == {str(directory["meal"].uuid)}
    assert ids(get_json(client, url, taxonomy_term_id=directory["repairs"].uuid)) == {str(directory["repair"].uuid)}
    links = reverse("opendata:hsds-service-at-locations")
    assert ids(get_json(client, links, taxonomy_term_id=directory["meals"].uuid)) == {str(directory["meal_here"].uuid)}
    assert ids(get_json(client, links, search="香泉")) == {str(directory["meal_here"].uuid)}
    assert get_json(client, url, organization_id=hsds.ORGANIZATION_ID)["total_items"] == 2
    assert get_json(client, url, organization_id=directory["top"].uuid)["total_items"] == 0


def test_modified_after(client, directory):
    url = reverse("opendata:hsds-services")
    month_ago = timezone.now() - timedelta(days=30)
    Service.objects.filter(pk=directory["repair"].pk).update(updated_at=month_ago)
    ServiceAtLocation.objects.filter(service=directory["repair"]).update(updated_at=month_ago)
    Facility.objects.filter(service_links__service=directory["repair"]).update(updated_at=month_ago)
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert ids(get_json(client, url, modified_after=since)) == {str(directory["meal"].uuid)}
    assert get_json(client, url, modified_after="2000-01-01")["total_items"] == 2
    links = reverse("opendata:hsds-service-at-locations")
    ServiceAtLocation.objects.update(updated_at=timezone.now() - timedelta(days=30))
    Facility.objects.update(updated_at=timezone.now() - timedelta(days=30))
    assert ids(get_json(client, links, modified_after=since)) == {str(directory["meal_here"].uuid)}


def test_taxonomy_term_filters(client, directory):
    url = reverse("opendata:hsds-taxonomy-terms")
    tops = get_json(client, url, top_only="true")
    assert ids(tops) == {str(directory["top"].uuid), str(directory["repairs"].parent.uuid)}
    children = get_json(client, url, parent_id=directory["top"].uuid)
    assert ids(children) == {str(directory["meals"].uuid)}
    assert get_json(client, url, search="助餐")["total_items"] == 1


BAD_PARAMETERS = [
    {"page": "0"},
    {"page": "abc"},
    {"page": "-3"},
    {"per_page": "0"},
    {"per_page": "many"},
    {"search": "长" * 101},
    {"format": "xml"},
]
BAD_SERVICE_PARAMETERS = [
    {"taxonomy_term_id": "not-a-uuid"},
    {"modified_after": "yesterday"},
    {"modified_after": "2024-13-40"},
    {"organization_id": "1"},
    {"taxonomy_id": "x"},
]


@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize("params", BAD_PARAMETERS)
def test_bad_list_parameters_give_400_json(client, url_name, params):
    body = get_json(client, reverse(url_name), status=400, **params)
    assert set(params) <= set(body["errors"])


@pytest.mark.parametrize("url_name", ["opendata:hsds-services", "opendata:hsds-service-at-locations"])
@pytest.mark.parametrize("params", BAD_SERVICE_PARAMETERS)
def test_bad_filter_parameters_give_400_json(client, url_name, params):
    body = get_json(client, reverse(url_name), status=400, **params)
    assert set(params) <= set(body["errors"])


# Times with no UTC equivalent: a naive day-one date is made aware in Shanghai time (+08:05 before 1901),
# which lies before the first representable UTC instant; the aware ones overflow at either end.
OUT_OF_RANGE_TIMES = ["0001-01-01", "0001-01-01T00:00:00", "0001-01-01T07:59:59+08:00", "9999-12-31T23:59:59-14:00"]


@pytest.mark.parametrize("url_name", ["opendata:hsds-services", "opendata:hsds-service-at-locations"])
@pytest.mark.parametrize("moment", OUT_OF_RANGE_TIMES)
def test_out_of_range_modified_after_is_a_400_json_saying_so(client, url_name, moment):
    body = get_json(client, reverse(url_name), status=400, modified_after=moment)
    assert body["errors"] == {"modified_after": ["时间数值超出有效范围。"]}


def test_modified_after_at_the_edges_of_the_range_still_filters(client, directory):
    url = reverse("opendata:hsds-services")
    assert get_json(client, url, modified_after="0001-01-02")["total_items"] == 2
    assert get_json(client, url, modified_after="9999-12-31T23:59:59")["total_items"] == 0


@pytest.mark.parametrize("params", [{"parent_id": "nope"}, {"top_only": "maybe"}, {"taxonomy_id": "1"}])
def test_bad_taxonomy_term_parameters_give_400_json(client, params):
    get_json(client, reverse("opendata:hsds-taxonomy-terms"), status=400, **params)


@pytest.mark.parametrize(
    "url_name",
    [
        "opendata:hsds-service",
        "opendata:hsds-service-at-location",
        "opendata:hsds-organization",
        "opendata:hsds-taxonomy",
        "opendata:hsds-taxonomy-term",
    ],
)
def test_details_answer_404_json_for_any_unknown_id_uuid_or_not(client, url_name):
    for unknown in ("not-a-uuid", "12345", "00000000-0000-4000-8000-000000000000"):
        assert get_json(client, reverse(url_name, args=[unknown]), status=404)["detail"]


def test_api_answers_the_same_in_every_language(client, directory):
    url = reverse("opendata:hsds-service", args=[directory["meal"].uuid])
    chinese = client.get(url).json()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert chinese == english
    assert "/en/" not in chinese["url"]


def test_conditional_get_answers_304_until_the_data_change(client, directory):
    url = reverse("opendata:hsds-services")
    first = client.get(url)
    assert first["ETag"] and "max-age" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    meal = directory["meal"]
    meal.summary = "改过的简介"
    meal.description = ""
    meal.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def _add_rows(count: int, category) -> None:
    """Bulk rows for the query-count tests: published services, each offered at a published facility, and terms."""
    from services.models import ServiceCategory
    from tests.facilities.factories import FacilityKindFactory

    kind = FacilityKindFactory()
    start = Service.objects.count()
    numbers = range(start, start + count)
    services = Service.objects.bulk_create(
        Service(name=f"批量服务{n}", slug=f"bulk-{n}", category=category, publication_status="published")
        for n in numbers
    )
    facilities = Facility.objects.bulk_create(
        Facility(name=f"批量设施{n}", slug=f"bulk-facility-{n}", kind=kind, publication_status="published")
        for n in numbers
    )
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(service=s, facility=f) for s, f in zip(services, facilities, strict=True)
    )
    ServiceCategory.objects.bulk_create(
        ServiceCategory(name=f"批量分类{n}", slug=f"bulk-category-{n}", parent=category.parent) for n in numbers
    )


@pytest.mark.parametrize("url_name", LISTS)
def test_list_query_count_is_the_same_at_10_and_500_rows(client, url_name):
    category = ServiceCategoryFactory(parent=ServiceCategoryFactory())

    def queries_for(total):
        _add_rows(total - Service.objects.count(), category)
        cache.clear()  # both requests rendered afresh, each with the page cache's own first-miss work
        with CaptureQueriesContext(connection) as context:
            page = get_json(client, reverse(url_name), per_page=100)
        return len(context), page

    small, small_page = queries_for(10)
    large, large_page = queries_for(500)
    assert small == large
    if url_name in ("opendata:hsds-services", "opendata:hsds-service-at-locations"):
        assert small_page["total_items"] == 10 and large_page["total_items"] == 500


def test_ids_are_stable_across_requests_and_edits(client, directory):
    url = reverse("opendata:hsds-service", args=[directory["meal"].uuid])
    before = client.get(url).json()
    canteen = directory["canteen"]
    canteen.name = "改名后的食堂"
    canteen.save()
    canteen.opening_periods.filter(weekday=0).update(closes="13:30")
    after = client.get(url).json()

    def all_ids(service):
        place = service["service_at_locations"][0]
        return [
            service["id"],
            place["id"],
            place["location"]["id"],
            *(s["id"] for s in place["location"]["schedules"]),
            *(p["id"] for p in place["location"]["phones"]),
            place["location"]["addresses"][0]["id"],
        ]

    assert all_ids(before) == all_ids(after)
    assert after["service_at_locations"][0]["location"]["name"] == "改名后的食堂"


def test_too_many_requests_get_429_json(client, settings):
    settings.OPENDATA_THROTTLE_RATE = "3/min"
    url = reverse("opendata:hsds-root")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429
    assert "detail" in response.json()


def test_the_limit_counts_cached_answers_and_says_when_to_retry(client, settings):
    settings.OPENDATA_THROTTLE_RATE = "2/min"
    url = reverse("opendata:hsds-root")
    first, second = client.get(url), client.get(url)
    assert second["X-Cache"] == "hit"  # answered from the page cache, still counted
    response = client.get(url)
    assert (first.status_code, second.status_code, response.status_code) == (200, 200, 429)
    assert 1 <= int(response["Retry-After"]) <= 61


def test_the_limit_is_per_client(client, settings):
    settings.OPENDATA_THROTTLE_RATE = "1/min"
    url = reverse("opendata:hsds-root")
    assert client.get(url, REMOTE_ADDR="203.0.113.1").status_code == 200
    assert client.get(url, REMOTE_ADDR="203.0.113.1").status_code == 429
    assert client.get(url, REMOTE_ADDR="203.0.113.2").status_code == 200


def test_an_unreachable_cache_keeps_the_limit_in_local_memory_rather_than_failing(client, settings):
    from wanli.settings.connections import cache_config

    settings.OPENDATA_THROTTLE_RATE = "1/min"
    settings.CACHES = {"default": cache_config("redis://127.0.0.1:1/0")}  # nothing listens on port 1
    url = reverse("opendata:hsds-root")
    assert [client.get(url).status_code for _ in range(3)] == [200, 429, 429]


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, settings):
    settings.OPENDATA_THROTTLE_RATE = "1/min"
    url = reverse("opendata:hsds-root")
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def test_a_refusal_from_the_page_cache_is_in_the_paths_language(client, settings):
    from django.utils import translation

    settings.OPENDATA_THROTTLE_RATE = "1/min"
    url = reverse("opendata:hsds-root")
    assert client.get(url).status_code == 200
    translation.activate("en")  # as if this worker's previous request had been an English page
    response = client.get(url)
    assert response.status_code == 429
    assert response.json()["detail"] == "请求过于频繁，请稍后再试。"
