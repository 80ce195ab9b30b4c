"""Cached fragments (facilities/templatetags/fragment_tags.py): cards and filter forms reused across fresh
pages, refreshed by a change to what they show, and never showing a stale open/closed status."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from facilities.models import Facility
from tests.facilities.factories import FacilityFactory, OpeningPeriodFactory
from tests.services.factories import ServiceAtLocationFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRESH = {"HTTP_X_BENCH_NO_CACHE": "1"}  # the page cache bypassed: every page rendered afresh


@pytest.fixture(autouse=True)
def benchmark_header(settings):
    settings.BENCHMARK = True


def fresh_page(path: str) -> str:
    response = Client().get(path, **FRESH)
    assert response.status_code == 200 and "X-Cache" not in response
    return response.content.decode()


def test_a_fresh_page_reuses_the_cards_rendered_before():
    facility = FacilityFactory(name="香泉食堂")
    first = fresh_page("/facilities/")
    # Changed behind the cache's back (an UPDATE sends no signal): the reused card still shows the old name,
    # which proves it came from the fragment cache.
    Facility.objects.filter(pk=facility.pk).update(name="改名食堂")
    second = fresh_page("/facilities/")
    assert "香泉食堂" in second and "改名食堂" not in second
    assert first.count('class="card"') == second.count('class="card"')


def test_a_change_through_the_site_refreshes_its_cards_and_leaves_the_others():
    facility, other = FacilityFactory(name="香泉食堂"), FacilityFactory(name="万里食堂")
    fresh_page("/facilities/")
    Facility.objects.filter(pk=other.pk).update(name="万里食堂（旧卡片）")
    facility.name = "新名字食堂"
    facility.save()
    page = fresh_page("/facilities/")
    assert "新名字食堂" in page
    assert "万里食堂" in page and "旧卡片" not in page  # the other card was reused as it was


def test_cards_depend_on_the_language_and_the_display_mode():
    FacilityFactory(name="香泉食堂", name_en="Xiangquan Canteen")
    fresh_page("/facilities/")
    assert "Xiangquan Canteen" in fresh_page("/en/facilities/")
    elderly = Client()
    elderly.cookies["elderly_mode"] = "1"
    normal = fresh_page("/facilities/")
    assert elderly.get("/facilities/", **FRESH).status_code == 200
    assert normal == fresh_page("/facilities/")


def test_a_card_never_shows_a_stale_open_status(monkeypatch):
    from django.utils import timezone

    facility = FacilityFactory(name="九点开门")
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    clock = {"now": datetime(2024, 6, 3, 8, 59, tzinfo=SHANGHAI)}  # a Monday
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    assert "现在关闭" in fresh_page("/facilities/")
    clock["now"] = datetime(2024, 6, 3, 9, 0, tzinfo=SHANGHAI)
    page = fresh_page("/facilities/")
    assert "正在开放" in page and "现在关闭" not in page


def test_the_filter_form_keeps_what_the_visitor_chose():
    FacilityFactory()
    fresh_page("/facilities/")
    assert 'value="食堂"' in fresh_page("/facilities/?q=食堂")
    assert 'value="食堂"' not in fresh_page("/facilities/")


def test_service_cards_follow_the_places_offering_the_service():
    link = ServiceAtLocationFactory()
    before = fresh_page("/services/")
    ServiceAtLocationFactory(service=link.service)  # a second place: "2 处提供"
    after = fresh_page("/services/")
    assert before != after and "2 处提供" in after
