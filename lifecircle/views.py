"""The life-circle pages: one estate for residents, the coverage matrix (and CSV) for managers."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from facilities.content_version import FACILITIES, LIFECIRCLE, SERVICES

from .forms import EstatePickForm
from .queries import categories, coverage_matrix, estate_life_circle

# Managers who may read the dashboard (reports app) or who hold this app's own permission see the matrix.
COVERAGE_PERMISSIONS = ("lifecircle.view_coverage", "reports.view_dashboard")


def can_view_coverage(user) -> bool:
    return any(user.has_perm(permission) for permission in COVERAGE_PERMISSIONS)


def coverage_permission_required(view):
    def wrapped(request, *args, **kwargs):
        if not can_view_coverage(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


@require_GET
def estate_view(request):
    form = EstatePickForm(request.GET or None)
    estate = results = None
    if form.is_bound and form.is_valid():
        estate = form.cleaned_data["estate"]
        if estate.is_located:
            results = estate_life_circle(estate)
    return render(
        request,
        "lifecircle/estate.html",
        {
            "form": form,
            "estate": estate,
            "results": results,
            "categories": categories() if results is None else None,
            "can_view_coverage": can_view_coverage(request.user),
        },
    )


# The query parameters this page reads: the page cache keys on them and drops any other.
estate_view.page_cache_parameters = tuple(EstatePickForm.base_fields)
estate_view.page_cache_depends_on = (FACILITIES, SERVICES, LIFECIRCLE)


@require_GET
@login_required
@coverage_permission_required
def coverage_view(request):
    return render(request, "lifecircle/coverage.html", {"matrix": coverage_matrix()})


def _csv_safe(value) -> str:
    """Spreadsheet formula injection guard for text cells (a name starting with = + - @)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
@login_required
@coverage_permission_required
def coverage_csv(request):
    matrix = coverage_matrix()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="life-circle-coverage-{stamp}.csv"'
    response.write("\ufeff")  # so Excel opens the UTF-8 Chinese text correctly
    writer = csv.writer(response)
    header = [_("小区"), _("网址标识"), _("户数"), _("居住人口")]
    for column in matrix.columns:
        name = _csv_safe(column.label.display_name)
        header += [
            _("%(name)s：步行分钟") % {"name": name},
            _("%(name)s：%(target)s 分钟内") % {"name": name, "target": column.target_minutes},
        ]
    writer.writerow(header)
    yes, no = _("是"), _("否")
    for row in matrix.rows:
        line = [_csv_safe(row.label.display_name), row.label.slug, row.households or "", row.population or ""]
        for cell in row.cells:
            line += [
                cell.shown_minutes if cell.minutes is not None else f">{matrix.horizon_minutes}",
                yes if cell.within else no,
            ]
        writer.writerow(line)
    return response
