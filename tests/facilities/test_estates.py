"""Estates: database rules, the real seed (香泉苑, unverified), demo estates and the generate_demo command."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from facilities.demo import generate_demo_estates
from facilities.models import Estate
from facilities.seed import seed_estates
from tests.facilities.factories import EstateFactory, FacilityFactory

pytestmark = pytest.mark.django_db


def test_seed_creates_xiangquanyuan_unverified_without_inventing_a_point():
    assert seed_estates() == 1
    estate = Estate.objects.get(slug="xiangquanyuan")
    assert estate.name == "香泉苑"
    assert not estate.location_verified and estate.latitude is None and estate.longitude is None
    assert estate.households is None and estate.population is None
    assert not estate.is_demo


def test_estate_seed_is_create_only():
    seed_estates()
    Estate.objects.filter(slug="xiangquanyuan").update(population=1234)
    assert seed_estates() == 0
    assert Estate.objects.get(slug="xiangquanyuan").population == 1234


def test_demo_estates_are_flagged_located_and_idempotent():
    assert generate_demo_estates(count=5) == 5
    assert generate_demo_estates(count=5) == 0
    estates = Estate.objects.all()
    assert estates.count() == 5
    assert all(e.is_demo and e.location_verified and e.population for e in estates)


def test_generate_demo_command_makes_estates(capsys):
    call_command("generate_demo", facilities=3, estates=4)
    assert Estate.objects.filter(is_demo=True).count() == 4
    with pytest.raises(CommandError):
        call_command("generate_demo", facilities=0, estates=-1)


def test_slug_is_made_from_pinyin():
    estate = Estate(name="万里城一街坊")
    estate.full_clean(exclude=["slug"])
    estate.save()
    assert estate.slug == "wan-li-cheng-yi-jie-fang"


@pytest.mark.parametrize(
    "fields",
    [
        {"latitude": Decimal("31.26"), "longitude": None},
        {"location_verified": True},
        {"latitude": Decimal("0"), "longitude": Decimal("0")},
        {"latitude": Decimal("95"), "longitude": Decimal("121.4")},
    ],
)
def test_database_rejects_impossible_estate_points(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Estate.objects.create(name="坏数据", slug="bad", **fields)


def test_database_rejects_null_island_and_out_of_range_facility_points():
    facility = FacilityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(facility).objects.filter(pk=facility.pk).update(latitude=Decimal("0"), longitude=Decimal("0"))
    with pytest.raises(IntegrityError), transaction.atomic():
        type(facility).objects.filter(pk=facility.pk).update(latitude=Decimal("-91"), longitude=Decimal("121"))


def test_located_and_unlocated_querysets():
    located = EstateFactory(latitude=Decimal("31.26"), longitude=Decimal("121.4"), location_verified=True)
    unverified = EstateFactory(latitude=Decimal("31.26"), longitude=Decimal("121.4"))
    nowhere = EstateFactory()
    assert list(Estate.objects.located()) == [located]
    assert set(Estate.objects.unlocated()) == {unverified, nowhere}
    assert located.is_located and not unverified.is_located
