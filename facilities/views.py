"""Public pages of the facilities directory."""

from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from safeguards.pages import filtered, paginate, preview_headers, public_or_preview

from .content_version import CALENDAR, FACILITIES
from .filters import FacilityFilter, MapFilter
from .hours import closed_days_text, hours_today, special_day_on, special_days, weekly_hours
from .models import Audience, Facility
from .open_now import OpenNow
from .qr import facility_page_url, qr_png, qr_svg
from .queries import (
    annotate_open_status,
    in_page_order,
    kinds_in_use,
    map_markers,
    map_point,
    nearby_hits,
    page_ids,
    preview_facility_detail,
    public_facilities,
    public_facility_detail,
    unlocated_facilities,
    with_distances,
)

UNLOCATED_SHOWN = 50
PREVIEW_PERMISSION = "facilities.change_facility"


def facility_list(request):
    now = OpenNow.at()
    filterset = FacilityFilter(request.GET or None, queryset=public_facilities(), now=now)
    facilities = filtered(filterset)
    origin = filterset.origin
    unlocated, unlocated_count = [], 0
    if origin is not None:
        # Sorted by distance: only places with a verified location; the others are listed apart.
        hits = nearby_hits(facilities, origin=origin, radius_m=filterset.radius_m)
        pages = paginate(request, hits, per_page=settings.FACILITIES_PER_PAGE)
        rows = with_distances(pages["page_obj"].object_list, facilities)
        unlocated, unlocated_count = unlocated_facilities(facilities, limit=UNLOCATED_SHOWN)
    else:
        pages = paginate(request, page_ids(facilities), per_page=settings.FACILITIES_PER_PAGE)
        rows = in_page_order(facilities, pages["page_obj"].object_list)
    return render(
        request,
        "facilities/facility_list.html",
        {
            **pages,
            "filter": filterset,
            "facilities": annotate_open_status(rows, now=now),
            "kinds": kinds_in_use(),
            "audiences": Audience.objects.all(),
            "origin": origin,
            "radius_m": filterset.radius_m if origin else None,
            "unlocated": unlocated,
            "unlocated_count": unlocated_count,
        },
    )


# The query parameters this page reads: the page cache keys on them and drops any other.
facility_list.page_cache_parameters = (*FacilityFilter.base_filters, "page")
# What it shows (facilities.content_version): the page cache renders it afresh only when one of these changes.
facility_list.page_cache_depends_on = (FACILITIES, CALENDAR)


def facility_map(request):
    """All published places on a map, filterable by kind and audience; the same places listed below as HTML."""
    filterset = MapFilter(request.GET or None, queryset=public_facilities())
    facilities = filtered(filterset)
    markers, located_count = map_markers(facilities, limit=settings.MAP_MAX_MARKERS)
    listed = facilities.prefetch_related(None).select_related("kind")
    return render(
        request,
        "facilities/facility_map.html",
        {
            **paginate(request, listed, per_page=settings.MAP_LIST_PER_PAGE),
            "filter": filterset,
            "markers": markers,
            "located_count": located_count,
            "map_config": {
                "centre": map_point(*settings.MAP_CENTRE),
                "zoom": settings.MAP_ZOOM,
                "tileUrl": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
                # Leaflet's own controls are labelled in English; these replace their titles and aria-labels.
                "zoomInTitle": _("放大地图"),
                "zoomOutTitle": _("缩小地图"),
            },
        },
    )


# The query parameters this page reads: the page cache keys on them and drops any other.
facility_map.page_cache_parameters = (*MapFilter.base_filters, "page")
facility_map.page_cache_depends_on = (FACILITIES,)


def _facility_or_404(request, slug: str) -> tuple[Facility, bool]:
    """The published facility; staff who may edit facilities also get drafts with `?preview=1`."""
    return public_or_preview(
        request,
        public=lambda: public_facility_detail(slug=slug),
        preview=lambda: preview_facility_detail(slug=slug),
        permission=PREVIEW_PERMISSION,
        missing=_("没有找到这个设施，或它尚未发布。"),
    )


QR_MAX_AGE = 60 * 60  # the code only changes with the slug or SITE_URL


def facility_detail(request, slug: str):
    facility, is_preview = _facility_or_404(request, slug)
    now = OpenNow.at()
    annotate_open_status([facility], now=now)
    moment = now.moment
    # The page shows this place's status and today's hours: true until it opens or closes, or midnight.
    midnight = datetime.combine(moment.date() + timedelta(days=1), datetime.min.time(), tzinfo=moment.tzinfo)
    changes = facility.status.closes_at or facility.status.opens_at
    coming = special_days(facility, today=moment.date())
    response = render(
        request,
        "facilities/facility_detail.html",
        {
            "facility": facility,
            "today_hours": hours_today(facility, at=moment, calendar=now.calendar),
            "now": moment,
            "is_preview": is_preview,
            "special_days": coming,
            "today_special": special_day_on(coming, moment.date()),
        },
    )
    response.page_cache_until = min(changes, midnight) if changes else midnight
    return preview_headers(response, is_preview=is_preview)


def facility_poster(request, slug: str):
    """A printable A4 poster for the door: name, QR code to the facility's page, weekly opening hours."""
    facility, is_preview = _facility_or_404(request, slug)
    week = weekly_hours(facility)
    response = render(
        request,
        "facilities/facility_poster.html",
        {
            "facility": facility,
            "week": week,
            "closed_days": closed_days_text(week),
            "is_preview": is_preview,
            "page_url": facility_page_url(facility),
            "qr_svg": qr_svg(facility, title=_("扫码查看%(name)s") % {"name": facility.display_name}),
        },
    )
    return preview_headers(response, is_preview=is_preview)


def facility_qr_svg(request, slug: str):
    facility, is_preview = _facility_or_404(request, slug)
    response = HttpResponse(qr_svg(facility), content_type="image/svg+xml")
    return preview_headers(response, is_preview=is_preview, public_max_age=QR_MAX_AGE)


def facility_qr_png(request, slug: str):
    facility, is_preview = _facility_or_404(request, slug)
    response = HttpResponse(qr_png(facility), content_type="image/png")
    return preview_headers(response, is_preview=is_preview, public_max_age=QR_MAX_AGE)


# One facility's own pages: refreshed when it (its hours, photos, services, menu, parent or children) or the
# holiday calendar changes, not when another facility does.
facility_detail.page_cache_depends_on = ("facility:{slug}", CALENDAR)
for _view in (facility_poster, facility_qr_svg, facility_qr_png):
    _view.page_cache_depends_on = ("facility:{slug}",)
