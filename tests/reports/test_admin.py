"""The admin staff use to enter figures: validation messages in Chinese, filters, search and autocomplete."""

from decimal import Decimal as D

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from reports.models import MetricValue

from .factories import AchievementFactory, MetricFactory, MetricValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.cn", "a-long-password-1"))
    return client


def add_value(client, **fields):
    data = {"year": "2023", "value": "161", "qualifier": "exact", "period_kind": "year", "as_of": "", "target": ""}
    data.update(fields)
    return client.post(reverse("admin:reports_metricvalue_add"), data)


def form_errors(response) -> str:
    return str(response.context["adminform"].form.errors)


def test_add_a_value(admin_client):
    metric = MetricFactory()
    response = add_value(admin_client, metric=metric.pk, target="150")
    assert response.status_code == 302
    assert MetricValue.objects.get(metric=metric).target == D("150")


def test_duplicate_year_gives_a_readable_error(admin_client):
    existing = MetricValueFactory(year=2023)
    response = add_value(admin_client, metric=existing.metric.pk)
    assert response.status_code == 200
    assert "这个指标在这一年已经有数值了" in form_errors(response)
    assert MetricValue.objects.count() == 1


def test_negative_target_refused(admin_client):
    response = add_value(admin_client, metric=MetricFactory().pk, target="-5")
    assert response.status_code == 200
    assert "目标值不能为负数" in form_errors(response)


@pytest.mark.parametrize(("year", "message"), [("1900", "年份不能早于 1990 年"), ("2999", "年份不能晚于 2100 年")])
def test_year_out_of_range_refused(admin_client, year, message):
    response = add_value(admin_client, metric=MetricFactory().pk, year=year)
    assert response.status_code == 200
    assert message in form_errors(response)


def test_as_of_date_on_a_year_figure_refused(admin_client):
    response = add_value(admin_client, metric=MetricFactory().pk, as_of="2023-12-31")
    assert response.status_code == 200
    assert "只有累计数才填写截至日期" in form_errors(response)


def test_value_list_filters_by_year_and_category(admin_client):
    MetricValueFactory(year=2022, metric=MetricFactory(name="经济指标", category="economy"))
    MetricValueFactory(year=2023, metric=MetricFactory(name="民生指标", category="livelihood"))
    url = reverse("admin:reports_metricvalue_changelist")
    by_year = admin_client.get(url, {"year": "2023"})
    assert [v.metric.name for v in by_year.context["cl"].result_list] == ["民生指标"]
    by_category = admin_client.get(url, {"metric__category": "economy"})
    assert [v.metric.name for v in by_category.context["cl"].result_list] == ["经济指标"]
    searched = admin_client.get(url, {"q": "民生"})
    assert [v.metric.name for v in searched.context["cl"].result_list] == ["民生指标"]


def test_achievement_list_filters(admin_client):
    AchievementFactory(year=2023, title="今年的荣誉", category="environment")
    AchievementFactory(year=2022, title="去年的荣誉", category="economy")
    url = reverse("admin:reports_achievement_changelist")
    response = admin_client.get(url, {"year": "2022", "category": "economy"})
    assert [a.title for a in response.context["cl"].result_list] == ["去年的荣誉"]


def test_metric_autocomplete(admin_client):
    MetricFactory(name="区税收入")
    MetricFactory(name="引进重点企业")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "区税", "app_label": "reports", "model_name": "metricvalue", "field_name": "metric"},
    )
    assert [item["text"] for item in response.json()["results"]] == ["区税收入"]


@pytest.mark.parametrize(
    "name",
    ["reports_metric_changelist", "reports_metric_add", "reports_achievement_add", "reports_metricvalue_changelist"],
)
def test_admin_pages_render(admin_client, name):
    MetricValueFactory()
    assert admin_client.get(reverse(f"admin:{name}")).status_code == 200


def test_duplicate_year_in_the_metric_page_inline_is_an_error_not_a_crash(admin_client):
    value = MetricValueFactory(year=2023)
    metric = value.metric
    prefix = "values"
    data = {
        "name": metric.name,
        "name_en": metric.name_en,
        "code": metric.code,
        "category": metric.category,
        "order": "0",
        "unit": metric.unit,
        "unit_en": metric.unit_en,
        "higher_is_better": "on",
        "description": "",
        "description_en": "",
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-id": str(value.pk),
        f"{prefix}-0-metric": str(metric.pk),
        f"{prefix}-0-year": "2023",
        f"{prefix}-0-value": "100",
        f"{prefix}-0-qualifier": "exact",
        f"{prefix}-0-period_kind": "year",
        f"{prefix}-1-id": "",
        f"{prefix}-1-metric": str(metric.pk),
        f"{prefix}-1-year": "2023",
        f"{prefix}-1-value": "5",
        f"{prefix}-1-qualifier": "exact",
        f"{prefix}-1-period_kind": "year",
    }
    response = admin_client.post(reverse("admin:reports_metric_change", args=[metric.pk]), data)
    assert response.status_code == 200
    assert response.context["errors"]
    assert MetricValue.objects.filter(metric=metric).count() == 1


def test_inline_year_that_already_exists_in_the_database(admin_client):
    value = MetricValueFactory(year=2023)
    metric = value.metric
    prefix = "values"
    data = {
        "name": metric.name,
        "name_en": metric.name_en,
        "code": metric.code,
        "category": metric.category,
        "order": "0",
        "unit": metric.unit,
        "unit_en": metric.unit_en,
        "higher_is_better": "on",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-id": "",
        f"{prefix}-0-metric": str(metric.pk),
        f"{prefix}-0-year": "2023",
        f"{prefix}-0-value": "5",
        f"{prefix}-0-qualifier": "exact",
        f"{prefix}-0-period_kind": "year",
    }
    response = admin_client.post(reverse("admin:reports_metric_change", args=[metric.pk]), data)
    assert response.status_code == 200
    assert "这个指标在这一年已经有数值了" in response.content.decode()
    assert MetricValue.objects.filter(metric=metric).count() == 1
