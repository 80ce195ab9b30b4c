from datetime import time
from decimal import Decimal

import pytest

from tests.facilities.factories import FacilityFactory, OpeningPeriodFactory
from tests.services.factories import ServiceAtLocationFactory, ServiceCategoryFactory, ServiceFactory


@pytest.fixture(autouse=True)
def chinese_by_default(chinese):
    """A request in English leaves English active in the thread; every test here starts in Chinese."""
    yield


def _categories() -> dict:
    top = ServiceCategoryFactory(name="一老一小", name_en="Elderly and young children", slug="yilao-yixiao")
    meals = ServiceCategoryFactory(name="助餐", name_en="Meals", slug="zhucan", parent=top)
    repairs = ServiceCategoryFactory(
        name="小修小补", slug="xiaoxiu-xiaobu", parent=ServiceCategoryFactory(name="便民", slug="bianmin")
    )
    return {"top": top, "meals": meals, "repairs": repairs}


def _facilities() -> dict:
    canteen = FacilityFactory(
        name="香泉智助食堂",
        name_en="Xiangquan Smart Canteen",
        address="示例路1号",
        phone="021-00000000",
        latitude=Decimal("31.260000"),
        longitude=Decimal("121.400000"),
        location_verified=True,
        accessibility="有坡道",
    )
    OpeningPeriodFactory(facility=canteen, weekday=0, opens=time(10, 30), closes=time(13, 0))
    OpeningPeriodFactory(facility=canteen, weekday=4, opens=time(22, 0), closes=time(2, 0))
    unverified = FacilityFactory(
        name="未核实位置的站点", latitude=Decimal("31.2"), longitude=Decimal("121.3"), location_verified=False
    )
    draft_facility = FacilityFactory(name="草稿设施", publication_status="draft")
    demo_facility = FacilityFactory(
        name="演示设施", is_demo=True, latitude=Decimal("31.25"), longitude=Decimal("121.41"), location_verified=True
    )
    return {
        "canteen": canteen,
        "unverified": unverified,
        "draft_facility": draft_facility,
        "demo_facility": demo_facility,
    }


def _services(*, meals, repairs) -> dict:
    meal = ServiceFactory(
        name="社区食堂用餐",
        name_en="Community meals",
        category=meals,
        summary="午餐",
        description="居民和骑手都可以来吃饭。",
        eligibility="本街道居民",
        min_age=18,
        max_age=120,
        fees_description="每餐15元起",
        how_to_apply="直接到店",
        documents_needed="身份证\n老年卡",
        phone="021-11111111",
        alert="春节暂停",
        audiences=["elderly"],
    )
    meal.last_verified = meal.created_at.date()
    meal.save()
    repair = ServiceFactory(
        name="小修小补",
        category=repairs,
        is_free=True,
        operation_status="temporarily_closed",
        closure_reason="志愿者休假",
    )
    draft_service = ServiceFactory(name="草稿服务", category=meals, publication_status="draft")
    return {"meal": meal, "repair": repair, "draft_service": draft_service}


@pytest.fixture
def directory(db):
    """A small directory: published records with every field the export fills, plus drafts that must never leak."""
    records = _categories()
    records.update(_facilities())
    records.update(_services(meals=records["meals"], repairs=records["repairs"]))
    meal, repair, canteen = records["meal"], records["repair"], records["canteen"]
    records["meal_here"] = ServiceAtLocationFactory(
        service=meal, facility=canteen, note="老人优先", phone="021-22222222", hours_note="仅午餐"
    )
    records["repair_here"] = ServiceAtLocationFactory(service=repair, facility=records["unverified"])
    records["hidden_links"] = [
        ServiceAtLocationFactory(service=meal, facility=records["draft_facility"]),
        ServiceAtLocationFactory(service=records["draft_service"], facility=canteen),
        ServiceAtLocationFactory(service=repair, facility=records["demo_facility"]),
    ]
    return records
