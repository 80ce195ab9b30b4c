from datetime import timedelta
from decimal import Decimal as D

import pytest

from facilities.hours import local_now
from publishing.publishable import PublicationStatus
from reports.queries import dashboard, latest_year, portal_figures, report_card, years_with_data
from tests.facilities.factories import FacilityFactory, FacilityKindFactory
from tests.services.factories import ServiceCategoryFactory, ServiceFactory

from .factories import AchievementFactory, MetricFactory, MetricValueFactory

pytestmark = pytest.mark.django_db


def test_years_with_data_combines_values_and_achievements():
    MetricValueFactory(year=2022)
    AchievementFactory(year=2020)
    MetricValueFactory(year=2023)
    assert years_with_data() == [2023, 2022, 2020]
    assert latest_year() == 2023


def test_no_years():
    assert years_with_data() == []
    assert latest_year() is None


def test_report_card_groups_by_category_in_reading_order():
    MetricValueFactory(metric=MetricFactory(category="governance", name="治理"), year=2023)
    MetricValueFactory(metric=MetricFactory(category="economy", name="经济", headline=True), year=2023)
    MetricValueFactory(metric=MetricFactory(category="livelihood", name="民生"), year=2023)
    AchievementFactory(year=2023, kind="highlight", category="environment", title="亮点")
    AchievementFactory(year=2023, kind="honour", category="environment", title="荣誉")
    card = report_card(year=2023)
    assert [s.category.value for s in card.sections] == ["economy", "livelihood", "environment", "governance"]
    assert [v.metric.name for v in card.headline_values] == ["经济"]
    assert [h.title for h in card.honours] == ["荣誉"]
    environment = card.sections[2]
    assert [h.title for h in environment.highlights] == ["亮点"]  # honours are listed once, not again here


def test_report_card_of_an_empty_year_is_none():
    MetricValueFactory(year=2023)
    assert report_card(year=2022) is None


def test_dashboard_row_for_a_metric_missing_this_year():
    metric = MetricFactory()
    MetricValueFactory(metric=metric, year=2022, value=D("5"))
    MetricValueFactory(year=2023)
    rows = {row.metric.pk: row for row in dashboard(year=2023).rows}
    row = rows[metric.pk]
    assert row.current is None
    assert row.previous.value == D("5")
    assert row.change is None
    assert row.percent_of_target is None


def test_a_trend_chart_needs_two_years():
    one = MetricFactory(code="one")
    MetricValueFactory(metric=one, year=2023)
    gap = MetricFactory(code="gap")
    MetricValueFactory(metric=gap, year=2021)
    MetricValueFactory(metric=gap, year=2023)
    rows = {row.metric.code: row for row in dashboard(year=2023).rows}
    assert not rows["one"].has_trend and rows["one"].chart is None
    assert rows["gap"].has_trend and len(rows["gap"].chart.bars) == 2  # two years to compare, though not adjacent
    assert rows["gap"].change is None


def test_dashboard_headline_rows_then_the_others_by_category_in_reading_order():
    MetricValueFactory(metric=MetricFactory(code="g", category="governance"), year=2023)
    MetricValueFactory(metric=MetricFactory(code="e-head", category="economy", headline=True), year=2023)
    MetricValueFactory(metric=MetricFactory(code="l", category="livelihood"), year=2023)
    MetricValueFactory(metric=MetricFactory(code="e", category="economy"), year=2022)  # no value in 2023: still listed
    board = dashboard(year=2023)
    assert [row.metric.code for row in board.headline_rows] == ["e-head"]
    sections = board.other_sections
    assert [section.category.value for section in sections] == ["economy", "livelihood", "governance"]
    assert [[row.metric.code for row in section.rows] for section in sections] == [["e"], ["l"], ["g"]]


def test_portal_figures_count_published_real_facilities_only():
    canteen = FacilityKindFactory(slug="canteen", name="食堂")
    home = FacilityKindFactory(slug="home", name="建设者之家")
    FacilityFactory(kind=canteen)
    FacilityFactory(kind=canteen)
    FacilityFactory(kind=canteen, is_demo=True)
    FacilityFactory(kind=canteen, publication_status=PublicationStatus.DRAFT)
    FacilityFactory(kind=home, capacity=152, capacity_unit="张床位")
    FacilityFactory(kind=home, capacity=10, capacity_unit="张床位", is_demo=True)
    figures = portal_figures()
    assert {(line.kind.slug, line.count) for line in figures.by_kind} == {("canteen", 2), ("home", 1)}
    assert figures.facilities_total == 3
    assert [f.capacity for f in figures.with_capacity] == [152]


def test_portal_figures_content_needing_review(settings):
    settings.REVIEW_AFTER_DAYS = 180
    today = local_now().date()
    FacilityFactory(last_verified=None)
    FacilityFactory(last_verified=today - timedelta(days=181))
    FacilityFactory(last_verified=today - timedelta(days=180))
    FacilityFactory(last_verified=today)
    ServiceFactory(last_verified=None)
    ServiceFactory(last_verified=today - timedelta(days=400))
    ServiceFactory(last_verified=today - timedelta(days=400), publication_status=PublicationStatus.DRAFT)
    figures = portal_figures()
    review = figures.facilities_review
    assert (review.never_verified, review.verified_long_ago) == (1, 1)
    assert (figures.services_review.never_verified, figures.services_review.verified_long_ago) == (1, 1)
    assert figures.needs_review == 4


def test_services_by_top_level_category():
    elderly = ServiceCategoryFactory(name="一老一小", order=1)
    meals = ServiceCategoryFactory(name="助餐", parent=elderly)
    legal = ServiceCategoryFactory(name="法律", order=2)
    ServiceCategoryFactory(name="空分类")
    ServiceFactory(category=elderly)
    ServiceFactory(category=meals)
    ServiceFactory(category=meals)
    ServiceFactory(category=legal)
    ServiceFactory(category=legal, publication_status=PublicationStatus.DRAFT)
    figures = portal_figures()
    assert [(line.category.name, line.count) for line in figures.services_by_category] == [("一老一小", 3), ("法律", 1)]
    assert figures.services_total == 4


def test_place_pools_with_free_places_and_waiting_list():
    from casework.actions import request_accept
    from tests.casework.factories import bed_service, submit

    from .factories import UserFactory

    service, pool = bed_service(capacity=2)
    first = submit(service, pool=pool, phone="13800000001")
    submit(service, pool=pool, phone="13800000002")
    submit(service, pool=pool, phone="13800000003")
    request_accept(request=first, by=UserFactory())
    [row] = portal_figures().place_pools
    assert (row.capacity, row.held_places, row.free_places, row.pending, row.waiting) == (2, 1, 1, 1, 1)


def test_place_pools_skip_demo_facilities():
    from tests.casework.factories import PlacePoolFactory

    PlacePoolFactory(location__facility__is_demo=True)
    assert portal_figures().place_pools == []
