"""Public pages of the services catalogue."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from facilities.content_version import CALENDAR, SERVICES
from facilities.forms import OriginForm
from facilities.queries import order_by_distance
from safeguards.pages import filtered, paginate, preview_headers, public_or_preview

from .filters import ServiceFilter
from .queries import category_tree, places_with_status, preview_service_detail, public_service_detail, public_services

PREVIEW_PERMISSION = "services.change_service"


@require_GET
def service_list(request):
    filterset = ServiceFilter(request.GET or None, queryset=public_services())
    pages = paginate(request, filtered(filterset), per_page=settings.SERVICES_PER_PAGE)
    selected = filterset.form.cleaned_data.get("category") if filterset.is_bound and filterset.is_valid() else None
    return render(
        request,
        "services/service_list.html",
        {
            **pages,
            "filter": filterset,
            "services": pages["page_obj"].object_list,
            "categories": category_tree(),
            "selected_category": selected,
        },
    )


# The query parameters this page reads: the page cache keys on them and drops any other.
service_list.page_cache_parameters = (*ServiceFilter.base_filters, "page")
# What it shows (facilities.content_version): the page cache renders it afresh only when one of these changes.
service_list.page_cache_depends_on = (SERVICES,)


@require_GET
def service_detail(request, slug: str):
    service, is_preview = public_or_preview(
        request,
        public=lambda: public_service_detail(slug=slug),
        preview=lambda: preview_service_detail(slug=slug),
        permission=PREVIEW_PERMISSION,
        missing=_("没有找到这项服务，或它尚未发布。"),
    )
    places = places_with_status(service)
    origin_form = OriginForm(request.GET or None)
    origin = origin_form.origin
    if origin is not None:
        # Nearest first; places whose location is not verified follow, marked, never ranked.
        located, unlocated = order_by_distance(places, origin=origin, key=lambda place: place.facility)
        places = located + unlocated
    response = render(
        request,
        "services/service_detail.html",
        {"service": service, "places": places, "origin_form": origin_form, "origin": origin, "is_preview": is_preview},
    )
    return preview_headers(response, is_preview=is_preview)


# The query parameters this page reads: the page cache keys on them and drops any other.
service_detail.page_cache_parameters = tuple(OriginForm.base_fields)
# The service, and the places offering it with their open/closed status.
service_detail.page_cache_depends_on = ("service:{slug}", CALENDAR)
