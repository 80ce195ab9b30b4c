from datetime import timedelta
from decimal import Decimal as D

import pytest

from facilities.hours import local_now
from facilities.models import PublicationStatus
from reports.queries import dashboard, latest_year, portal_figures, report_card, years_with_data
from tests.facilities.factories import FacilityFactory, FacilityKindFactory

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
    assert figures.capacity_totals == {"张床位": 152}
    assert [f.capacity for f in figures.with_capacity] == [152]


def test_portal_figures_content_needing_review(settings):
    settings.REVIEW_AFTER_DAYS = 180
    today = local_now().date()
    FacilityFactory(last_verified=None)
    FacilityFactory(last_verified=today - timedelta(days=181))
    FacilityFactory(last_verified=today - timedelta(days=180))
    FacilityFactory(last_verified=today)
    figures = portal_figures()
    assert (figures.never_verified, figures.verified_long_ago, figures.needs_review) == (1, 1, 2)
