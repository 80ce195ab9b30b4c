"""The facility admin beyond roles: history pages, labels and help texts, hours history, autocomplete, the hours
quick fill."""

from datetime import time

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from facilities.models import OpeningPeriod
from publishing.publishable import PublicationStatus
from wanli import roles

from ..wanli.factories import StaffUserFactory
from .admin_forms import change_form_data
from .admin_pages import CHANGELIST, as_role, change_url
from .factories import FacilityFactory, FacilityKindFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db


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
