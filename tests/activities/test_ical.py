"""The calendar feeds: valid RFC 5545 parsed back with icalendar, times in Asia/Shanghai, the right rows."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from publishing.publishable import PublicationStatus
from tests.facilities.factories import FacilityFactory

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def summaries(calendar: Calendar) -> set[str]:
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


def test_one_activity_parses_back_with_shanghai_times(client):
    start = datetime(2030, 7, 1, 9, 30, tzinfo=SHANGHAI)
    activity = ActivityFactory(title="爱心暑托班", starts_at=start, ends_at=start.replace(hour=11))
    calendar = parse(client.get(reverse("activities:ics", args=[activity.slug])))
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "爱心暑托班"
    assert event["DTSTART"].dt == start and str(event["DTSTART"].dt.tzinfo) == "Asia/Shanghai"
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event["DTEND"].dt == start.replace(hour=11)
    assert str(event["UID"]).startswith(str(activity.uuid))
    assert activity.facility.display_name in str(event["LOCATION"])
    assert str(event["URL"]).endswith(activity.get_absolute_url())
    assert b"\r\n" in client.get(reverse("activities:ics", args=[activity.slug])).content  # CRLF line ends


def test_feed_of_everything_leaves_out_drafts(client):
    ActivityFactory(title="已发布")
    ActivityFactory(title="草稿", publication_status=PublicationStatus.DRAFT)
    assert summaries(parse(client.get(reverse("activities_ics")))) == {"已发布"}


def test_facility_feed_has_only_its_activities(client):
    place = FacilityFactory()
    ActivityFactory(title="这里的", facility=place)
    ActivityFactory(title="别处的")
    calendar = parse(client.get(reverse("facility_activities_ics", args=[place.slug])))
    assert summaries(calendar) == {"这里的"}


def test_audience_feed_by_path_and_by_parameter(client):
    ActivityFactory(title="老人的", audience="elderly")
    ActivityFactory(title="孩子的", audience="children_families")
    assert summaries(parse(client.get(reverse("activities:audience_ics", args=["elderly"])))) == {"老人的"}
    assert summaries(parse(client.get(reverse("activities_ics"), {"audience": "children_families"}))) == {"孩子的"}


def test_unknown_audience_or_place_is_404(client):
    assert client.get(reverse("activities:audience_ics", args=["robots"])).status_code == 404
    assert client.get(reverse("activities_ics"), {"audience": "robots"}).status_code == 404
    assert client.get(reverse("facility_activities_ics", args=["nowhere"])).status_code == 404


def test_english_feed_uses_english_titles(client):
    activity = ActivityFactory(title="太极", title_en="Tai chi")
    calendar = parse(client.get("/en" + reverse("activities:ics", args=[activity.slug])))
    assert summaries(calendar) == {"Tai chi"}
