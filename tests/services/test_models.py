from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from services.models import Menu, MenuItem, Service, ServiceAtLocation, ServiceCategory
from tests.facilities.factories import FacilityFactory
from tests.services.factories import (
    MenuFactory,
    MenuItemFactory,
    ServiceAtLocationFactory,
    ServiceCategoryFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def test_category_has_at_most_two_levels():
    top = ServiceCategoryFactory()
    child = ServiceCategoryFactory(parent=top)
    grandchild = ServiceCategory(name="三级", slug="third", parent=child)
    with pytest.raises(ValidationError) as error:
        grandchild.full_clean()
    assert "parent" in error.value.message_dict


def test_category_with_children_cannot_get_a_parent():
    top = ServiceCategoryFactory()
    ServiceCategoryFactory(parent=top)
    other = ServiceCategoryFactory()
    top.parent = other
    with pytest.raises(ValidationError):
        top.full_clean()


def test_category_cannot_be_its_own_parent_in_the_database():
    category = ServiceCategoryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceCategory.objects.filter(pk=category.pk).update(parent=category.pk)


def test_top_category_names_are_unique_in_the_database():
    ServiceCategoryFactory(name="便民")
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceCategory.objects.create(name="便民", slug="another")


def test_category_display_path_shows_both_levels(chinese):
    child = ServiceCategoryFactory(name="助餐", parent=ServiceCategoryFactory(name="一老一小"))
    assert child.display_path == "一老一小 › 助餐"


def test_service_gets_a_pinyin_slug():
    service = ServiceFactory(name="日间照料", slug="")
    assert service.slug == "ri-jian-zhao-liao"


def test_service_age_range_must_be_ordered():
    service = ServiceFactory.build(category=ServiceCategoryFactory(), min_age=60, max_age=3)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "max_age" in error.value.message_dict


def test_service_age_range_is_a_database_constraint():
    service = ServiceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.filter(pk=service.pk).update(min_age=60, max_age=3)


def test_unknown_operation_status_is_rejected_by_the_database():
    service = ServiceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.filter(pk=service.pk).update(operation_status="open")


def test_temporarily_closed_service_needs_a_reason():
    service = ServiceFactory.build(category=ServiceCategoryFactory(), operation_status="temporarily_closed")
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "closure_reason" in error.value.message_dict


def test_service_documents_list_skips_blank_lines():
    service = ServiceFactory.build(documents_needed="身份证\n\n  户口簿 \n")
    assert service.documents_list == ["身份证", "户口簿"]


def test_a_service_is_offered_once_per_facility():
    link = ServiceAtLocationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceAtLocation.objects.create(service=link.service, facility=link.facility)


def test_each_exported_model_gets_a_distinct_uuid():
    first, second = ServiceFactory(), ServiceFactory()
    assert first.uuid != second.uuid
    assert FacilityFactory().uuid != FacilityFactory().uuid


def test_one_menu_per_canteen_day_and_meal():
    menu = MenuFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Menu.objects.create(facility=menu.facility, date=menu.date, meal=menu.meal)


def test_menu_facility_must_be_a_canteen():
    menu = Menu(facility=FacilityFactory(), date=MenuFactory().date, meal="lunch")
    with pytest.raises(ValidationError) as error:
        menu.full_clean()
    assert "facility" in error.value.message_dict


@pytest.mark.parametrize("field", ["price", "discounted_price"])
def test_prices_cannot_be_negative_in_the_database(field):
    item = MenuItemFactory(discount_for="elderly", discounted_price=Decimal("8.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        MenuItem.objects.filter(pk=item.pk).update(**{field: Decimal("-1")})


def test_discount_cannot_exceed_the_price():
    item = MenuItemFactory.build(
        menu=MenuFactory(), price=Decimal("10"), discount_for="elderly", discounted_price=Decimal("12")
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "discounted_price" in error.value.message_dict


def test_discount_needs_its_audience_and_the_database_agrees():
    item = MenuItemFactory.build(menu=MenuFactory(), discounted_price=Decimal("8"))
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "discount_for" in error.value.message_dict
    saved = MenuItemFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MenuItem.objects.filter(pk=saved.pk).update(discount_for="residents")


@pytest.mark.django_db
def test_service_search_text_is_kept_right_by_save_update_and_bulk_update():
    service = ServiceFactory(name="小修小补", summary="义务维修")
    assert service.search_text.startswith("xxxb#小修小补") and "yiwuweixiu" in service.search_text
    Service.objects.filter(pk=service.pk).update(name="助餐")
    service.refresh_from_db()
    assert service.search_text.startswith("zc#助餐")
    service.name_en = "Meals"
    Service.objects.bulk_update([service], ["name_en"])
    service.refresh_from_db()
    assert " meals " in service.search_text
