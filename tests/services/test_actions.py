from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from publishing.publishable import PublicationStatus
from services.actions import menus_copy_to_next_week, menus_publish, service_offer_at
from services.models import Menu
from tests.facilities.factories import FacilityFactory
from tests.services.factories import MenuFactory, MenuItemFactory, ServiceFactory

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 11, 23)


def test_service_offer_at_refuses_a_second_link_to_the_same_place():
    service, facility = ServiceFactory(), FacilityFactory()
    service_offer_at(service=service, facility=facility, note="仅周末")
    with pytest.raises(ValidationError):
        service_offer_at(service=service, facility=facility)


def test_copy_to_next_week_copies_dishes_and_prices_as_drafts():
    source = MenuFactory(date=MONDAY, meal="lunch", note="11:00 起", note_en="From 11:00")
    MenuItemFactory(
        menu=source,
        dish="红烧肉",
        price=Decimal("15.00"),
        discount_for="elderly",
        discounted_price=Decimal("12.00"),
        order=1,
    )
    MenuItemFactory(menu=source, dish="青菜", price=Decimal("3.50"), order=2)

    result = menus_copy_to_next_week(menus=[source])

    assert len(result.created) == 1 and not result.skipped
    copy = Menu.objects.get(facility=source.facility, date=MONDAY + timedelta(days=7), meal="lunch")
    assert copy.publication_status == PublicationStatus.DRAFT
    assert (copy.note, copy.note_en) == ("11:00 起", "From 11:00")
    assert [(i.dish, i.price, i.discount_for, i.discounted_price) for i in copy.items.order_by("order")] == [
        ("红烧肉", Decimal("15.00"), "elderly", Decimal("12.00")),
        ("青菜", Decimal("3.50"), "", None),
    ]
    # The source is untouched.
    assert source.items.count() == 2


def test_copy_to_next_week_never_overwrites_an_existing_menu():
    source = MenuFactory(date=MONDAY)
    MenuItemFactory(menu=source, dish="红烧肉")
    existing = MenuFactory(facility=source.facility, date=MONDAY + timedelta(days=7), meal=source.meal)
    MenuItemFactory(menu=existing, dish="糖醋排骨")

    result = menus_copy_to_next_week(menus=[source])

    assert result.skipped == [source] and not result.created
    assert list(existing.items.values_list("dish", flat=True)) == ["糖醋排骨"]


def test_copy_a_whole_week_at_once():
    canteen = MenuFactory(date=MONDAY).facility
    week = [
        MenuFactory(facility=canteen, date=MONDAY + timedelta(days=d), meal=m)
        for d in range(1, 5)
        for m in ("breakfast", "dinner")
    ]
    result = menus_copy_to_next_week(menus=[Menu.objects.get(date=MONDAY), *week])
    assert len(result.created) == 9
    assert Menu.objects.filter(date__gte=MONDAY + timedelta(days=7)).count() == 9


def test_menus_publish_publishes_drafts_only():
    draft, published = MenuFactory(publication_status="draft"), MenuFactory(publication_status="published")
    assert menus_publish(menus=[draft, published]) == 1
    draft.refresh_from_db()
    assert draft.publication_status == PublicationStatus.PUBLISHED
