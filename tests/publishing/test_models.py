"""The abstract publishing pieces, through Facility (the first model that mixes them in)."""

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


def open_revision(facility, **extra):
    from django.contrib.contenttypes.models import ContentType

    from publishing.models import PendingRevision

    return PendingRevision.objects.create(
        content_type=ContentType.objects.get_for_model(Facility),
        object_id=facility.pk,
        object_repr=str(facility),
        data={"fields": {"summary": "x"}, "inlines": []},
        **extra,
    )


def test_the_database_allows_one_open_revision_per_object():
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    facility = FacilityFactory()
    first = open_revision(facility)
    with pytest.raises(IntegrityError), transaction.atomic():
        open_revision(facility)
    first.status, first.decided_at = "rejected", timezone.now()
    first.save()
    open_revision(facility)  # a decided one does not count


def test_the_database_refuses_a_closed_revision_without_a_decision_time():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        open_revision(FacilityFactory(), status="approved")
