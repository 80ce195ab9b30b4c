"""The dashboard's activities section: activities held, sign-ups, attendance and no-show rate by month and by
place; the portal's 活动场次 and 参与人次 beside the staff-entered running totals, which are never changed."""

import uuid
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.checkin_actions import activity_mark_no_shows, sign_up_check_in, walk_in_add
from activities.figures import attendance_figures, years_with_activities
from publishing.publishable import PublicationStatus
from reports.activity_queries import activity_report
from reports.models import MetricValue
from reports.seed import seed_reports
from tests.activities.factories import ActivityFactory, sign_up
from tests.facilities.factories import FacilityFactory

from .factories import UserFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.localtime().year - 1  # a whole past year: every activity in it is over


def held(month: int, *, facility=None, capacity=10, **extra):
    """An activity held in `month` of YEAR; sign-ups are made while it is still to come, then it is moved back."""
    activity = ActivityFactory(
        capacity=capacity, max_party_size=4, **({"facility": facility} if facility else {}), **extra
    )
    return activity, datetime(YEAR, month, 10, 9, 0, tzinfo=timezone.get_current_timezone())


def move_to(activity, start):
    type(activity).objects.filter(pk=activity.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    activity.refresh_from_db()


@pytest.fixture
def year_of_activities(admin_user):
    """March: two activities at the centre (7 signed up: 4 came, 3 did not; 2 walk-ins). May: one at the park
    (2 signed up, nobody checked in or marked yet). Plus a draft and a demo activity that never count."""
    centre, park = FacilityFactory(name="测试中心"), FacilityFactory(name="测试公园")
    first, march = held(3, facility=centre)
    came = sign_up(first, party_size=3)
    sign_up(first, party_size=2)
    second, _march = held(3, facility=centre)
    came_too = sign_up(second, party_size=1)
    sign_up(second, party_size=1)
    third, may = held(5, facility=park)
    sign_up(third, party_size=2)
    for party in (came, came_too):
        sign_up_check_in(activity=party.activity, code=party.tracking_code, by=admin_user)
    for _tap in range(2):
        walk_in_add(activity=first, client_id=uuid.uuid4(), by=admin_user)
    for activity, start in ((first, march), (second, march + timedelta(days=7)), (third, may)):
        move_to(activity, start)
    assert activity_mark_no_shows(activity=first, by=admin_user) == 1  # the party of two
    assert activity_mark_no_shows(activity=second, by=admin_user) == 1
    draft, start = held(3, publication_status=PublicationStatus.DRAFT)
    move_to(draft, start)
    demo, start = held(3, is_demo=True)
    sign_up(demo)
    move_to(demo, start)
    return {"centre": centre, "park": park}


def test_the_year_is_counted_by_month_and_by_place(year_of_activities):
    figures = attendance_figures(year=YEAR)
    total = figures.total
    assert (figures.activities_held, total.signed_up, total.attended, total.no_show) == (3, 9, 4, 3)
    assert total.walk_ins == 2 and figures.participants == 6 and total.unmarked == 2
    assert total.no_show_rate == Decimal("42.9")  # 3 of the 7 places whose attendance is known
    assert [(line.month.month, line.held, line.participants) for line in figures.by_month] == [(3, 2, 6), (5, 1, 0)]
    march = figures.by_month[0]
    assert march.no_show_rate == Decimal("42.9") and figures.by_month[1].no_show_rate is None
    assert [(line.facility.name, line.held) for line in figures.by_place] == [("测试中心", 2), ("测试公园", 1)]
    assert years_with_activities() == [YEAR]


def test_an_activity_still_to_come_is_not_held_yet(admin_user):
    ActivityFactory(starts_at=timezone.now() + timedelta(days=3))
    assert attendance_figures(year=timezone.localtime().year).activities_held == 0
    assert attendance_figures(year=YEAR).by_month == []


def test_the_staff_entered_running_totals_stay_as_entered(year_of_activities):
    seed_reports()
    before = {v.metric.code: (v.value, v.qualifier, v.year) for v in MetricValue.objects.with_metric()}
    seeded_year = MetricValue.objects.get(metric__code="new-employment-centre-activities").year
    report = activity_report(year=max(YEAR, seeded_year))
    assert report.entered_activities.value == Decimal("700")
    assert report.entered_participants.value == Decimal("300000")
    after = {v.metric.code: (v.value, v.qualifier, v.year) for v in MetricValue.objects.with_metric()}
    assert after == before
    earlier = activity_report(year=seeded_year - 1)
    assert earlier.entered_activities is None  # nothing entered yet by then


def test_the_dashboard_shows_the_portal_counts_beside_the_entered_figures(client, year_of_activities):
    seed_reports()
    client.force_login(UserFactory(permissions=["reports.view_dashboard"]))
    seeded_year = MetricValue.objects.get(metric__code="new-employment-centre-activities").year
    response = client.get(reverse("reports:dashboard"), {"year": YEAR})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{YEAR} 年社区活动与签到" in html
    assert 'data-figure="activities-held">3 场' in html and 'data-figure="participants">6 人次' in html
    assert 'id="activities-by-month"' in html and "测试公园" in html and "42.9%" in html
    if YEAR >= seeded_year:
        assert "700余场" in html and "30万人次" in html


def test_the_dashboard_offers_a_year_with_activities_only(client, year_of_activities):
    client.force_login(UserFactory(permissions=["reports.view_dashboard"]))
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert f'value="{YEAR}"' in response.content.decode()


def test_the_dashboard_query_count_does_not_grow_with_activities(client, admin_user):
    client.force_login(UserFactory(permissions=["reports.view_dashboard"]))

    def count_queries():
        cache.clear()  # the dashboard's kept figures: measure the work, not the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:dashboard"), {"year": YEAR}).status_code == 200
        return len(queries)

    activity, start = held(2)
    move_to(activity, start)
    few = count_queries()
    for month in range(1, 13):
        activity, start = held(month, facility=FacilityFactory())
        party = sign_up(activity)
        sign_up_check_in(activity=activity, code=party.tracking_code, by=admin_user)
        walk_in_add(activity=activity, client_id=uuid.uuid4(), by=admin_user)
        move_to(activity, start)
    assert count_queries() == few


def test_the_activities_section_is_in_english_under_en(client, year_of_activities):
    client.force_login(UserFactory(permissions=["reports.view_dashboard"]))
    html = client.get("/en/dashboard/", {"year": YEAR}).content.decode()
    assert f"Community activities and attendance, {YEAR}" in html and "3 activities" in html and "6 visits" in html


def test_a_year_without_activities_on_the_portal_has_no_activities_section(client):
    seed_reports()
    client.force_login(UserFactory(permissions=["reports.view_dashboard"]))
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "activity-figures-heading" not in html and "700余场" in html  # the entered figure keeps its own card
