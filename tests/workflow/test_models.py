"""The abstract workflow pieces, through Facility (the first model that mixes them in)."""
import pytest

from facilities.models import Facility

from ..facilities.factories import FacilityFactory

pytestmark = pytest.mark.django_db


def test_version_rises_on_every_save_also_with_update_fields():
    facility = FacilityFactory()
    start = facility.version
    facility.summary = "只改简介"
    facility.save(update_fields=["summary"])
    facility.save()
    assert Facility.objects.values_list("version", flat=True).get(pk=facility.pk) == start + 2


def test_default_manager_hides_the_recycle_bin_and_all_objects_does_not():
    facility = FacilityFactory()
    facility.mark_deleted()
    facility.save()
    assert facility.is_deleted
    assert not Facility.objects.filter(pk=facility.pk).exists()
    assert Facility.all_objects.filter(pk=facility.pk).exists()
    assert Facility._default_manager.filter(pk=facility.pk).count() == 0
