"""Reads of the site-wide pages: the contact details and the shortlist."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from publishing.publishable import PublicationStatus
from tests.facilities.factories import FacilityFactory, OpeningPeriodFactory
from tests.services.factories import ServiceAtLocationFactory, ServiceFactory
from wanli.models import SiteContact
from wanli.queries import SHORTLIST_MAX_ITEMS, parse_slugs, shortlist, site_contact

pytestmark = pytest.mark.django_db
MONDAY_NOON = datetime(2026, 11, 30, 12, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_site_contact_is_empty_until_staff_save_it():
    assert site_contact().hotline == "" and site_contact().pk is not None
    SiteContact(hotline="021-52820000").save()
    assert site_contact().hotline == "021-52820000"


def test_parse_slugs_keeps_well_formed_slugs_once_in_order_and_at_most_the_maximum():
    assert parse_slugs("b, a,,b,<x>,../etc,a-1") == ["b", "a", "a-1"]
    assert parse_slugs("") == []
    assert len(parse_slugs(",".join(f"s{n}" for n in range(100)))) == SHORTLIST_MAX_ITEMS


def test_shortlist_holds_published_content_only_in_the_links_order_with_todays_hours():
    first = FacilityFactory(slug="first")
    OpeningPeriodFactory(facility=first, weekday=0, opens=time(9), closes=time(17))
    second = FacilityFactory(slug="second")
    FacilityFactory(slug="hidden", publication_status=PublicationStatus.DRAFT)
    service = ServiceFactory(slug="help")
    ServiceAtLocationFactory(service=service, facility=first)
    ServiceFactory(slug="draft-service", publication_status=PublicationStatus.DRAFT)

    result = shortlist(
        facility_slugs=["second", "hidden", "first"], service_slugs=["draft-service", "help"], at=MONDAY_NOON
    )
    assert result.facility_slugs == ["second", "first"] and result.service_slugs == ["help"]
    assert result.facilities[1].status.is_open
    assert [(i.start.hour, i.end.hour) for i in result.facilities[1].today_hours] == [(9, 17)]
    assert second.slug == result.facilities[0].slug and result.facilities[0].today_hours == []
    assert [place.facility.slug for place in result.services[0].places] == ["first"]
    assert not shortlist(facility_slugs=["hidden"], service_slugs=[], at=MONDAY_NOON)


def test_shortlist_queries_do_not_grow_with_its_length(django_assert_max_num_queries):
    slugs = []
    for n in range(8):
        facility = FacilityFactory(slug=f"place-{n}")
        OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
        slugs.append(facility.slug)
    with django_assert_max_num_queries(8):
        shortlist(facility_slugs=slugs, service_slugs=[], at=MONDAY_NOON)
