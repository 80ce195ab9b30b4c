"""Every changelist and add form of the admin renders, in Chinese."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.urls import reverse

import facilities.admin
import facilities.templatetags.holiday_tags
from facilities.actions import load_official_holidays
from facilities.models import CalendarDaySource, PublicHoliday
from facilities.seed import seed_facilities
from tests.facilities.admin_pages import add_form_data
from tests.facilities.factories import FacilityFactory, PublicHolidayFactory
from tests.wanli.factories import StaffUserFactory
from wanli.roles import DATA_ENTRY

pytestmark = pytest.mark.django_db


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label in {"facilities", "services", "reports"}]


def test_every_changelist_and_add_form_renders(staff_client):
    seed_facilities()
    for model in registered_models():
        opts = model._meta
        changelist = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert changelist.status_code == 200, opts.label
        add = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        assert add.status_code in (200, 403), opts.label


def test_facility_change_form_renders_with_inlines(staff_client):
    seed_facilities()
    from facilities.models import Facility

    facility = Facility.objects.get(slug="wanyouyinli-chengshi-jianshezhe-guanlizhe-zhi-jia")
    page = staff_client.get(reverse("admin:facilities_facility_change", args=[facility.pk])).content.decode()
    assert "每周开放时段" in page and "特殊开放安排" in page and "设施照片" in page


def test_admin_is_in_chinese_even_for_an_english_browser(staff_client):
    page = staff_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "万里社区服务门户" in page and "设施" in page


def test_admin_adds_a_facility_with_a_pinyin_slug(staff_client):
    from facilities.models import Facility, FacilityKind

    kind = FacilityKind.objects.create(slug="canteen", name="食堂")
    data = add_form_data(
        kind,
        name="新食堂",
        name_en="",
        slug="",
        summary="",
        description="",
        publication_status="draft",
        **{"opening_periods-0-opens": "11:00", "opening_periods-0-closes": "13:00"},
    )
    response = staff_client.post(reverse("admin:facilities_facility_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    facility = Facility.objects.get(name="新食堂")
    assert facility.slug == "xin-shi-tang"
    assert facility.opening_periods.count() == 1


def test_delete_pages_say_the_facility_goes_to_the_recycle_bin(staff_client):
    facility = FacilityFactory(name="将被移入回收站的食堂")
    page = staff_client.get(reverse("admin:facilities_facility_delete", args=[facility.pk])).content.decode()
    assert "移入回收站" in page and "可在列表中筛选“回收站”并恢复" in page
    assert "将被删除" not in page

    changelist = reverse("admin:facilities_facility_changelist")
    bulk = staff_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [facility.pk]}
    ).content.decode()
    assert "移入回收站" in bulk and "将被删除" not in bulk

    staff_client.post(reverse("admin:facilities_facility_delete", args=[facility.pk]), {"post": "yes"})
    facility.refresh_from_db()
    assert facility.deleted_at is not None  # in the bin, not gone


def test_admin_strings_django_leaves_in_english_are_chinese_too(staff_client):
    index = staff_client.get(reverse("admin:index")).content.decode()
    assert "模型名称" in index and "Model name" not in index
    catalog = staff_client.get(reverse("admin:jsi18n")).content.decode()
    assert "\\u9009\\u62e9\\u5168\\u90e8%s" in catalog or "选择全部%s" in catalog  # "Choose all %s"


def test_login_safety_pages_from_django_axes_are_in_chinese(staff_client):
    page = staff_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "登录尝试" in page and "尝试时间" in page
    assert "Access attempts" not in page and "Attempt Time" not in page


def test_audience_list_column_is_labelled_in_chinese(staff_client):
    page = staff_client.get(reverse("admin:facilities_audience_changelist")).content.decode()
    assert "名称" in page and ">Label<" not in page


# --- the holiday calendar ------------------------------------------------------------------------------------

WINTER_2026 = datetime(2026, 12, 4, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_holiday_changelist_and_admin_index_warn_while_next_years_calendar_is_missing(staff_client, monkeypatch):
    monkeypatch.setattr(facilities.admin, "local_now", lambda: WINTER_2026)
    monkeypatch.setattr(facilities.templatetags.holiday_tags, "local_now", lambda: WINTER_2026)
    changelist = staff_client.get(reverse("admin:facilities_publicholiday_changelist")).content.decode()
    assert "2027 年的法定节假日和调休还没有录入" in changelist
    assert "2027 年的法定节假日和调休还没有录入" in staff_client.get(reverse("admin:index")).content.decode()
    PublicHolidayFactory(date=date(2027, 1, 1), name="元旦")
    assert "还没有录入" not in staff_client.get(reverse("admin:facilities_publicholiday_changelist")).content.decode()
    assert "还没有录入" not in staff_client.get(reverse("admin:index")).content.decode()


def test_the_admin_index_warning_is_for_staff_who_can_see_the_calendar(client, monkeypatch):
    monkeypatch.setattr(facilities.templatetags.holiday_tags, "local_now", lambda: WINTER_2026)
    data_entry = StaffUserFactory(role=DATA_ENTRY)
    client.force_login(data_entry)
    assert "还没有录入" not in client.get(reverse("admin:index")).content.decode()


def test_a_day_saved_in_admin_is_marked_as_staff_and_survives_reloading(staff_client):
    load_official_holidays(years=[2026])
    day = PublicHoliday.objects.get(date=date(2026, 10, 7))
    assert day.source == CalendarDaySource.OFFICIAL
    response = staff_client.post(
        reverse("admin:facilities_publicholiday_change", args=[day.pk]),
        {"date": "2026-10-07", "kind": "workday", "name": "国庆节（街道更正）", "works_as_weekday": "3"},
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.source == CalendarDaySource.STAFF
    load_official_holidays(years=[2026])
    day.refresh_from_db()
    assert (day.kind, day.name) == ("workday", "国庆节（街道更正）")
