from urllib.parse import urlencode

from django import template
from django.utils.translation import gettext as _

from facilities.geo import displayed_minutes, wgs84_to_gcj02
from facilities.hours import weekly_runs
from facilities.models import Weekday

register = template.Library()

AMAP_MARKER_URL = "https://uri.amap.com/marker"


@register.inclusion_tag("facilities/includes/open_status.html")
def open_status_badge(status):
    return {"status": status}


@register.simple_tag
def amap_marker_url(place) -> str:
    """An Amap (高德) marker link for a place with a verified location, in GCJ-02 as Amap expects; else ""."""
    if not getattr(place, "is_located", False):
        return ""
    latitude, longitude = wgs84_to_gcj02(float(place.latitude), float(place.longitude))
    query = urlencode(
        {
            "position": f"{longitude:.6f},{latitude:.6f}",
            "name": place.name,
            "coordinate": "gaode",
            "callnative": "1",
        }
    )
    return f"{AMAP_MARKER_URL}?{query}"


@register.filter
def distance_label(metres) -> str:
    """ "350 米" (to the nearest 10 m) or "1.2 公里"."""
    if metres is None:
        return ""
    if metres < 1000:
        return _("%(metres)s 米") % {"metres": max(10, round(metres / 10) * 10)}
    return _("%(km)s 公里") % {"km": f"{metres / 1000:.1f}"}


@register.filter
def minutes_label(minutes) -> str:
    """Walking minutes rounded up to a whole minute, e.g. "步行约 6 分钟"."""
    if minutes is None:
        return ""
    return _("步行约 %(minutes)s 分钟") % {"minutes": displayed_minutes(minutes)}


@register.simple_tag
def weekly_hours_lines(facility) -> list[str]:
    """The weekly hours in a few lines: "星期一至星期五 09:00–17:00", one per run of days with the same hours."""
    lines = []
    for run in weekly_runs(facility.opening_periods.all()):
        days = (
            Weekday(run.first).label
            if run.first == run.last
            else _("%(first)s至%(last)s")
            % {
                "first": Weekday(run.first).label,
                "last": Weekday(run.last).label,
            }
        )
        times = _("、").join(f"{opens:%H:%M}–{closes:%H:%M}" for opens, closes in run.periods)
        lines.append(f"{days} {times}")
    return lines
