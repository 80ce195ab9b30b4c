"""What each role can and cannot do to facilities through the admin, the publish workflow, and optimistic locking."""

from datetime import time, timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility, OpeningPeriod, PublicationStatus
from wanli import roles

from ..wanli.factories import StaffUserFactory
from .admin_forms import change_form_data
from .factories import FacilityFactory, FacilityKindFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:facilities_facility_changelist")
ADD = reverse("admin:facilities_facility_add")


def change_url(facility):
    return reverse("admin:facilities_facility_change", args=[facility.pk])


def delete_url(facility):
    return reverse("admin:facilities_facility_delete", args=[facility.pk])


def as_role(client, role):
    user = StaffUserFactory(role=role)
    client.force_login(user)
    return user


def run_action(client, action, facilities, query="", **extra):
    return client.post(
        CHANGELIST + query,
        {"action": action, "_selected_action": [f.pk for f in facilities], **extra},
        follow=True,
    )


def add_form_data(kind, **overrides):
    data = {
        "name": "新建测试设施",
        "kind": kind.pk,
        "operation_status": "open",
        "follows_public_holidays": "on",
        "opening_periods-TOTAL_FORMS": "1",
        "opening_periods-INITIAL_FORMS": "0",
        "opening_periods-0-weekday": "0",
        "opening_periods-0-opens": "09:00",
        "opening_periods-0-closes": "17:00",
        "hours_exceptions-TOTAL_FORMS": "0",
        "hours_exceptions-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "children-TOTAL_FORMS": "0",
        "children-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


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


class TestHistory:
    def test_history_page_shows_what_changed(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        facility = FacilityFactory(summary="旧简介", publication_status=PublicationStatus.DRAFT)
        data = change_form_data(client.get(change_url(facility))) | {"summary": "新简介"}
        client.post(change_url(facility), data)
        page = client.get(reverse("admin:facilities_facility_history", args=[facility.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert "旧简介" in text and "新简介" in text

    def test_restoring_a_previous_version(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        facility = FacilityFactory(summary="第一版", publication_status=PublicationStatus.DRAFT)
        first_version = facility.history.latest()
        data = change_form_data(client.get(change_url(facility))) | {"summary": "第二版"}
        client.post(change_url(facility), data)

        revert_url = reverse("admin:facilities_facility_simple_history", args=[facility.pk, first_version.pk])
        page = client.get(revert_url)
        assert page.status_code == 200
        response = client.post(revert_url, change_form_data(page))
        assert response.status_code == 302
        facility.refresh_from_db()
        assert facility.summary == "第一版"

    def test_an_editor_restoring_cannot_change_the_status(self, client):
        facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        draft_version = facility.history.latest()
        facility.publication_status = PublicationStatus.PUBLISHED
        facility.save()
        as_role(client, roles.CONTENT_EDITOR)
        revert_url = reverse("admin:facilities_facility_simple_history", args=[facility.pk, draft_version.pk])
        page = client.get(revert_url)
        client.post(revert_url, change_form_data(page) | {"publication_status": "draft"})
        facility.refresh_from_db()
        assert facility.publication_status == PublicationStatus.PUBLISHED


class TestAdminQuality:
    def test_changelist_query_count_does_not_grow_with_rows(self, client, django_assert_num_queries):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        user = StaffUserFactory(role=roles.PUBLISHER)
        client.force_login(user)
        kind = FacilityKindFactory()
        FacilityFactory.create_batch(10, kind=kind)
        client.get(CHANGELIST)  # warm caches (content types, permissions)
        with CaptureQueriesContext(connection) as ten:
            assert client.get(CHANGELIST, {"all": ""}).status_code == 200
        FacilityFactory.create_batch(490, kind=kind)
        with CaptureQueriesContext(connection) as five_hundred:
            assert client.get(CHANGELIST, {"all": ""}).status_code == 200
        assert len(five_hundred) == len(ten)

    def test_view_on_site_previews_drafts(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        draft = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        page = client.get(change_url(draft)).content.decode()
        assert f"{draft.get_absolute_url()}?preview=1" in page
        assert f"{reverse('facilities:poster', kwargs={'slug': draft.slug})}?preview=1" in page
        assert "打印门口海报" in page

    def test_every_facilities_field_has_chinese_help_text(self):
        from django.apps import apps

        missing = [
            f"{model.__name__}.{field.name}"
            for model in apps.get_app_config("facilities").get_models()
            if not model.__name__.startswith("Historical")
            for field in model._meta.get_fields()
            if getattr(field, "concrete", False) and not field.auto_created and not str(getattr(field, "help_text", ""))
        ]
        assert missing == []


def test_superuser_sees_everything(client):
    admin = User.objects.create_superuser("root", "root@example.invalid", "a-long-staff-password-2024")
    client.force_login(admin)
    assert client.get(CHANGELIST).status_code == 200


class TestHoursHistory:
    def test_history_page_lists_changes_to_hours_with_who(self, client):
        user = as_role(client, roles.CONTENT_EDITOR)
        facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        period = OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
        page = change_form_data(client.get(change_url(facility)))
        client.post(change_url(facility), page | {"opening_periods-0-DELETE": "on"})
        assert not OpeningPeriod.objects.filter(pk=period.pk).exists()

        response = client.get(reverse("admin:facilities_facility_history", args=[facility.pk]))
        records = response.context["hours_history"]
        assert [r.history_type for r in records] == ["-", "+"]
        assert records[0].history_user == user
        assert "星期一 09:00–17:00" in response.content.decode()

    def test_history_of_a_bad_id_is_404(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        assert client.get("/admin/facilities/facility/abc/history/").status_code == 404


def test_autocomplete_does_not_offer_facilities_in_the_recycle_bin(client):
    from publishing.actions import move_to_recycle_bin

    as_role(client, roles.CONTENT_EDITOR)
    live = FacilityFactory(name="在用的设施")
    gone = move_to_recycle_bin(obj=FacilityFactory(name="删掉的设施"), by=None)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "设施", "app_label": "facilities", "model_name": "facility", "field_name": "parent"},
    )
    ids = {int(item["id"]) for item in response.json()["results"]}
    assert live.pk in ids and gone.pk not in ids


def test_public_page_hides_the_link_to_a_deleted_parent(client):
    from publishing.actions import move_to_recycle_bin

    parent = FacilityFactory(name="上级设施")
    child = FacilityFactory(parent=parent)
    assert "上级设施" in client.get(child.get_absolute_url()).content.decode()
    move_to_recycle_bin(obj=parent, by=None)
    assert "上级设施" not in client.get(child.get_absolute_url()).content.decode()


class TestHoursQuickFill:
    """The change form's "开放时间快捷填写": a preset, or one day's periods copied to other days, on save."""

    def periods(self, facility):
        return sorted(
            (p.weekday, f"{p.opens:%H:%M}", f"{p.closes:%H:%M}")
            for p in OpeningPeriod.objects.filter(facility=facility)
        )

    def test_copy_monday_entered_in_the_same_save_to_other_days(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        page = client.get(change_url(facility))
        data = change_form_data(page) | {
            "opening_periods-TOTAL_FORMS": "1",
            "opening_periods-0-weekday": "0",
            "opening_periods-0-opens": "08:30",
            "opening_periods-0-closes": "17:00",
            "copy_hours_from": "0",
            "copy_hours_to": ["1", "2", "3", "4"],
        }
        response = client.post(change_url(facility), data, follow=True)
        assert response.status_code == 200
        assert "已把星期一的时段复制到：星期二、星期三、星期四、星期五。" in response.content.decode()
        assert self.periods(facility) == [(day, "08:30", "17:00") for day in range(5)]

    def test_preset_replaces_the_week(self, client):
        as_role(client, roles.CONTENT_EDITOR)
        facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        OpeningPeriodFactory(facility=facility, weekday=6, opens=time(10), closes=time(16))
        page = client.get(change_url(facility))
        response = client.post(
            change_url(facility), change_form_data(page) | {"hours_preset": "weekdays-0830-1700"}, follow=True
        )
        assert "已套用开放时间预设：工作日 8:30–17:00。" in response.content.decode()
        assert self.periods(facility) == [(day, "08:30", "17:00") for day in range(5)]

    @pytest.mark.parametrize(
        ("choice", "message"),
        [
            ({"copy_hours_from": "0"}, "请选择要复制到哪些日期。"),
            ({"copy_hours_to": ["1"]}, "请选择要复制哪一天的时段。"),
            ({"copy_hours_from": "2", "copy_hours_to": ["1", "2"]}, "不能复制到同一天，请取消勾选星期三。"),
            ({"hours_preset": "no-such-preset"}, "选择一个有效的选项"),
        ],
    )
    def test_an_incomplete_copy_is_a_form_error_and_changes_nothing(self, client, choice, message):
        as_role(client, roles.CONTENT_EDITOR)
        facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(12))
        page = client.get(change_url(facility))
        response = client.post(change_url(facility), change_form_data(page) | choice)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert self.periods(facility) == [(0, "09:00", "12:00")]

    @pytest.mark.parametrize(
        "choice",
        [
            {"hours_preset": "weekdays-0830-1700"},
            {"copy_hours_from": "0", "copy_hours_to": ["1", "2"]},
        ],
    )
    def test_an_editor_quick_fill_on_published_content_never_changes_the_live_hours(self, client, choice):
        """The editor's change waits for review; a quick fill would write the live week directly, so it is not run."""
        as_role(client, roles.CONTENT_EDITOR)
        facility = FacilityFactory(publication_status=PublicationStatus.PUBLISHED)
        OpeningPeriodFactory(facility=facility, weekday=1, opens=time(9), closes=time(12))
        page = client.get(change_url(facility))
        response = client.post(change_url(facility), change_form_data(page) | choice, follow=True)
        assert response.status_code == 200
        assert "快捷填写没有套用" in response.content.decode()
        assert self.periods(facility) == [(1, "09:00", "12:00")]

    def test_a_publisher_quick_fill_on_published_content_applies(self, client):
        as_role(client, roles.PUBLISHER)
        facility = FacilityFactory(publication_status=PublicationStatus.PUBLISHED)
        page = client.get(change_url(facility))
        client.post(change_url(facility), change_form_data(page) | {"hours_preset": "weekdays-0830-1700"}, follow=True)
        assert self.periods(facility) == [(day, "08:30", "17:00") for day in range(5)]

    def test_a_manager_sees_no_quick_fill(self, client):
        as_role(client, roles.MANAGER)
        page = client.get(change_url(FacilityFactory())).content.decode()
        assert "开放时间快捷填写" not in page and "copy_hours_to" not in page
