"""The staff workflow on services: roles, publishing, recycle bin, import/export of services and their places."""

from datetime import time

import pytest
import tablib
from django.urls import reverse

from facilities.models import Facility
from publishing.actions import move_to_recycle_bin, restore_from_recycle_bin
from publishing.importing import SpreadsheetCSV
from publishing.publishable import PublicationStatus
from services.models import Service, ServiceAtLocation
from services.resources import ServiceAtLocationResource, ServiceResource
from tests.facilities.admin_forms import change_form_data
from tests.facilities.factories import FacilityFactory, OpeningPeriodFactory
from tests.services.factories import ServiceAtLocationFactory, ServiceCategoryFactory, ServiceFactory
from tests.wanli.factories import StaffUserFactory
from wanli import roles

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:services_service_changelist")


def run_action(client, action, objs, query=""):
    return client.post(CHANGELIST + query, {"action": action, "_selected_action": [o.pk for o in objs]}, follow=True)


def change_url(service):
    return reverse("admin:services_service_change", args=[service.pk])


class TestRoles:
    def test_editor_changes_a_service_but_not_its_status(self, client):
        client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
        service = ServiceFactory(publication_status=PublicationStatus.DRAFT)
        page = client.get(change_url(service))
        assert "publication_status" not in page.context["adminform"].form.fields
        data = change_form_data(page) | {"summary": "编辑改的简介", "publication_status": "published"}
        assert client.post(change_url(service), data).status_code == 302
        service.refresh_from_db()
        assert service.summary == "编辑改的简介"
        assert service.publication_status == PublicationStatus.DRAFT

    def test_editor_cannot_publish_or_delete(self, client):
        client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
        service = ServiceFactory(publication_status=PublicationStatus.DRAFT)
        run_action(client, "publish_selected", [service])
        service.refresh_from_db()
        assert service.publication_status == PublicationStatus.DRAFT
        assert client.get(reverse("admin:services_service_delete", args=[service.pk])).status_code == 403

    def test_publisher_publishes_deletes_and_restores(self, client):
        client.force_login(StaffUserFactory(role=roles.PUBLISHER))
        service = ServiceFactory(publication_status=PublicationStatus.DRAFT)
        link = ServiceAtLocationFactory(service=service)
        run_action(client, "publish_selected", [service])
        service.refresh_from_db()
        assert service.is_published
        assert client.get(service.get_absolute_url()).status_code == 200

        client.post(reverse("admin:services_service_delete", args=[service.pk]), {"post": "yes"})
        assert not Service.objects.filter(pk=service.pk).exists()
        assert client.get(service.get_absolute_url()).status_code == 404
        run_action(client, "restore_selected", [service], query="?bin=deleted")
        restored = Service.objects.get(pk=service.pk)
        assert restored.publication_status == PublicationStatus.DRAFT
        assert list(restored.locations.all()) == [link]

    def test_manager_and_request_handler(self, client):
        service = ServiceFactory()
        client.force_login(StaffUserFactory(role=roles.MANAGER))
        assert client.get(change_url(service)).status_code == 200
        assert client.post(change_url(service), {"name": "x"}).status_code == 403
        client.force_login(StaffUserFactory(role=roles.REQUEST_HANDLER))
        assert client.get(CHANGELIST).status_code == 403


def test_a_deleted_facility_comes_back_with_its_hours_and_services():
    facility = FacilityFactory()
    OpeningPeriodFactory(facility=facility, weekday=3, opens=time(10), closes=time(16))
    link = ServiceAtLocationFactory(facility=facility)
    move_to_recycle_bin(obj=facility, by=None)
    assert not Facility.objects.filter(pk=facility.pk).exists()

    restored = restore_from_recycle_bin(obj=Facility.all_objects.get(pk=facility.pk), by=None)
    assert [(p.weekday, p.opens, p.closes) for p in restored.opening_periods.all()] == [(3, time(10), time(16))]
    assert list(ServiceAtLocation.objects.filter(facility=restored)) == [link]


