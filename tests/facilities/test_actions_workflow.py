"""The facility write actions of the staff workflow: publishing, verification, recycle bin, version numbers."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from facilities import actions
from facilities.models import Facility, FacilityKind
from facilities.queries import public_facilities
from publishing.publishable import PublicationStatus

from .factories import FacilityFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db


def test_publish_unpublish_archive_move_between_states():
    facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
    assert facility not in public_facilities()
    actions.facility_publish(facility=facility, by=None)
    assert facility in public_facilities()
    actions.facility_unpublish(facility=facility, by=None)
    assert facility.publication_status == PublicationStatus.DRAFT
    assert facility not in public_facilities()
    actions.facility_archive(facility=facility, by=None)
    facility.refresh_from_db()
    assert facility.publication_status == PublicationStatus.ARCHIVED
    assert facility.history.latest().history_change_reason == "已归档"


def test_mark_verified_sets_today():
    facility = FacilityFactory(last_verified=None)
    actions.facility_mark_verified(facility=facility, by=None)
    facility.refresh_from_db()
    assert facility.last_verified == timezone.localdate()


def test_every_save_raises_the_version():
    facility = FacilityFactory()
    first = facility.version
    actions.facility_mark_verified(facility=facility, by=None)
    actions.facility_unpublish(facility=facility, by=None)
    facility.refresh_from_db()
    assert facility.version == first + 2


def test_delete_hides_everywhere_and_restore_brings_back_hours():
    facility = FacilityFactory()
    period = OpeningPeriodFactory(facility=facility)
    actions.facility_delete(facility=facility, by=None)

    assert not Facility.objects.filter(pk=facility.pk).exists()
    assert facility not in public_facilities()
    assert not FacilityKind.objects.filter(facilities__publication_status="published", pk=facility.kind_id).exists()
    assert Facility.all_objects.get(pk=facility.pk).is_deleted

    restored = actions.facility_restore(facility=Facility.all_objects.get(pk=facility.pk), by=None)
    assert restored.publication_status == PublicationStatus.DRAFT
    assert list(Facility.objects.get(pk=facility.pk).opening_periods.all()) == [period]


def test_a_slug_in_the_recycle_bin_is_not_reused():
    facility = actions.facility_delete(facility=FacilityFactory(name="万里公园", slug="wan-li-gong-yuan"), by=None)
    twin = Facility(name="万里公园", kind=facility.kind)
    actions.facility_save(facility=twin)
    assert twin.slug == "wan-li-gong-yuan-2"
    clash = Facility(name="另一个", slug="wan-li-gong-yuan", kind=facility.kind)
    with pytest.raises(ValidationError) as error:
        actions.facility_save(facility=clash)
    assert "回收站" in str(error.value)
