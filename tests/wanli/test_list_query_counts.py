"""Every list page and endpoint makes the same number of queries with 50 facilities as with 5,000: one page of
rows, one count, the prefetches, never a query per row or a read of the whole table.

The rows are made once for the module with bulk_create (demo generation), first 50 then 5,000, and every page
is measured at both sizes; the tests then compare. Marked `slow` (about 10–20 s in all)."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from facilities.demo import DEMO_CENTRE, generate_demo_facilities
from facilities.hours import local_now
from facilities.models import Estate, Facility, HoursException, OpeningPeriod
from services.models import Service, ServiceAtLocation, ServiceCategory
from tests.reports.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SMALL, LARGE = 50, 5000
NEAR = f"{DEMO_CENTRE[0]},{DEMO_CENTRE[1]}"
PAGES = {
    "facility list": ("/facilities/", {}),
    "facility list, page 3": ("/facilities/", {"page": "3"}),
    "open now": ("/facilities/", {"open_now": "1"}),
    "nearby by position": ("/facilities/", {"near": NEAR, "radius": "3000"}),
    "nearby by estate": ("/facilities/", {"estate": "query-count-estate", "radius": "3000"}),
    "service list": ("/services/", {}),
    "map": ("/map/", {}),
    "search": ("/search/", {"q": "演示"}),
    "HSDA services": ("/api/hsds/services", {}),
    "HSDA services at locations": ("/api/hsds/service_at_locations", {}),
    "dashboard": ("/dashboard/", {}),
}


def grow_to(count: int, category: ServiceCategory) -> None:
    before = set(Facility.objects.values_list("pk", flat=True))
    generate_demo_facilities(count=count)
    new = list(Facility.objects.exclude(pk__in=before).order_by("pk"))
    # Every tenth place is open all day, so the open-now list has rows at any hour the suite runs.
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(facility=facility, weekday=day, opens=opens, closes=closes)
        for facility in new[::10]
        for day in range(7)
        for opens, closes in ((time(0), time(12)), (time(12), time(0)))
    )
    start = Service.objects.count()
    services = Service.objects.bulk_create(
        Service(
            name=f"演示服务 {start + n}",
            slug=f"query-count-service-{start + n}",
            category=category,
            summary="演示数据",
            publication_status="published",
        )
        for n in range(len(new) // 10)
    )
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(service=service, facility=facility)
        for n, service in enumerate(services)
        for facility in new[n * 10 : n * 10 + 3]
    )


def count_queries(client: Client, path: str, params: dict) -> int:
    cache.clear()  # every page rendered afresh
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    return len(captured)


def measure(anonymous: Client, signed_in: Client) -> dict[str, int]:
    return {
        name: count_queries(signed_in if name == "dashboard" else anonymous, path, params)
        for name, (path, params) in PAGES.items()
    }


@pytest.fixture(scope="module")
def query_counts(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        category = ServiceCategory.objects.create(name="演示分类", slug="query-count-category")
        Estate.objects.create(
            name="查询计数小区",
            slug="query-count-estate",
            latitude=Decimal(str(DEMO_CENTRE[0])),
            longitude=Decimal(str(DEMO_CENTRE[1])),
            location_verified=True,
        )
        user = UserFactory()
        user.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
        signed_in, anonymous = Client(), Client()
        signed_in.force_login(user)
        grow_to(SMALL, category)
        today = local_now().date()
        for facility in Facility.objects.order_by("pk")[:2]:  # today's exceptions: read once, whatever the size
            HoursException.objects.create(facility=facility, date=today, is_closed=True)
            HoursException.objects.create(facility=facility, date=today + timedelta(days=1), is_closed=True)
        small = measure(anonymous, signed_in)
        grow_to(LARGE, category)
        large = measure(anonymous, signed_in)
        transaction.set_rollback(True)  # the module's rows never reach another test
    return small, large


@pytest.mark.parametrize("page", PAGES)
def test_the_number_of_queries_does_not_grow_with_the_table(query_counts, page):
    small, large = query_counts
    assert small[page] == large[page], f"{page}: {small[page]} queries at {SMALL} facilities, {large[page]} at {LARGE}"


def test_the_open_now_list_reads_a_fixed_handful(query_counts):
    small, _ = query_counts
    # session-free anonymous page: calendar, today's exceptional places (3), count, ids, rows and prefetches …
    assert small["open now"] <= small["facility list"] + 4
