"""The staff workflow's writes on a facility (publishing.actions, which the admin runs): publishing,
verification, recycle bin, version numbers."""

import pytest
from django.utils import timezone

from facilities.models import Facility, FacilityKind
from facilities.queries import public_facilities
from publishing.actions import mark_verified, move_to_recycle_bin, restore_from_recycle_bin, set_publication_status
from publishing.publishable import PublicationStatus
from tests.wanli.factories import StaffUserFactory
from wanli import roles

from .factories import FacilityFactory, OpeningPeriodFactory
from .test_admin_workflow import ADD, add_form_data

pytestmark = pytest.mark.django_db


def test_publish_unpublish_archive_move_between_states():
    facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
    assert facility not in public_facilities()
    set_publication_status(obj=facility, status=PublicationStatus.PUBLISHED, by=None)
    assert facility in public_facilities()
    set_publication_status(obj=facility, status=PublicationStatus.DRAFT, by=None)
    assert facility.publication_status == PublicationStatus.DRAFT
    assert facility not in public_facilities()
    set_publication_status(obj=facility, status=PublicationStatus.ARCHIVED, by=None)
    facility.refresh_from_db()
    assert facility.publication_status == PublicationStatus.ARCHIVED
    assert facility.history.latest().history_change_reason == "已归档"


def test_mark_verified_sets_today():
    facility = FacilityFactory(last_verified=None)
    mark_verified(obj=facility, by=None)
    facility.refresh_from_db()
    assert facility.last_verified == timezone.localdate()


def test_every_save_raises_the_version():
    facility = FacilityFactory()
    first = facility.version
    mark_verified(obj=facility, by=None)
    set_publication_status(obj=facility, status=PublicationStatus.DRAFT, by=None)
    facility.refresh_from_db()
    assert facility.version == first + 2


def test_delete_hides_everywhere_and_restore_brings_back_hours():
    facility = FacilityFactory()
    period = OpeningPeriodFactory(facility=facility)
    move_to_recycle_bin(obj=facility, by=None)

    assert not Facility.objects.filter(pk=facility.pk).exists()
    assert facility not in public_facilities()
    assert not FacilityKind.objects.filter(facilities__publication_status="published", pk=facility.kind_id).exists()
    assert Facility.all_objects.get(pk=facility.pk).is_deleted

    restored = restore_from_recycle_bin(obj=Facility.all_objects.get(pk=facility.pk), by=None)
    assert restored.publication_status == PublicationStatus.DRAFT
    assert list(Facility.objects.get(pk=facility.pk).opening_periods.all()) == [period]


def test_a_slug_in_the_recycle_bin_is_not_reused(client):
    """Through the admin's add form, the path staff use."""
    facility = move_to_recycle_bin(obj=FacilityFactory(name="万里公园", slug="wan-li-gong-yuan"), by=None)
    client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
    assert client.post(ADD, add_form_data(facility.kind, name="万里公园")).status_code == 302
    assert Facility.objects.get(name="万里公园").slug == "wan-li-gong-yuan-2"
    response = client.post(ADD, add_form_data(facility.kind, name="另一个", slug="wan-li-gong-yuan"))
    assert response.status_code == 200 and "回收站" in str(response.context["adminform"].form.errors["slug"])
    assert not Facility.objects.filter(name="另一个").exists()
