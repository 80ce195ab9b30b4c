"""The to-do panel at the top of the admin index: what waits for the signed-in person, by what their roles let
them do. Each row is a count and a link to the admin list filtered to exactly those rows.

Every count comes from a query function of the app that owns the data; this module only decides, from the
user's permissions, which rows to show, and builds the links (the list filters they use are the ones the
query functions mirror; tests/wanli/test_todo.py follows every link and counts).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from casework.models import Correction, CorrectionStatus, RequestStatus, ServiceRequest
from casework.queries import corrections_to_answer, requests_overdue, requests_waiting
from facilities.hours import local_now
from facilities.models import Facility, PublicHoliday
from facilities.queries import facilities_to_do, next_year_holidays_missing
from publishing.models import PendingRevision, RevisionStatus, publish_permission_for
from publishing.publishable import PublicationStatus
from publishing.queries import ContentToDo, pending_revision_counts
from services.models import Menu, Service
from services.queries import draft_menus_ahead, services_to_do


@dataclass(frozen=True)
class ToDoRow:
    key: str  # stable name of the row (tests and the page's markup use it)
    label: str
    count: int
    url: str


def _perm(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _may_open_list(user, model: type[models.Model]) -> bool:
    # The admin lets whoever may change a model see its list too.
    return user.has_perm(_perm(model, "view")) or user.has_perm(_perm(model, "change"))


def _changelist(model: type[models.Model], **params: str) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def request_rows(user) -> list[ToDoRow]:
    """For whoever handles residents' requests: those nobody has taken up yet, and those past their target time."""
    if not user.has_perm(_perm(ServiceRequest, "change")):
        return []
    return [
        ToDoRow(
            "requests_waiting",
            _("居民申请：待受理"),
            requests_waiting().count(),
            _changelist(ServiceRequest, status__exact=RequestStatus.SUBMITTED),
        ),
        ToDoRow(
            "requests_overdue",
            _("居民申请：已超时，仍在办理"),
            requests_overdue().count(),
            _changelist(ServiceRequest, state="open", overdue="yes"),
        ),
    ]


def correction_rows(user) -> list[ToDoRow]:
    """For whoever answers residents' corrections."""
    if not user.has_perm(_perm(Correction, "change")):
        return []
    return [
        ToDoRow(
            "corrections",
            _("信息纠错：待处理"),
            corrections_to_answer().count(),
            _changelist(Correction, status__exact=CorrectionStatus.NEW),
        ),
    ]


def _revision_row(model: type[models.Model], count: int) -> ToDoRow:
    content_type = ContentType.objects.get_for_model(model)
    return ToDoRow(
        f"{model._meta.model_name}_revisions",
        _("%(content)s：待审核的修改") % {"content": model._meta.verbose_name},
        count,
        _changelist(PendingRevision, status=RevisionStatus.PENDING, content_type__id__exact=str(content_type.pk)),
    )


def _content_rows(user, model: type[models.Model], to_do: ContentToDo, revisions: dict, verify_params: dict) -> list:
    name, label = model._meta.model_name, model._meta.verbose_name
    rows = []
    if user.has_perm(publish_permission_for(model)):
        rows.append(
            ToDoRow(
                f"{name}_drafts",
                _("%(content)s：草稿，待发布") % {"content": label},
                to_do.drafts,
                _changelist(model, publication_status__exact=PublicationStatus.DRAFT),
            )
        )
        if model in revisions:
            rows.append(_revision_row(model, revisions[model]))
    if user.has_perm(_perm(model, "change")):
        published = {"publication_status__exact": PublicationStatus.PUBLISHED, **verify_params}
        rows += [
            ToDoRow(
                f"{name}_never_verified",
                _("%(content)s：从未核实") % {"content": label},
                to_do.never_verified,
                _changelist(model, **published, review="never"),
            ),
            ToDoRow(
                f"{name}_verified_long_ago",
                _("%(content)s：超过 %(days)s 天未核实") % {"content": label, "days": settings.REVIEW_AFTER_DAYS},
                to_do.verified_long_ago,
                _changelist(model, **published, review="old"),
            ),
        ]
    return rows


def content_rows(user) -> list[ToDoRow]:
    """Drafts and changes waiting for review (for publishers of that content), and published content to re-verify
    (for whoever may edit it and so mark it verified)."""
    deciding = [model for model in (Facility, Service, Menu) if user.has_perm(publish_permission_for(model))]
    revisions = pending_revision_counts(deciding) if deciding and _may_open_list(user, PendingRevision) else {}
    rows = []
    if _may_open_list(user, Facility):
        rows += _content_rows(user, Facility, facilities_to_do(), revisions, {"is_demo__exact": "0"})
    if _may_open_list(user, Service):
        rows += _content_rows(user, Service, services_to_do(), revisions, {})
    if Menu in deciding and _may_open_list(user, Menu):
        today = local_now().date()
        rows.append(
            ToDoRow(
                "menu_drafts",
                _("食堂菜单：今天起的草稿，待发布"),
                draft_menus_ahead(today=today).count(),
                _changelist(Menu, publication_status__exact=PublicationStatus.DRAFT, date__gte=today.isoformat()),
            )
        )
        if Menu in revisions:
            rows.append(_revision_row(Menu, revisions[Menu]))
    return rows


def holiday_calendar_rows(user) -> list[ToDoRow]:
    """While next year's official holidays are not in the calendar, for whoever may change it: the count is the
    days of next year entered so far (make-up working days may already be there), linked to exactly those."""
    if not user.has_perm(_perm(PublicHoliday, "change")):
        return []
    today = local_now().date()
    if not next_year_holidays_missing(today=today):
        return []
    year = today.year + 1
    return [
        ToDoRow(
            "holiday_calendar_missing",
            _("%(year)s 年的节假日安排尚未录入（已录入的天数）") % {"year": year},
            PublicHoliday.objects.filter(date__year=year).count(),
            _changelist(PublicHoliday, date__year=str(year)),
        ),
    ]


def todo_panel(user) -> list[ToDoRow]:
    """Every row the user may act on, with zero counts too (so "nothing waiting" is visible, not a missing line)."""
    return [*request_rows(user), *correction_rows(user), *content_rows(user), *holiday_calendar_rows(user)]
