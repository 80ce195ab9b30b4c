"""The life-circle pages: one estate for residents, the coverage matrix (and CSV) for managers."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from facilities.content_version import FACILITIES, LIFECIRCLE, SERVICES
from safeguards.pages import has_permissions, permission_page

from .exports import coverage_rows
from .forms import EstatePickForm
from .queries import categories, coverage_matrix, estate_life_circle

# Managers who may read the dashboard (reports app) or who hold this app's own permission see the matrix.
COVERAGE_PERMISSIONS = ("lifecircle.view_coverage", "reports.view_dashboard")


def can_view_coverage(user) -> bool:
    return has_permissions(user, COVERAGE_PERMISSIONS, any_of=True)


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
@permission_page(*COVERAGE_PERMISSIONS, any_of=True)
def coverage_view(request):
    return render(request, "lifecircle/coverage.html", {"matrix": coverage_matrix()})


@require_GET
@permission_page(*COVERAGE_PERMISSIONS, any_of=True)
def coverage_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="life-circle-coverage-{stamp}.csv"'
    response.write("\ufeff")  # so Excel opens the UTF-8 Chinese text correctly
    csv.writer(response).writerows(coverage_rows(coverage_matrix()))
    return response
