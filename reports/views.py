"""The public report card and the managers' dashboard with its exports. Views parse input, call queries, render."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_safe

from facilities.content_version import REPORTS
from safeguards.pages import permission_page

from . import exports
from .activity_queries import activity_report
from .forms import YearForm
from .models import YEAR_MAX, YEAR_MIN
from .queries import (
    achievements_for_export,
    dashboard_years,
    kept_dashboard,
    kept_portal_figures,
    latest_year,
    metric_rows,
    report_card,
    years_with_data,
)

DASHBOARD_PERMISSION = "reports.view_dashboard"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Anonymous visitors are sent to sign in; signed-in users without the permission get the site's 403 page,
# which says which permission to ask for. Internal figures: never stored by a browser or proxy cache.
dashboard_access = permission_page(
    DASHBOARD_PERMISSION,
    reason=_(
        "管理驾驶舱只对获得授权的工作人员开放。如需查看，请联系系统管理员为您的账号开通“可以查看管理驾驶舱”权限。"
    ),
)


def _year_or_404(year: int) -> int:
    # The URL converter accepts any digits; a year outside the model's range cannot have data.
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404(_("没有这一年的成绩单。"))
    return year


def _render_card(request, year: int):
    card = report_card(year=year)
    if card is None:
        raise Http404(_("没有这一年的成绩单。"))
    return render(request, "reports/report_card.html", {"card": card})


@require_safe
def report_card_latest(request):
    year = latest_year()
    if year is None:
        raise Http404(_("还没有发布年度成绩单。"))
    return _render_card(request, year)


@require_safe
def report_card_year(request, year: int):
    return _render_card(request, _year_or_404(year))


# The public report card shows the reports' figures only (facilities.content_version).
report_card_latest.page_cache_depends_on = (REPORTS,)
report_card_year.page_cache_depends_on = (REPORTS,)


@require_GET
@dashboard_access
def dashboard(request):
    years = dashboard_years()
    form = YearForm(request.GET if "year" in request.GET else {"year": years.default or ""}, years=years.choices)
    context = {"form": form, "years": years.choices, "report_years": years.with_report, "portal": kept_portal_figures()}
    if not years.choices:
        return render(request, "reports/dashboard.html", context)
    if not form.is_valid():
        return render(request, "reports/dashboard.html", context, status=400)
    context["board"] = kept_dashboard(year=form.cleaned_data["year"])
    context["activity_report"] = activity_report(year=form.cleaned_data["year"])
    return render(request, "reports/dashboard.html", context)


def _export(year: int, *, kind: str) -> HttpResponse:
    if _year_or_404(year) not in years_with_data():
        raise Http404(_("没有这一年的数据。"))
    rows = metric_rows(year=year)
    achievements = achievements_for_export(year=year)
    if kind == "csv":
        body, content_type = exports.as_csv(rows, achievements, year=year), "text/csv; charset=utf-8"
    else:
        body, content_type = exports.as_xlsx(rows, achievements, year=year), XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="wanli-report-{year}.{kind}"'
    return response


@require_GET
@dashboard_access
def export_csv(request, year: int):
    return _export(year, kind="csv")


@require_GET
@dashboard_access
def export_xlsx(request, year: int):
    return _export(year, kind="xlsx")
