"""schema.org Event data for an activity's page, so search engines and assistants can read when and where."""

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from .models import Activity

# As json_script escapes: no "</script>" or "<!--" can close or confuse the script element.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def event_data(activity: Activity) -> dict:
    site = settings.SITE_URL.rstrip("/")
    facility = activity.facility
    place = {"@type": "Place", "name": facility.display_name, "url": site + facility.get_absolute_url()}
    if facility.address:
        place["address"] = facility.address
    if facility.is_located:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(facility.latitude),
            "longitude": float(facility.longitude),
        }
    left = getattr(activity, "places_left", None)
    offer = {
        "@type": "Offer",
        "price": "0" if activity.is_free else str(activity.fee),
        "priceCurrency": "CNY",
        "url": site + activity.get_absolute_url(),
    }
    if left is not None:
        offer["availability"] = "https://schema.org/InStock" if left > 0 else "https://schema.org/SoldOut"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": activity.display_title,
        "startDate": activity.starts_at.isoformat(),
        "endDate": activity.ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "isAccessibleForFree": activity.is_free,
        "maximumAttendeeCapacity": activity.capacity,
        "offers": offer,
        "url": site + activity.get_absolute_url(),
    }
    description = activity.localized("description")
    if description:
        data["description"] = description
    if left is not None:
        data["remainingAttendeeCapacity"] = max(left, 0)
    return data


def event_jsonld(activity: Activity) -> SafeString:
    """The data as a `<script type="application/ld+json">` body, escaped as json_script escapes (no `</script>`)."""
    text = json.dumps(event_data(activity), ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return mark_safe(text)
