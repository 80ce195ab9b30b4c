"""Public pages of the services catalogue."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from facilities.content_version import CALENDAR, SERVICES
from facilities.forms import OriginForm
from facilities.queries import order_by_distance

from .filters import ServiceFilter
from .models import Service
from .queries import category_tree, places_with_status, preview_service_detail, public_service_detail, public_services

PREVIEW_PERMISSION = "services.change_service"


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def service_list(request):
    filterset = ServiceFilter(request.GET or None, queryset=public_services())
    notice = ""
    if filterset.is_bound and not filterset.is_valid():
        services = public_services().none()
    else:
        services = filterset.qs
    paginator = Paginator(services, settings.SERVICES_PER_PAGE)
    requested_page = request.GET.get("page", "1")
    page = paginator.get_page(requested_page)
    if requested_page not in ("", "1") and str(page.number) != requested_page:
        notice = _("没有这一页，已为您显示第 %(number)s 页。") % {"number": page.number}
    selected = filterset.form.cleaned_data.get("category") if filterset.is_bound and filterset.is_valid() else None
    return render(
        request,
        "services/service_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "services": page.object_list,
            "notice": notice,
            "query_without_page": _query_without_page(request),
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
    is_preview = False
    try:
        service = public_service_detail(slug=slug)
    except Service.DoesNotExist:
        user = request.user
        may_preview = user.is_active and user.is_staff and user.has_perm(PREVIEW_PERMISSION)
        if request.GET.get("preview") != "1" or not may_preview:
            raise Http404(_("没有找到这项服务，或它尚未发布。")) from None
        try:
            service, is_preview = preview_service_detail(slug=slug), True
        except Service.DoesNotExist:
            raise Http404(_("没有找到这项服务，或它尚未发布。")) from None
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
    if is_preview:
        # A draft must never be stored by a shared cache or indexed.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# The query parameters this page reads: the page cache keys on them and drops any other.
service_detail.page_cache_parameters = tuple(OriginForm.base_fields)
# The service, and the places offering it with their open/closed status.
service_detail.page_cache_depends_on = ("service:{slug}", CALENDAR)
