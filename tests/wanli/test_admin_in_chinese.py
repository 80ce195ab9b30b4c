"""The admin in Chinese throughout: every admin page each role can reach shows no English column header and no
raw field value (a bare choice code such as `published`, an upper-case field name, `None`, "Can add …").

The walk covers changelists (and the recycle bin), add and change forms, history pages of an object with history
and the restore page of one of its versions, and the import and export pages.
"""

import html
import re
from datetime import date, time

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from import_export.admin import ExportMixin, ImportMixin
from simple_history.admin import SimpleHistoryAdmin

from casework.actions import request_submit
from facilities.models import OperationStatus
from publishing.actions import move_to_recycle_bin
from publishing.publishable import PublicationStatus
from wanli import roles

from ..casework.factories import CorrectionFactory, RequestSettingsFactory
from ..facilities.factories import (
    EstateFactory,
    FacilityFactory,
    HoursExceptionFactory,
    OpeningPeriodFactory,
    PublicHolidayFactory,
)
from ..lifecircle.factories import LifeCircleCategoryFactory
from ..reports.factories import AchievementFactory, MetricValueFactory
from ..services.factories import MenuItemFactory, ServiceAtLocationFactory, ServiceFactory
from .factories import StaffUserFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"facilities", "services", "casework", "lifecircle", "reports", "publishing", "wanli"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def choice_codes() -> set[str]:
    """Every stored code of every choice field in the project (`published`, `temporarily_closed` …)."""
    codes = set()
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.Field) and field.choices:
                codes |= {str(code) for code, _label in field.flatchoices if re.search("[a-z]{3,}", str(code))}
    return codes


def field_names() -> set[str]:
    """The project's field names that could not pass for words (`publication_status`, `closure_reason` …)."""
    return {
        field.name
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        for field in model._meta.get_fields()
        if "_" in field.name
    }


def visible_text(page: str) -> str:
    """What a member of staff reads: no scripts, styles, icons, tags or attribute values."""
    page = re.sub(r"<(script|style|svg|template)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def english_column_headers(page: str) -> list[str]:
    headers = []
    for head in re.findall(r"<thead>(.*?)</thead>", page, flags=re.S):
        for cell in re.findall(r"<th\b[^>]*>(.*?)</th>", head, flags=re.S):
            text = visible_text(cell).strip()
            if re.search("[A-Za-z]{2,}", text) and not CJK.search(text):
                headers.append(text)
    return headers


def english_labels(page: str) -> list[str]:
    labels = [visible_text(label).strip() for label in re.findall(r"<label\b[^>]*>(.*?)</label>", page, flags=re.S)]
    return [label for label in labels if re.search("[A-Za-z]{3,}", label) and not CJK.search(label)]


def leaks(page: str, codes: set[str]) -> list[str]:
    text = visible_text(page)
    found = [f"English column header {h!r}" for h in english_column_headers(page)]
    found += [f"English label {label!r}" for label in english_labels(page)]
    patterns = {
        "None": r"\bNone\b",
        "English permission name": r"\bCan (?:add|change|delete|view)\b",
        "upper-case field name": r"\b[A-Z]{2,}(?:_[A-Z]+)+\b",
        "field name": r"(?<![\w-])(?:" + "|".join(sorted(field_names(), key=len, reverse=True)) + r")(?![\w-])",
        "choice code": r"(?<![\w-])(?:"
        + "|".join(sorted(map(re.escape, codes), key=len, reverse=True))
        + r")(?![\w-])",
    }
    for what, pattern in patterns.items():
        for match in re.finditer(pattern, text):
            context = text[max(0, match.start() - 40) : match.end() + 40].split()
            found.append(f"{what} {match.group(0)!r} in …{' '.join(context)}…")
    return found


@pytest.fixture
def content():
    """One of everything the admin lists, with a history of changes and a facility in the recycle bin."""
    editor = StaffUserFactory(username="history-editor", role=roles.PUBLISHER)
    facility = FacilityFactory(
        name="万里公园比邻党群服务站",
        slug="station",
        audiences=["elderly"],
        latitude="31.260000",
        longitude="121.400000",
    )
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(8, 30), closes=time(17))
    HoursExceptionFactory(facility=facility, date=date(2026, 10, 1), is_closed=True, note="国庆闭馆")
    facility._history_user = editor
    facility.operation_status = OperationStatus.TEMPORARILY_CLOSED
    facility.closure_reason = "内部装修"
    facility.publication_status = PublicationStatus.DRAFT
    facility.last_verified = date(2024, 3, 1)
    facility.location_verified = True
    facility.save()
    move_to_recycle_bin(obj=FacilityFactory(name="回收站里的设施", slug="binned"), by=editor)
    service = ServiceFactory(name="小修小补", slug="small-repairs")
    service.publication_status = PublicationStatus.DRAFT
    service.save()
    ServiceAtLocationFactory(service=service, facility=facility)
    MenuItemFactory()
    PublicHolidayFactory(date=date(2026, 10, 1), name="国庆节")
    EstateFactory(name="香泉苑", slug="xiang-quan-yuan")
    LifeCircleCategoryFactory()
    value = MetricValueFactory()
    value.note = "更正"
    value.save()
    AchievementFactory(title_en="National model street")
    CorrectionFactory()
    repairs = RequestSettingsFactory().service
    request_submit(
        service=repairs, name="张三", phone="13800000000", address="香泉苑 1 号", description="水龙头漏水", consent=True
    )
    return facility


