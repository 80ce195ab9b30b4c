from urllib.parse import urlencode

from django import template
from django.utils.translation import gettext as _

from facilities.geo import displayed_minutes, wgs84_to_gcj02

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
    query = urlencode({
        "position": f"{longitude:.6f},{latitude:.6f}",
        "name": place.name,
        "coordinate": "gaode",
        "callnative": "1",
    })
    return f"{AMAP_MARKER_URL}?{query}"


@register.filter
def distance_label(metres) -> str:
    """"350 米" (to the nearest 10 m) or "1.2 公里"."""
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
