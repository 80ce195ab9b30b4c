"""The facility page shows, through services' template tags, the services offered there and a canteen's menus."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilities.hours import local_now
from tests.facilities.factories import FacilityFactory
from tests.services.factories import CanteenFactory, MenuFactory, MenuItemFactory, ServiceAtLocationFactory

pytestmark = pytest.mark.django_db


def test_facility_page_lists_published_services_offered_there(client):
    facility = FacilityFactory()
    ServiceAtLocationFactory(facility=facility, service__name="小修小补", note="每周六上午")
    ServiceAtLocationFactory(facility=facility, service__name="草稿服务", service__publication_status="draft")
    ServiceAtLocationFactory(service__name="别处的服务")
    content = client.get(facility.get_absolute_url()).content.decode()
    assert "这里提供的服务" in content
    assert "小修小补" in content and "每周六上午" in content
    assert "草稿服务" not in content and "别处的服务" not in content


def test_facility_without_services_shows_no_services_section(client):
    facility = FacilityFactory()
    assert "这里提供的服务" not in client.get(facility.get_absolute_url()).content.decode()


def test_canteen_page_shows_today_and_the_coming_days(client):
    today = local_now().date()
    canteen = CanteenFactory()
    lunch = MenuFactory(facility=canteen, date=today, meal="lunch")
    MenuItemFactory(
        menu=lunch, dish="红烧狮子头", price=Decimal("15.00"), discount_for="elderly", discounted_price=Decimal("12.00")
    )
    breakfast = MenuFactory(facility=canteen, date=today, meal="breakfast")
    MenuItemFactory(menu=breakfast, dish="豆浆油条", price=Decimal("5.00"))
    MenuItemFactory(menu__facility=canteen, menu__date=today + timedelta(days=3), dish="三天后的菜")
    MenuItemFactory(menu__facility=canteen, menu__date=today - timedelta(days=1), dish="昨天的菜")
    MenuItemFactory(menu__facility=canteen, menu__date=today + timedelta(days=7), dish="下周的菜")
    MenuItemFactory(
        menu__facility=canteen, menu__date=today + timedelta(days=1), menu__publication_status="draft", dish="草稿菜"
    )

    content = client.get(canteen.get_absolute_url()).content.decode()

    assert "本周菜单" in content
    assert "红烧狮子头" in content and "15.00 元" in content and "老年人优惠价：12.00 元" in content
    assert content.index("豆浆油条") < content.index("红烧狮子头")  # breakfast before lunch
    assert "三天后的菜" in content
    assert "昨天的菜" not in content and "下周的菜" not in content and "草稿菜" not in content


def test_canteen_without_menus_says_so(client):
    content = client.get(CanteenFactory().get_absolute_url()).content.decode()
    assert "近几天的菜单尚未发布" in content


def test_other_facilities_show_no_menu_section(client):
    assert "本周菜单" not in client.get(FacilityFactory().get_absolute_url()).content.decode()


def test_canteen_page_queries_do_not_grow_with_dishes(client):
    canteen = CanteenFactory()
    today = local_now().date()

    def queries_for(meal, days):
        for offset in range(days):
            menu = MenuFactory(facility=canteen, date=today + timedelta(days=offset), meal=meal)
            MenuItemFactory.create_batch(3, menu=menu)
            ServiceAtLocationFactory(facility=canteen)
        cache.clear()  # both measured cold: the holiday calendar is cached after the first
        with CaptureQueriesContext(connection) as context:
            assert client.get(canteen.get_absolute_url()).status_code == 200
        return len(context)

    assert queries_for("breakfast", 1) == queries_for("dinner", 5)


def test_menu_note_in_the_page_language_falling_back_to_chinese(client):
    today = local_now().date()
    canteen = CanteenFactory()
    MenuItemFactory(
        menu=MenuFactory(
            facility=canteen, date=today, meal="lunch", note="11:00–13:00 供应", note_en="Served 11:00–13:00"
        )
    )
    MenuItemFactory(menu=MenuFactory(facility=canteen, date=today, meal="dinner", note="17:00 开始"))
    english = client.get(f"/en/facilities/{canteen.slug}/").content.decode()
    assert "Served 11:00–13:00" in english and "11:00–13:00 供应" not in english
    assert "17:00 开始" in english  # no English note: the Chinese one
    assert "11:00–13:00 供应" in client.get(f"/facilities/{canteen.slug}/").content.decode()
