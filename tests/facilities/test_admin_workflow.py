"""What each role can and cannot do to facilities through the admin, the publish workflow, and optimistic locking."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility, OpeningPeriod
from publishing.publishable import PublicationStatus
from wanli import roles

from ..wanli.factories import StaffUserFactory
from .admin_forms import change_form_data
from .admin_pages import ADD, CHANGELIST, add_form_data, as_role, change_url, delete_url, run_action
from .factories import FacilityFactory, FacilityKindFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db


class TestContentEditor:
    def test_adds_a_facility_with_hours_as_a_draft_even_when_asking_to_publish(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        kind = FacilityKindFactory()
        response = client.post(ADD, add_form_data(kind, publication_status="published"))
        assert response.status_code == 302, response.context and response.context["errors"]
        facility = Facility.objects.get(name="新建测试设施")
        assert facility.publication_status == PublicationStatus.DRAFT
        assert facility.opening_periods.count() == 1

    def test_changes_a_facility_but_the_status_field_is_read_only(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        page = client.get(change_url(facility))
        assert "publication_status" not in page.context["adminform"].form.fields
        data = change_form_data(page) | {"summary": "改过的简介", "publication_status": "published"}
        response = client.post(change_url(facility), data)
        assert response.status_code == 302
        facility.refresh_from_db()
        assert facility.summary == "改过的简介"
        assert facility.publication_status == PublicationStatus.DRAFT

    def test_removes_an_opening_period_row(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        period = OpeningPeriodFactory(
            facility__publication_status=PublicationStatus.DRAFT
        )  # a published one would wait for review
        page = client.get(change_url(period.facility))
        data = change_form_data(page) | {"opening_periods-0-DELETE": "on"}
        response = client.post(change_url(period.facility), data)
        assert response.status_code == 302
        assert not OpeningPeriod.objects.filter(pk=period.pk).exists()

    def test_cannot_publish_unpublish_or_archive_through_actions(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        draft = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        published = FacilityFactory(publication_status=PublicationStatus.PUBLISHED)
        offered = client.get(CHANGELIST).context["action_form"].fields["action"].choices
        offered_names = {name for name, _ in offered}
        assert {"publish_selected", "unpublish_selected", "archive_selected", "delete_selected"}.isdisjoint(
            offered_names
        )
        assert "mark_verified_today" in offered_names
        run_action(client, "publish_selected", [draft])
        run_action(client, "unpublish_selected", [published])
        run_action(client, "archive_selected", [published])
        draft.refresh_from_db()
        published.refresh_from_db()
        assert draft.publication_status == PublicationStatus.DRAFT
        assert published.publication_status == PublicationStatus.PUBLISHED

    def test_cannot_delete_a_facility(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        facility = FacilityFactory()
        assert client.get(delete_url(facility)).status_code == 403
        assert client.post(delete_url(facility), {"post": "yes"}).status_code == 403
        run_action(client, "delete_selected", [facility], post="yes")
        assert Facility.objects.filter(pk=facility.pk).exists()

    def test_cannot_manage_the_shared_lists(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        assert client.get(reverse("admin:facilities_facilitykind_add")).status_code == 403
        assert client.get(reverse("admin:facilities_publicholiday_add")).status_code == 403


class TestPublisher:
    def test_publishes_unpublishes_and_archives(self, client):
        as_role(client, roles.PUBLISHER)
        facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        for action, expected in [
            ("publish_selected", PublicationStatus.PUBLISHED),
            ("unpublish_selected", PublicationStatus.DRAFT),
            ("archive_selected", PublicationStatus.ARCHIVED),
        ]:
            response = run_action(client, action, [facility])
            assert response.status_code == 200
            facility.refresh_from_db()
            assert facility.publication_status == expected

    def test_sets_the_status_in_the_form(self, client):
        as_role(client, roles.PUBLISHER)
        facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        data = change_form_data(client.get(change_url(facility))) | {"publication_status": "published"}
        assert client.post(change_url(facility), data).status_code == 302
        facility.refresh_from_db()
        assert facility.is_published

    def test_history_records_who_published(self, client):
        user = as_role(client, roles.PUBLISHER)
        facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        run_action(client, "publish_selected", [facility])
        latest = facility.history.latest()
        assert latest.history_user == user
        assert latest.publication_status == PublicationStatus.PUBLISHED

    def test_deleting_moves_to_the_recycle_bin_and_restore_brings_it_back_with_its_hours(self, client):
        as_role(client, roles.PUBLISHER)
        facility = FacilityFactory(publication_status=PublicationStatus.PUBLISHED)
        OpeningPeriodFactory(facility=facility, weekday=1, opens=time(8), closes=time(12))
        OpeningPeriodFactory(facility=facility, weekday=2, opens=time(13), closes=time(18))
        assert client.post(delete_url(facility), {"post": "yes"}).status_code == 302

        assert not Facility.objects.filter(pk=facility.pk).exists()
        assert client.get(facility.get_absolute_url()).status_code == 404
        in_bin = client.get(CHANGELIST, {"bin": "deleted"})
        assert [f.pk for f in in_bin.context["cl"].result_list] == [facility.pk]
        assert facility.pk not in [f.pk for f in client.get(CHANGELIST).context["cl"].result_list]

        bin_page = client.get(change_url(facility))
        assert "这条内容在回收站中" in bin_page.content.decode()
        filter_labels = client.get(CHANGELIST).content.decode()
        assert "在用（不含回收站）" in filter_labels

        run_action(client, "restore_selected", [facility], query="?bin=deleted")
        restored = Facility.objects.get(pk=facility.pk)
        assert restored.publication_status == PublicationStatus.DRAFT
        assert [(p.weekday, p.opens, p.closes) for p in restored.opening_periods.all()] == [
            (1, time(8), time(12)),
            (2, time(13), time(18)),
        ]
        run_action(client, "publish_selected", [restored])
        assert client.get(restored.get_absolute_url()).status_code == 200

    def test_bulk_delete_is_soft_too(self, client):
        as_role(client, roles.PUBLISHER)
        facilities = FacilityFactory.create_batch(2)
        run_action(client, "delete_selected", facilities, post="yes")
        assert Facility.objects.filter(pk__in=[f.pk for f in facilities]).count() == 0
        assert Facility.all_objects.filter(pk__in=[f.pk for f in facilities], deleted_at__isnull=False).count() == 2


class TestReadOnlyAndOtherRoles:
    def test_manager_reads_but_cannot_change_add_or_act(self, client):
        as_role(client, roles.MANAGER)
        facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        assert client.get(CHANGELIST).status_code == 200
        assert client.get(change_url(facility)).status_code == 200
        assert client.get(ADD).status_code == 403
        assert client.post(change_url(facility), {"name": "改名"}).status_code == 403
        assert client.get(delete_url(facility)).status_code == 403
        run_action(client, "publish_selected", [facility])
        run_action(client, "mark_verified_today", [facility])
        facility.refresh_from_db()
        assert facility.publication_status == PublicationStatus.DRAFT
        assert facility.last_verified is None

    @pytest.mark.parametrize("role", [roles.DATA_ENTRY, roles.REQUEST_HANDLER])
    def test_roles_without_facility_work_cannot_see_facilities(self, client, role):
        as_role(client, role)
        facility = FacilityFactory()
        assert client.get(CHANGELIST).status_code == 403
        assert client.get(change_url(facility)).status_code == 403
        assert client.get(ADD).status_code == 403


class TestReviewAndVerification:
    def test_mark_verified_today(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        facility = FacilityFactory(last_verified=None)
        run_action(client, "mark_verified_today", [facility])
        facility.refresh_from_db()
        assert facility.last_verified == timezone.localdate()

    def test_needs_review_filter(self, client, settings):
        settings.REVIEW_AFTER_DAYS = 180
        as_role(client, roles.CONTENT_EDITOR)
        today = timezone.localdate()
        never = FacilityFactory(last_verified=None)
        old = FacilityFactory(last_verified=today - timedelta(days=181))
        recent = FacilityFactory(last_verified=today - timedelta(days=179))
        needed = {f.pk for f in client.get(CHANGELIST, {"review": "needed"}).context["cl"].result_list}
        ok = {f.pk for f in client.get(CHANGELIST, {"review": "ok"}).context["cl"].result_list}
        assert needed == {never.pk, old.pk}
        assert ok == {recent.pk}

    def test_needs_review_filter_tells_never_verified_from_verified_long_ago(self, client, settings):
        settings.REVIEW_AFTER_DAYS = 180
        as_role(client, roles.CONTENT_EDITOR)
        today = timezone.localdate()
        never = FacilityFactory(last_verified=None)
        old = FacilityFactory(last_verified=today - timedelta(days=181))
        FacilityFactory(last_verified=today - timedelta(days=180))
        response = client.get(CHANGELIST, {"review": "never"})
        assert {f.pk for f in response.context["cl"].result_list} == {never.pk}
        assert {f.pk for f in client.get(CHANGELIST, {"review": "old"}).context["cl"].result_list} == {old.pk}
        assert "从未核实" in response.content.decode() and "超过 180 天未核实" in response.content.decode()


class TestOptimisticLocking:
    def test_second_save_from_an_outdated_page_is_refused(self, client):
        first = StaffUserFactory(role=roles.CONTENT_EDITOR)
        second = StaffUserFactory(role=roles.CONTENT_EDITOR)
        facility = FacilityFactory(summary="原简介", publication_status=PublicationStatus.DRAFT)
        client.force_login(first)
        first_page = change_form_data(client.get(change_url(facility)))
        client.force_login(second)
        second_page = change_form_data(client.get(change_url(facility)))

        client.force_login(first)
        assert client.post(change_url(facility), first_page | {"summary": "第一位同事的修改"}).status_code == 302
        client.force_login(second)
        response = client.post(change_url(facility), second_page | {"summary": "第二位同事的修改"})

        assert response.status_code == 200
        assert "其他同事已经修改并保存" in response.content.decode()
        facility.refresh_from_db()
        assert facility.summary == "第一位同事的修改"

    def test_a_fresh_page_saves_again(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        for summary in ["一", "二"]:
            data = change_form_data(client.get(change_url(facility))) | {"summary": summary}
            assert client.post(change_url(facility), data).status_code == 302
        facility.refresh_from_db()
        assert facility.summary == "二"

    def test_an_action_in_between_makes_the_open_page_stale(self, client):
        as_role(client, roles.PUBLISHER)
        facility = FacilityFactory(publication_status=PublicationStatus.PUBLISHED)
        stale = change_form_data(client.get(change_url(facility)))
        run_action(client, "unpublish_selected", [facility])
        response = client.post(change_url(facility), stale)
        assert response.status_code == 200
        facility.refresh_from_db()
        assert facility.publication_status == PublicationStatus.DRAFT
