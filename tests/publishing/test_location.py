"""Where a place is (publishing/location.py): the same rules and reads for facilities and estates."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from facilities.geo import BoundingBox
from facilities.models import Estate, Facility

from ..facilities.factories import EstateFactory, FacilityFactory

pytestmark = pytest.mark.django_db

POINT = {"latitude": Decimal("31.260000"), "longitude": Decimal("121.400000")}


@pytest.fixture(params=[FacilityFactory, EstateFactory], ids=["facility", "estate"])
def place_factory(request):
    return request.param


def test_located_unlocated_and_within_split_the_rows(place_factory):
    located = place_factory(location_verified=True, **POINT)
    unverified = place_factory(**POINT)
    pointless = place_factory()
    model = type(located)
    assert list(model.objects.located()) == [located]
    assert set(model.objects.unlocated()) == {unverified, pointless}
    box = BoundingBox(min_latitude=31.25, max_latitude=31.27, min_longitude=121.39, max_longitude=121.41)
    assert set(model.objects.within(box)) == {located, unverified}
    assert not model.objects.within(BoundingBox(0.1, 0.2, 0.1, 0.2)).exists()


def test_only_a_verified_point_gives_coordinates(place_factory):
    assert place_factory(location_verified=True, **POINT).verified_coordinates == (31.26, 121.4)
    unverified = place_factory(**POINT)
    assert unverified.has_point and not unverified.is_located and unverified.verified_coordinates is None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"latitude": Decimal("31.26")}, "纬度和经度需同时填写或同时留空。"),
        ({"location_verified": True}, "没有坐标时不能标记为位置已核实。"),
    ],
)
@pytest.mark.parametrize("model", [Facility, Estate], ids=["facility", "estate"])
def test_clean_explains_the_rules_in_chinese(model, values, message, chinese):
    with pytest.raises(ValidationError, match=message):
        model(name="某处", **values).clean_location()


def test_the_database_holds_the_same_rules_for_both(place_factory):
    place = place_factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(place).objects.filter(pk=place.pk).update(location_verified=True)


def test_both_keep_their_own_latitude_help_text_and_column_order():
    assert "主出入口" in str(Estate._meta.get_field("latitude").help_text)
    assert "GPS" in str(Facility._meta.get_field("latitude").help_text)
    names = [f.name for f in Estate._meta.concrete_fields]
    assert names.index("slug") < names.index("latitude") < names.index("households")
