from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from facilities.hours import local_now
from reports.models import Achievement, Category, MetricValue, PeriodKind

from .factories import AchievementFactory, MetricFactory, MetricValueFactory

pytestmark = pytest.mark.django_db


def test_one_value_per_metric_and_year_in_the_database():
    value = MetricValueFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricValue.objects.create(metric=value.metric, year=value.year, value=D("1"))


def test_duplicate_gives_a_readable_chinese_error():
    value = MetricValueFactory()
    duplicate = MetricValue(metric=value.metric, year=value.year, value=D("1"))
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "这个指标在这一年已经有数值了" in str(error.value)


def test_same_metric_in_another_year_is_fine():
    value = MetricValueFactory(year=2023)
    MetricValue(metric=value.metric, year=2022, value=D("1")).full_clean()


@pytest.mark.parametrize("year", [1989, 2101])
def test_year_out_of_range_refused_by_database(year):
    metric = MetricFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricValue.objects.create(metric=metric, year=year, value=D("1"))


@pytest.mark.parametrize("year", [1989, 2101])
def test_year_out_of_range_is_a_form_error(year):
    value = MetricValue(metric=MetricFactory(), year=year, value=D("1"))
    with pytest.raises(ValidationError) as error:
        value.full_clean()
    assert "year" in error.value.message_dict


def test_year_far_in_the_future_is_a_typing_error():
    value = MetricValue(metric=MetricFactory(), year=local_now().year + 2, value=D("1"))
    with pytest.raises(ValidationError) as error:
        value.full_clean()
    assert "年份不能晚于" in str(error.value.message_dict["year"])


def test_next_year_allowed_for_targets():
    MetricValue(metric=MetricFactory(), year=local_now().year + 1, value=D("0"), target=D("10")).full_clean()


def test_negative_target_refused_by_database():
    metric = MetricFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricValue.objects.create(metric=metric, year=2023, value=D("1"), target=D("-1"))


def test_negative_target_is_a_form_error():
    value = MetricValue(metric=MetricFactory(), year=2023, value=D("1"), target=D("-1"))
    with pytest.raises(ValidationError) as error:
        value.full_clean()
    assert "目标值不能为负数" in str(error.value.message_dict["target"])


def test_zero_target_and_negative_value_are_allowed():
    MetricValue(metric=MetricFactory(), year=2023, value=D("-3"), target=D("0")).full_clean()


def test_as_of_date_only_for_running_totals():
    metric = MetricFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricValue.objects.create(metric=metric, year=2023, value=D("1"), as_of="2023-12-31")
    MetricValue.objects.create(
        metric=metric, year=2023, value=D("1"), as_of="2023-12-31", period_kind=PeriodKind.RUNNING_TOTAL
    )


def test_unknown_category_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        MetricFactory(category="sports")


def test_achievement_photo_needs_alt_text(tmp_path):
    achievement = AchievementFactory.build(photo="reports/2023/a.jpg", photo_alt_text="")
    with pytest.raises(ValidationError) as error:
        achievement.full_clean()
    assert "photo_alt_text" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        achievement.save()


def test_achievement_level_must_be_known():
    with pytest.raises(IntegrityError), transaction.atomic():
        AchievementFactory(level="galactic")


def test_bilingual_title_falls_back_to_chinese():
    from django.utils import translation

    achievement = AchievementFactory(title="市级园林街道", title_en="")
    with translation.override("en"):
        assert achievement.display_title == "市级园林街道"
    achievement.title_en = "Garden sub-district"
    with translation.override("en"):
        assert achievement.display_title == "Garden sub-district"


def test_dashboard_permission_exists():
    from django.contrib.auth.models import Permission

    assert Permission.objects.filter(content_type__app_label="reports", codename="view_dashboard").exists()


def test_achievement_unique_title_per_year():
    AchievementFactory(title="同一个标题", year=2023, category=Category.ECONOMY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Achievement.objects.create(title="同一个标题", year=2023, category=Category.ECONOMY)
