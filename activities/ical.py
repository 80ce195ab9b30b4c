"""iCalendar (RFC 5545) for activities: one activity, or a feed of many, with times in Asia/Shanghai (a
VTIMEZONE is included, so calendar apps without a zone database still place them right)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vText

from .models import Activity

PRODID = "-//Wanli community services portal//Activities//ZH"


def _url(activity: Activity) -> str:
    return settings.SITE_URL.rstrip("/") + activity.get_absolute_url()


def _event(activity: Activity, *, stamp: datetime, zone: ZoneInfo) -> Event:
    event = Event()
    event.add("uid", f"{activity.uuid}@wanli-activities")
    event.add("dtstamp", stamp)
    event.add("dtstart", activity.starts_at.astimezone(zone))
    event.add("dtend", activity.ends_at.astimezone(zone))
    event.add("summary", activity.display_title)
    facility = activity.facility
    place = facility.display_name + (f" · {activity.place_detail}" if activity.place_detail else "")
    event.add("location", vText(place))
    description = activity.localized("description")
    event.add("description", f"{description}\n\n{_url(activity)}".strip())
    event.add("url", _url(activity))
    event.add("last-modified", activity.updated_at)
    event.add("sequence", activity.version)
    if facility.is_located:
        event.add("geo", (float(facility.latitude), float(facility.longitude)))
    if not activity.is_published:
        event.add("status", "CANCELLED")
    return event


def calendar_for(activities: list[Activity], *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per activity."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
    stamp = timezone.now()
    for activity in activities:
        calendar.add_component(_event(activity, stamp=stamp, zone=zone))
    return calendar.to_ical()