def test_services_page_hides_a_deleted_facility(client):
    facility = FacilityFactory(name="要删除的设施")
    link = ServiceAtLocationFactory(facility=facility)
    assert "要删除的设施" in client.get(link.service.get_absolute_url()).content.decode()
    move_to_recycle_bin(obj=facility, by=None)
    assert "要删除的设施" not in client.get(link.service.get_absolute_url()).content.decode()


def snapshot():
    services = {
        s.slug: (
            {f.attname: getattr(s, f.attname) for f in Service._meta.concrete_fields},
            sorted(a.code for a in s.audiences.all()),
        )
        for s in Service.all_objects.prefetch_related("audiences")
    }
    links = sorted(
        ServiceAtLocation.objects.values_list("service__slug", "facility__slug", "note", "phone", "hours_note")
    )
    return services, links, Service.history.count()


@pytest.fixture
def catalogue():
    category = ServiceCategoryFactory(slug="meals")
    canteen = FacilityFactory(slug="canteen")
    station = FacilityFactory(slug="station")
    meals = ServiceFactory(slug="meals-for-elderly", category=category, audiences=["elderly"], min_age=60)
    repairs = ServiceFactory(slug="small-repairs", category=category, is_free=True, publication_status="draft")
    ServiceAtLocationFactory(service=meals, facility=canteen, note="午餐 11:00 起")
    ServiceAtLocationFactory(service=repairs, facility=station, phone="")
    return category


@pytest.mark.parametrize("resource_class", [ServiceResource, ServiceAtLocationResource])
def test_export_then_import_changes_nothing(catalogue, resource_class):
    fmt = SpreadsheetCSV()
    dataset = fmt.create_dataset(fmt.export_data(resource_class().export()))
    before = snapshot()
    result = resource_class().import_data(
        dataset,
        dry_run=False,
        user=StaffUserFactory(role=roles.PUBLISHER),
        rollback_on_validation_errors=True,
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}
    assert snapshot() == before


def test_service_at_location_file_with_one_bad_row_changes_nothing(catalogue):
    before = snapshot()
    dataset = tablib.Dataset(headers=["service", "facility", "note", "note_en", "phone", "hours_note"])
    dataset.append(["small-repairs", "canteen", "新地点", "", "", ""])
    dataset.append(["small-repairs", "no-such-place", "", "", "", ""])
    result = ServiceAtLocationResource().import_data(
        dataset,
        dry_run=False,
        user=StaffUserFactory(role=roles.CONTENT_EDITOR),
        rollback_on_validation_errors=True,
    )
    # An unknown key column fails while looking the row up (an "error" row); an unknown other column is a
    # validation error. Either way the whole file is rolled back.
    messages = [str(e.error) for _, errors in result.row_errors() for e in errors]
    messages += [str(row.error_dict) for row in result.invalid_rows]
    assert any("找不到设施“no-such-place”" in m for m in messages)
    assert snapshot() == before


def test_editor_cannot_publish_a_service_by_import(catalogue):
    fmt = SpreadsheetCSV()
    exported = fmt.create_dataset(
        fmt.export_data(ServiceResource().export(queryset=Service.objects.filter(slug="small-repairs")))
    )
    row = exported.dict[0] | {"发布状态": "已发布"}
    dataset = tablib.Dataset([row[h] for h in exported.headers], headers=exported.headers)
    result = ServiceResource().import_data(dataset, dry_run=False, user=StaffUserFactory(role=roles.CONTENT_EDITOR))
    assert result.has_validation_errors()
    assert Service.objects.get(slug="small-repairs").publication_status == PublicationStatus.DRAFT


def test_service_import_templates(client):
    client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
    for name, resource in [("service", ServiceResource), ("serviceatlocation", ServiceAtLocationResource)]:
        response = client.get(reverse(f"admin:services_{name}_import_template", args=["csv"]))
        assert response.status_code == 200
        assert response.content.decode("utf-8-sig").splitlines()[0].split(",") == resource().get_export_headers()


