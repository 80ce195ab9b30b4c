from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from facilities.models import Facility, OperationStatus
from tests.facilities.factories import FacilityFactory, FacilityKindFactory, HoursExceptionFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_pinyin_when_left_empty():
    facility = Facility.objects.create(name="万里公园", kind=FacilityKindFactory())
    assert facility.slug == "wan-li-gong-yuan"


def test_slugs_stay_unique_for_equal_names():
    kind = FacilityKindFactory()
    first = Facility.objects.create(name="社区食堂", kind=kind)
    second = Facility.objects.create(name="社区食堂", kind=kind)
    assert first.slug == "she-qu-shi-tang"
    assert second.slug == "she-qu-shi-tang-2"


def test_english_name_falls_back_to_chinese():
    from django.utils import translation

    facility = FacilityFactory(name="万里公园", name_en="")
    with translation.override("en"):
        assert facility.display_name == "万里公园"
    facility.name_en = "Wanli Park"
    with translation.override("en"):
        assert facility.display_name == "Wanli Park"
    with translation.override("zh-hans"):
        assert facility.display_name == "万里公园"


def test_database_refuses_half_a_coordinate():
    facility = FacilityFactory()
    facility.latitude = 31.26
    with pytest.raises(IntegrityError), transaction.atomic():
        facility.save()


def test_database_refuses_a_verified_location_without_a_point():
    facility = FacilityFactory()
    facility.location_verified = True
    with pytest.raises(IntegrityError), transaction.atomic():
        facility.save()


def test_database_refuses_an_unknown_publication_status():
    facility = FacilityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Facility.objects.filter(pk=facility.pk).update(publication_status="secret")


def test_database_refuses_a_facility_inside_itself():
    facility = FacilityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Facility.objects.filter(pk=facility.pk).update(parent=facility.pk)


def test_clean_asks_for_a_reason_when_temporarily_closed():
    facility = FacilityFactory.build(operation_status=OperationStatus.TEMPORARILY_CLOSED, kind=FacilityKindFactory())
    with pytest.raises(ValidationError) as error:
        facility.full_clean()
    assert "closure_reason" in error.value.message_dict


def test_database_refuses_an_empty_opening_period():
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningPeriodFactory(opens=time(9), closes=time(9))


def test_database_refuses_an_exception_that_is_both_closed_and_timed():
    with pytest.raises(IntegrityError), transaction.atomic():
        HoursExceptionFactory(is_closed=True, opens=time(9), closes=time(10), date="2026-12-01")


def test_parent_and_children_are_linked_both_ways():
    home = FacilityFactory(name="城市建设者管理者之家")
    canteen = FacilityFactory(name="食堂", parent=home)
    assert list(home.children.all()) == [canteen]
    assert canteen.parent == home


def test_published_queryset_only_returns_published():
    published = FacilityFactory()
    FacilityFactory(publication_status="draft")
    FacilityFactory(publication_status="archived")
    assert list(Facility.objects.published()) == [published]


@pytest.mark.parametrize("code", ["20033", "2003333", "20O333", "２００３３３"])
def test_a_postal_code_is_six_ascii_digits_in_the_form_and_in_the_database(code):
    facility = FacilityFactory()
    facility.postal_code = code
    with pytest.raises(ValidationError) as error:
        facility.full_clean()
    assert "postal_code" in error.value.message_dict
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():  # too long is a DataError on PostgreSQL
        Facility.objects.filter(pk=facility.pk).update(postal_code=code)


def test_a_six_digit_postal_code_or_none_is_accepted():
    facility = FacilityFactory(postal_code="200333")
    facility.full_clean()
    Facility.objects.filter(pk=facility.pk).update(postal_code="")
