"""Publishing written one way (publishing/publishable.py), through every model that is published."""

import pytest
from django.db import IntegrityError, transaction

from facilities.models import Facility
from publishing.publishable import PublicationStatus, public_q, published_q, stored_as_published
from services.models import Menu, Service, ServiceAtLocation

from ..facilities.factories import FacilityFactory
from ..services.factories import MenuFactory, ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

PUBLISHED_MODELS = [Facility, Service, Menu]
DRAFT, PUBLISHED, ARCHIVED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED


def test_the_stored_values_are_those_of_every_existing_row():
    assert PublicationStatus.values == ["draft", "published", "archived"]


@pytest.mark.parametrize("model", PUBLISHED_MODELS, ids=lambda m: m.__name__)
def test_every_published_model_has_the_one_status_column(model):
    field = model._meta.get_field("publication_status")
    assert (field.max_length, field.default, field.choices) == (12, DRAFT, PublicationStatus.choices)
    assert f"{model._meta.model_name}_publication_status_valid" in {c.name for c in model._meta.constraints}


@pytest.mark.parametrize("factory", [FacilityFactory, ServiceFactory, MenuFactory], ids=lambda f: f.__name__)
def test_published_drafts_and_is_published_agree_on_every_model(factory):
    rows = {status: factory(publication_status=status) for status in (DRAFT, PUBLISHED, ARCHIVED)}
    model = type(rows[DRAFT])
    assert list(model.objects.published()) == [rows[PUBLISHED]]
    assert list(model.objects.drafts()) == [rows[DRAFT]]
    assert [status for status, row in rows.items() if row.is_published] == [PUBLISHED]


@pytest.mark.parametrize("factory", [FacilityFactory, ServiceFactory, MenuFactory], ids=lambda f: f.__name__)
def test_the_database_refuses_a_status_outside_the_three(factory):
    row = factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(publication_status="publish")


def test_real_leaves_out_demo_rows_and_keeps_every_row_of_a_model_without_them():
    real, _demo = FacilityFactory(), FacilityFactory(is_demo=True)
    assert list(Facility.objects.published().real()) == [real]
    service = ServiceFactory()
    assert list(Service.objects.published().real()) == [service]


def test_published_q_and_public_q_look_through_a_relation():
    shown = ServiceAtLocationFactory()
    draft_place = ServiceAtLocationFactory(facility=FacilityFactory(publication_status=DRAFT))
    binned = ServiceAtLocationFactory()
    binned.facility.mark_deleted()
    binned.facility.save()
    through_facility = ServiceAtLocation.objects.filter(published_q("facility__"))
    assert set(through_facility) == {shown, binned}
    assert list(ServiceAtLocation.objects.filter(public_q("facility__"))) == [shown]
    assert draft_place not in ServiceAtLocation.objects.filter(public_q("facility__"))


def test_is_public_is_false_in_the_recycle_bin_and_for_a_draft():
    binned, draft, menu = FacilityFactory(), FacilityFactory(publication_status=DRAFT), MenuFactory()
    binned.mark_deleted()
    menu.publication_status = PUBLISHED  # a menu has no recycle bin: published is public
    assert (binned.is_public, draft.is_public, menu.is_public) == (False, False, True)


def test_stored_as_published_reads_the_row_as_stored_not_as_edited():
    facility = FacilityFactory(publication_status=PUBLISHED)
    facility.publication_status = DRAFT  # an edit in a form, not saved
    assert stored_as_published(facility)
    draft = ServiceFactory(publication_status=DRAFT)
    draft.publication_status = PUBLISHED
    assert not stored_as_published(draft)
