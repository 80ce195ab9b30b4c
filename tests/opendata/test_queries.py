"""The open data's query functions: HSDA's filters applied in one place, the services' search defined once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from facilities.geo import Point
from opendata import hsds
from opendata.queries import geojson_facilities, hsds_links, hsds_organizations, hsds_services, hsds_taxonomies
from services.models import Service
from tests.facilities.factories import FacilityFactory
from tests.services.factories import ServiceAtLocationFactory, ServiceCategoryFactory, ServiceFactory


@pytest.fixture
def services(db):
    category = ServiceCategoryFactory(name="法律援助", name_en="Legal aid", slug="legal")
    return {
        "by_name": ServiceFactory(name="助浴服务", summary="上门"),
        "by_english_summary": ServiceFactory(name="甲", summary="乙", summary_en="Bathing at home"),
        "by_description": ServiceFactory(name="丙", summary="丁", description="包括助浴"),
        "by_english_category": ServiceFactory(name="戊", summary="己", category=category),
        "draft": ServiceFactory(name="助浴草稿", publication_status="draft"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [("助浴", {"by_name", "by_description"}), ("bathing", {"by_english_summary"}), ("legal", {"by_english_category"})],
)
def test_the_open_data_and_the_service_list_search_services_alike(client, services, text, expected):
    """One definition (ServiceQuerySet.search): name, summary, description and category, in both languages."""
    found = {services[key].uuid for key in expected}
    assert {s.uuid for s in hsds_services(filters={"search": text})} == found
    assert {s.uuid for s in Service.objects.published().search(text)} == found
    listed = client.get(reverse("services:list"), {"q": text}).context["services"]
    assert {s.uuid for s in listed} == found


def test_no_filters_is_every_published_service(services):
    assert hsds_services().count() == hsds_services(filters={}).count() == 4


def test_another_organization_or_taxonomy_has_no_services(services):
    assert hsds_services(filters={"organization_id": hsds.TAXONOMY_ID}).count() == 0
    assert hsds_services(filters={"taxonomy_id": hsds.ORGANIZATION_ID}).count() == 0


def test_the_organization_is_listed_unless_the_filters_leave_it_out(services):
    assert hsds_organizations() == [hsds.organization()]
    assert hsds_organizations(filters={"search": "没有这个机构"}) == []
    assert hsds_organizations(filters={"taxonomy_id": hsds.ORGANIZATION_ID}) == []
    assert hsds_organizations(filters={"taxonomy_id": hsds.TAXONOMY_ID}) == [hsds.organization()]


def test_the_taxonomy_is_listed_unless_the_search_misses_it():
    assert hsds_taxonomies() == [hsds.taxonomy()]
    assert hsds_taxonomies(filters={"search": "没有这个分类体系"}) == []


def test_a_place_matches_by_the_services_search_or_by_its_facility(services):
    by_description = ServiceAtLocationFactory(service=services["by_description"])
    by_facility = ServiceAtLocationFactory(service=services["by_english_summary"], facility__name="助浴站")
    ServiceAtLocationFactory(service=services["by_english_category"])
    assert {link.pk for link in hsds_links(filters={"search": "助浴"})} == {by_description.pk, by_facility.pk}
    assert {link.pk for link in hsds_links(filters={"search": "legal"})} != set()


def test_the_geojson_has_only_located_places_and_near_keeps_those_within_the_radius(db):
    here = FacilityFactory(latitude=Decimal("31.260000"), longitude=Decimal("121.400000"), location_verified=True)
    far = FacilityFactory(latitude=Decimal("31.300000"), longitude=Decimal("121.400000"), location_verified=True)
    FacilityFactory(latitude=Decimal("31.260000"), longitude=Decimal("121.400000"), location_verified=False)
    assert {f.pk for f in geojson_facilities()} == {here.pk, far.pk}
    [near] = geojson_facilities(filters={"near": Point(31.2601, 121.4), "radius": 1000})
    assert near.pk == here.pk and near.distance_m < 20
