from decimal import Decimal as D

import pytest
from django.template import Context, Template
from django.utils import translation

from reports.charts import Point, bar_chart
from reports.models import Qualifier

from .factories import MetricFactory, MetricValueFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load report_tags %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("value", "qualifier", "unit", "zh", "en"),
    [
        ("15493", Qualifier.EXACT, "万元", "15,493万元", "15,493 units"),
        ("700", Qualifier.AT_LEAST, "场", "700余场", "700+ units"),
        ("300000", Qualifier.ABOUT, "人次", "约30万人次", "about 300,000 units"),
        ("-1250000", Qualifier.EXACT, "元", "-125万元", "-1,250,000 units"),
        ("123456", Qualifier.EXACT, "人次", "123,456人次", "123,456 units"),
        ("90000", Qualifier.EXACT, "人次", "90,000人次", "90,000 units"),
        ("9.43", Qualifier.EXACT, "%", "9.43%", "9.43 units"),
    ],
)
def test_figure(value, qualifier, unit, zh, en):
    metric = MetricFactory(unit=unit, unit_en="units")
    item = MetricValueFactory(metric=metric, value=D(value), qualifier=qualifier)
    with translation.override("zh-hans"):
        assert render("{% figure item %}", item=item) == zh
    with translation.override("en"):
        assert render("{% figure item %}", item=item) == en


def test_figure_without_unit():
    item = MetricValueFactory(metric=MetricFactory(unit="", unit_en=""), value=D("3"))
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert render("{% figure item %}", item=item) == "3"


@pytest.mark.parametrize(
    ("target", "qualifier", "unit", "zh", "en"),
    [
        ("150", Qualifier.EXACT, "家", "150家", "150 units"),
        ("300000", Qualifier.ABOUT, "人次", "30万人次", "300,000 units"),  # a target has no 约 or 余 of its own
        ("95", Qualifier.AT_LEAST, "%", "95%", "95 units"),
        (None, Qualifier.EXACT, "家", "", ""),
    ],
)
def test_target_figure_in_the_values_unit(target, qualifier, unit, zh, en):
    metric = MetricFactory(unit=unit, unit_en="units")
    item = MetricValueFactory(metric=metric, value=D("1"), target=D(target) if target else None, qualifier=qualifier)
    with translation.override("zh-hans"):
        assert render("{% target_figure item %}", item=item) == zh
    with translation.override("en"):
        assert render("{% target_figure item %}", item=item) == en


def test_chart_marks_the_year_on_show():
    chart = bar_chart([Point("2022", D("1")), Point("2023", D("2"))])
    html = render('{% trend_chart chart chart_id="t" title="t" description="d" current=year %}', chart=chart, year=2022)
    first, second = html.split("<rect")[1:]
    assert "chart-bar-current" in first and "chart-bar-current" not in second


def test_chart_with_no_data_says_so():
    with translation.override("zh-hans"):
        html = render('{% trend_chart chart chart_id="x" title="t" description="d" %}', chart=None)
    assert "<svg" not in html
    assert "暂无数据" in html


def test_chart_has_title_desc_and_one_rect_per_year():
    chart = bar_chart([Point("2022", D("1")), Point("2023", D("2"))])
    html = render('{% trend_chart chart chart_id="tax" title="区税" description="2022: 1; 2023: 2" %}', chart=chart)
    assert '<title id="tax-title">区税</title>' in html
    assert '<desc id="tax-desc">2022: 1; 2023: 2</desc>' in html
    assert html.count("<rect") == 2
    assert 'role="img"' in html