def admin_pages(user) -> list[str]:
    """Every admin URL `user` may open, found the way the admin decides it (its has_*_permission methods)."""
    request = RequestFactory().get("/")
    request.user = user
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        if not model_admin.has_view_or_change_permission(request):
            continue
        urls.append(reverse(f"{name}_changelist"))
        if "deleted_at" in {f.name for f in opts.fields}:
            urls.append(reverse(f"{name}_changelist") + "?bin=deleted")
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{name}_add"))
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is not None:
            urls.append(reverse(f"{name}_change", args=[obj.pk]))
            if isinstance(model_admin, SimpleHistoryAdmin):
                urls.append(reverse(f"{name}_history", args=[obj.pk]))
                record = obj.history.order_by("history_id").first()
                if record is not None:
                    urls.append(reverse(f"{name}_simple_history", args=[obj.pk, record.history_id]))
            else:
                urls.append(reverse(f"{name}_history", args=[obj.pk]))
        if isinstance(model_admin, ImportMixin) and model_admin.has_import_permission(request):
            urls.append(reverse(f"{name}_import"))
        if isinstance(model_admin, ExportMixin) and model_admin.has_export_permission(request):
            urls.append(reverse(f"{name}_export"))
    return urls


@pytest.mark.parametrize("role", list(roles.ROLES))
def test_every_admin_page_of_every_role_is_in_chinese(client, content, role):
    user = StaffUserFactory(role=role)
    client.force_login(user)
    codes = choice_codes()
    pages = admin_pages(user)
    assert len(pages) > 1
    found = {}
    for url in pages:
        response = client.get(url, follow=True)  # a one-row list (site contact) opens its form
        assert response.status_code == 200, url
        if problems := leaks(response.content.decode(), codes):
            found[url] = problems
    assert not found, "\n".join(f"{url}\n  " + "\n  ".join(problems) for url, problems in found.items())


def test_the_history_page_walked_above_shows_labels(client, content):
    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    page = client.get(reverse("admin:facilities_facility_history", args=[content.pk])).content.decode()
    text = " ".join(visible_text(page).split())
    assert "运营状态： 正常开放 → 暂停开放" in text
    assert "暂停原因： （空） → 内部装修" in text
    assert "位置已核实： 否 → 是" in text
    assert "发布状态： 已发布 → 草稿" in text
    assert "history-editor" in text


def test_the_restore_page_breadcrumbs_name_the_app_in_chinese(client, content):
    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    record = content.history.order_by("history_id").first()
    page = client.get(reverse("admin:facilities_facility_simple_history", args=[content.pk, record.history_id]))
    breadcrumbs = " ".join(
        visible_text(
            re.search(r'<div class="breadcrumbs">(.*?)</div>', page.content.decode(), flags=re.S).group(1)
        ).split()
    )
    assert breadcrumbs == "首页 › 设施 › 设施 › 万里公园比邻党群服务站 › 历史 › 还原设施"
    # Restoring saves the facility alone, so the hours quick fill (applied with the hours table) is not offered.
    assert "开放时间快捷填写" not in page.content.decode() and "坐标系" in page.content.decode()


def test_group_and_user_forms_list_permissions_in_chinese(client, content, django_user_model):
    superuser = django_user_model.objects.create_superuser("root-test", "r@example.invalid", "pw-for-tests-only-123")
    client.force_login(superuser)
    codes = choice_codes()
    group = Group.objects.get(name=roles.CONTENT_EDITOR)
    for url in (
        reverse("admin:auth_group_change", args=[group.pk]),
        reverse("admin:auth_group_add"),
        reverse("admin:auth_user_change", args=[superuser.pk]),
    ):
        page = client.get(url).content.decode()
        assert "可以添加设施" in page
        assert not [p for p in leaks(page, codes) if "permission" in p], url


def test_the_check_finds_each_kind_of_leak():
    codes = choice_codes()
    assert {"published", "temporarily_closed"} <= codes
    page = (
        "<label>Coordinate system:</label>"
        "<table><thead><tr><th>Changes</th><th>发布状态</th></tr></thead><tbody><tr><td>PUBLICATION_STATUS</td>"
        "<td>published</td><td>None</td><td>Can add 设施</td><td>closure_reason</td>"
        '<td><a href="/x/?publication_status=draft">草稿</a></td></tr></tbody></table>'
    )
    kinds = {problem.split(" '")[0] for problem in leaks(page, codes)}
    assert kinds == {
        "English column header",
        "English label",
        "upper-case field name",
        "choice code",
        "None",
        "English permission name",
        "field name",
    }
    assert (
        leaks(
            "<p>发布状态：已发布；网址标识 home-of-builders；由 generate_demo 生成</p><label>纬度（WGS-84）</label>",
            codes,
        )
        == []
    )
