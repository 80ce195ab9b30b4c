"""Public pages of the facilities directory."""
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .filters import FacilityFilter
from .hours import hours_today, local_now
from .models import Audience, Facility
from .queries import annotate_open_status, kinds_in_use, public_facilities, public_facility_detail


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def facility_list(request):
    filterset = FacilityFilter(request.GET or None, queryset=public_facilities())
    notice = ""
    if filterset.is_bound and not filterset.is_valid():
        facilities = public_facilities().none()
    else:
        facilities = filterset.qs
    paginator = Paginator(facilities, settings.FACILITIES_PER_PAGE)
    requested_page = request.GET.get("page", "1")
    page = paginator.get_page(requested_page)
    if requested_page not in ("", "1") and str(page.number) != requested_page:
        notice = _("没有这一页，已为您显示第 %(number)s 页。") % {"number": page.number}
    return render(
        request,
        "facilities/facility_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "facilities": annotate_open_status(page.object_list),
            "notice": notice,
            "query_without_page": _query_without_page(request),
            "kinds": kinds_in_use(),
            "audiences": Audience.objects.all(),
        },
    )


def facility_detail(request, slug: str):
    try:
        facility = public_facility_detail(slug=slug)
    except Facility.DoesNotExist:
        raise Http404(_("没有找到这个设施，或它尚未发布。")) from None
    moment = local_now()
    annotate_open_status([facility], at=moment)
    return render(
        request,
        "facilities/facility_detail.html",
        {"facility": facility, "today_hours": hours_today(facility, at=moment), "now": moment},
    )
