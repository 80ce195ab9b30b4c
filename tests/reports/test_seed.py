from decimal import Decimal as D

import pytest
from django.core.management import call_command

from reports.models import Achievement, Metric, MetricValue, PeriodKind, Qualifier
from reports.seed import ACHIEVEMENTS, FIGURES, seed_reports

pytestmark = pytest.mark.django_db

EXPECTED_2023 = {
    "district-tax": ("15493", "万元"),
    "district-tax-existing-non-real-estate": ("10397", "万元"),
    "new-district-tax": ("5096", "万元"),
    "new-district-tax-growth": ("9.43", "%"),
    "key-enterprises-attracted": ("161", "家"),
    "key-project-signing-enterprises": ("7", "家"),
    "livelihood-projects": ("26", "项"),
    "livelihood-projects-completion": ("100", "%"),
    "waterfront-belt-length": ("4.5", "公里"),
    "yizuo-yishu-chairs": ("100", "把"),
    "yizuo-yishu-books": ("100", "本"),
    "city-appearance-excellent-years": ("3", "年"),
    "new-employment-centre-activities": ("700", "场"),
    "new-employment-centre-visits": ("300000", "人次"),
}


def test_every_2023_figure_and_nothing_else():
    created = seed_reports()
    assert created == {"metrics": len(FIGURES), "metric_values": len(FIGURES), "achievements": len(ACHIEVEMENTS)}
    values = {v.metric.code: v for v in MetricValue.objects.select_related("metric")}
    assert set(values) == set(EXPECTED_2023)
    for code, (number, unit) in EXPECTED_2023.items():
        assert values[code].value == D(number), code
        assert values[code].metric.unit == unit
        assert values[code].target is None  # the source gives no targets
    assert set(MetricValue.objects.values_list("year", flat=True)) == {2023}
    assert set(Achievement.objects.values_list("year", flat=True)) == {2023}


def test_running_totals_and_qualifiers():
    seed_reports()
    activities = MetricValue.objects.get(metric__code="new-employment-centre-activities")
    visits = MetricValue.objects.get(metric__code="new-employment-centre-visits")
    assert (activities.qualifier, activities.period_kind) == (Qualifier.AT_LEAST, PeriodKind.RUNNING_TOTAL)
    assert (visits.qualifier, visits.period_kind) == (Qualifier.ABOUT, PeriodKind.RUNNING_TOTAL)
    assert activities.as_of is None  # the article gives no date; none is invented


def test_everything_has_english():
    seed_reports()
    assert not Metric.objects.filter(name_en="").exists()
    assert not Metric.objects.filter(unit_en="").exists()
    assert not Achievement.objects.filter(title_en="").exists()
    assert not Achievement.objects.exclude(awarding_body="").filter(awarding_body_en="").exists()
    assert not MetricValue.objects.exclude(note="").filter(note_en="").exists()


def test_honours():
    seed_reports()
    honours = Achievement.objects.honours()
    assert honours.count() == 5
    assert honours.get(level="international").title.endswith("世界城市日《上海手册》")
    assert honours.get(level="national").awarding_body == "中华全国总工会"


def test_idempotent_and_never_overwrites():
    seed_reports()
    tax = MetricValue.objects.get(metric__code="district-tax")
    tax.target = D("15000")
    tax.note = "工作人员更正"
    tax.save()
    Achievement.objects.filter(title__contains="园林街道").update(highlighted=False)
    assert seed_reports() == {"metrics": 0, "metric_values": 0, "achievements": 0}
    tax.refresh_from_db()
    assert (tax.target, tax.note) == (D("15000"), "工作人员更正")
    assert not Achievement.objects.get(title__contains="园林街道").highlighted


def test_seed_wanli_command_loads_the_report_card(capsys):
    call_command("seed_wanli")
    assert MetricValue.objects.count() == len(FIGURES)
    assert "metric_values" in capsys.readouterr().out


def test_highlights_link_to_seeded_facilities_when_present():
    from facilities.seed import seed_facilities

    seed_facilities()
    seed_reports()
    home = Achievement.objects.get(title__contains="城市建设者管理者之家")
    assert home.facility.capacity == 152
    assert Achievement.objects.filter(facility__isnull=False).count() == sum(1 for a in ACHIEVEMENTS if a.facility)


def test_without_facilities_the_links_stay_empty():
    seed_reports()
    assert not Achievement.objects.filter(facility__isnull=False).exists()
