"""The public report card (成绩单): the latest year, any year with data, both languages."""

from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reports.models import Metric, MetricValue

from .factories import AchievementFactory, MetricFactory, MetricValueFactory
from .pages import card_url

pytestmark = pytest.mark.django_db


class TestReportCard:
    def test_2023_shows_the_seed_figures_and_honours(self, client, seeded):
        response = client.get(card_url(2023))
        assert response.status_code == 200
        html = response.content.decode()
        for text in [
            "万里街道 2023 年成绩单",
            "15,493万元",
            "10,397万元",
            "5,096万元",
            "9.43%",
            "161家",
            "7家",
            "26项",
            "100%",
            "4.5公里",
            "100把",
            "100本",
            "3年",
            "700余场",
            "约30万人次",
            "世界城市日《上海手册》",
            "中华全国总工会",
            "辖区可加梯小区全面破零",
        ]:
            assert text in html, text

    def test_latest_year_is_the_default(self, client):
        MetricValueFactory(year=2022, value=D("1"))
        MetricValueFactory(year=2023, value=D("2"))
        response = client.get(card_url())
        assert response.status_code == 200
        assert response.context["card"].year == 2023
        assert "万里街道 2023 年成绩单" in response.content.decode()

    def test_other_years_are_linked(self, client):
        MetricValueFactory(year=2022)
        MetricValueFactory(year=2023)
        html = client.get(card_url(2023)).content.decode()
        assert f'href="{card_url(2022)}"' in html

    def test_an_earlier_year_can_be_shown(self, client):
        MetricValueFactory(year=2022, value=D("42"), metric=MetricFactory(unit="个"))
        MetricValueFactory(year=2023)
        response = client.get(card_url(2022))
        assert response.context["card"].year == 2022
        assert "42个" in response.content.decode()

    def test_a_year_with_only_honours_has_a_card(self, client):
        AchievementFactory(year=2021, title="只有荣誉的一年")
        response = client.get(card_url(2021))
        assert response.status_code == 200
        assert "只有荣誉的一年" in response.content.decode()

    def test_year_without_data_is_404(self, client, seeded):
        assert client.get(card_url(2022)).status_code == 404

    def test_no_data_at_all_is_404(self, client):
        assert client.get(card_url()).status_code == 404

    @pytest.mark.parametrize("year", [0, 1800, 99999, 10**20])
    def test_absurd_years_are_404_not_500(self, client, year):
        assert client.get(f"/report-card/{year}/").status_code == 404

    def test_english(self, client, seeded):
        response = client.get(card_url(2023, language="en"))
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="en">' in html
        assert "District tax revenue" in html
        assert "Wanli sub-district report card 2023" in html
        assert "700+ activities" in html
        assert "about 300,000 visits" in html
        assert "All-China Federation of Trade Unions" in html
        assert "区税收入" not in html

    def test_print_stylesheet_is_linked(self, client, seeded):
        html = client.get(card_url(2023)).content.decode()
        assert "reports/reports.css" in html

    def test_header_links_to_the_report_card(self, client):
        html = client.get("/").content.decode()
        assert f'href="{card_url()}"' in html
        assert "成绩单" in html

    def test_query_count_does_not_grow_with_rows(self, client):
        def count_queries():
            cache.clear()  # measure the view, not the site-wide page cache (bulk_create sends no change signal)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(card_url(2023)).status_code == 200
            return len(queries)

        for _ in range(10):
            MetricValueFactory(year=2023)
            AchievementFactory(year=2023)
        small = count_queries()
        metric_values = [
            MetricValue(metric=m, year=2023, value=D("1"))
            for m in Metric.objects.bulk_create(
                [Metric(code=f"bulk-{i}", name=f"批量{i}", category="economy", headline=i % 2 == 0) for i in range(490)]
            )
        ]
        MetricValue.objects.bulk_create(metric_values)
        assert MetricValue.objects.count() == 500
        assert count_queries() == small


def test_head_request_on_the_public_card(client):
    MetricValueFactory(year=2023)
    assert client.head(card_url(2023)).status_code == 200


@pytest.mark.django_db
def test_report_card_facility_link_gives_the_capacity_unit_in_english():
    from django.template.loader import render_to_string

    from tests.facilities.factories import FacilityFactory

    facility = FacilityFactory(capacity=152, capacity_unit="张床位", capacity_unit_en="beds")
    with translation.override("en"):
        html = render_to_string("reports/includes/facility_link.html", {"facility": facility})
    assert "152 beds" in html and "张床位" not in html