def test_service_changelist_query_count_does_not_grow(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    category = ServiceCategoryFactory()
    ServiceFactory.create_batch(10, category=category)
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as ten:
        client.get(CHANGELIST, {"all": ""})
    ServiceFactory.create_batch(490, category=category)
    with CaptureQueriesContext(connection) as five_hundred:
        client.get(CHANGELIST, {"all": ""})
    assert len(five_hundred) == len(ten)


def test_staff_preview_a_draft_service(client):
    draft = ServiceFactory(publication_status=PublicationStatus.DRAFT, name="草稿服务")
    assert client.get(draft.get_absolute_url(), {"preview": "1"}).status_code == 404
    client.force_login(StaffUserFactory(role=roles.MANAGER))
    assert client.get(draft.get_absolute_url(), {"preview": "1"}).status_code == 404
    client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
    response = client.get(draft.get_absolute_url(), {"preview": "1"})
    assert response.status_code == 200
    assert "草稿服务" in response.content.decode() and "居民看不到这个页面" in response.content.decode()
    assert "private" in response["Cache-Control"]
    page = client.get(change_url(draft)).content.decode()
    assert f"{draft.get_absolute_url()}?preview=1" in page


def test_editor_import_of_a_published_service_waits_for_review(catalogue):
    from publishing.actions import revision_approve
    from publishing.models import PendingRevision

    fmt = SpreadsheetCSV()
    exported = fmt.create_dataset(
        fmt.export_data(ServiceResource().export(queryset=Service.objects.filter(slug="meals-for-elderly")))
    )
    row = exported.dict[0] | {ServiceResource().column_for("min_age"): "65"}
    dataset = tablib.Dataset([row[h] for h in exported.headers], headers=exported.headers)
    result = ServiceResource().import_data(dataset, dry_run=False, user=StaffUserFactory(role=roles.CONTENT_EDITOR))
    assert not result.has_errors() and not result.has_validation_errors()
    assert Service.objects.get(slug="meals-for-elderly").min_age == 60
    revision = PendingRevision.objects.pending().get()
    assert revision.data["fields"] == {"min_age": 65}
    revision_approve(revision=revision, by=StaffUserFactory(role=roles.PUBLISHER))
    assert Service.objects.get(slug="meals-for-elderly").min_age == 65


def test_editor_import_of_places_of_a_published_service_waits_for_review(catalogue):
    from publishing.actions import revision_approve
    from publishing.models import PendingRevision

    dataset = tablib.Dataset(headers=["service", "facility", "note", "note_en", "phone", "hours_note"])
    dataset.append(["meals-for-elderly", "canteen", "改过的说明", "", "", ""])
    dataset.append(["meals-for-elderly", "station", "新地点", "", "", ""])
    dataset.append(["small-repairs", "canteen", "草稿服务的新地点", "", "", ""])
    result = ServiceAtLocationResource().import_data(
        dataset,
        dry_run=False,
        user=StaffUserFactory(role=roles.CONTENT_EDITOR),
        rollback_on_validation_errors=True,
    )
    assert not result.has_errors() and not result.has_validation_errors()
    meals = Service.objects.get(slug="meals-for-elderly")
    assert list(meals.locations.values_list("note", flat=True)) == ["午餐 11:00 起"]
    assert ServiceAtLocation.objects.filter(service__slug="small-repairs", facility__slug="canteen").exists()
    revision = PendingRevision.objects.pending().get()
    assert revision.object_id == meals.pk and len(revision.data["inlines"][0]["rows"]) == 2

    revision_approve(revision=revision, by=StaffUserFactory(role=roles.PUBLISHER))
    assert sorted(meals.locations.values_list("facility__slug", "note")) == [
        ("canteen", "改过的说明"),
        ("station", "新地点"),
    ]
