"""The yearly report card (成绩单): metrics, their yearly values, and the year's achievements and honours."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from facilities.bilingual import BilingualMixin, prefers_english
from facilities.hours import local_now
from facilities.models import Facility

# Wanli City was planned in the 1990s; nothing the office reports can be older, and 2100 is far enough.
YEAR_MIN = 1990
YEAR_MAX = 2100
# Staff may enter next year's targets, never figures further ahead.
YEARS_AHEAD_ALLOWED = 1
YEAR_RANGE_MESSAGE = format_lazy(_("年份需在 {min} 至 {max} 年之间。"), min=YEAR_MIN, max=YEAR_MAX)


class Category(models.TextChoices):
    ECONOMY = "economy", _("经济发展")
    LIVELIHOOD = "livelihood", _("民生服务")
    ENVIRONMENT = "environment", _("生态环境与城市建设")
    GOVERNANCE = "governance", _("基层治理与公共服务")


class Qualifier(models.TextChoices):
    EXACT = "exact", _("准确数")
    AT_LEAST = "at_least", _("以上（如“700余场”）")
    ABOUT = "about", _("约数（如“近30万”）")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("当年数")
    RUNNING_TOTAL = "running_total", _("累计数（截至某日）")


class Level(models.TextChoices):
    INTERNATIONAL = "international", _("国际")
    NATIONAL = "national", _("国家级")
    MUNICIPAL = "municipal", _("市级")
    DISTRICT = "district", _("区级")


class AchievementKind(models.TextChoices):
    HONOUR = "honour", _("荣誉")
    HIGHLIGHT = "highlight", _("工作亮点")


def year_validators() -> list:
    return [
        MinValueValidator(YEAR_MIN, _("年份不能早于 %(limit_value)s 年。")),
        MaxValueValidator(YEAR_MAX, _("年份不能晚于 %(limit_value)s 年。")),
    ]


def year_in_range() -> Q:
    return Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX)


def check_not_too_far_ahead(year: int | None) -> None:
    """Figures are reported after the fact; a year far in the future is almost always a typing error."""
    if year is None:
        return
    latest = local_now().year + YEARS_AHEAD_ALLOWED
    if year > latest:
        raise ValidationError({"year": _("年份不能晚于 %(year)s 年，请检查是否输入有误。") % {"year": latest}})


class Metric(BilingualMixin, models.Model):
    """A figure the office reports every year, such as district tax revenue or completed livelihood projects."""

    code = models.SlugField(
        _("代码"),
        max_length=60,
        unique=True,
        help_text=_("英文标识，只含小写字母、数字、连字符和下划线，例如 district-tax。"),
    )
    name = models.CharField(_("中文名称"), max_length=120)
    name_en = models.CharField(
        _("英文名称"), max_length=200, blank=True, help_text=_("可不填；英文页面将显示中文名称。")
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    unit = models.CharField(
        _("单位"), max_length=20, blank=True, help_text=_("例如：万元、家、个、%、张、公里、人次。")
    )
    unit_en = models.CharField(_("英文单位"), max_length=40, blank=True, help_text=_("例如：10k yuan、companies、km。"))
    higher_is_better = models.BooleanField(
        _("数值越大越好"),
        default=True,
        help_text=_("用于判断同比变化是进步还是退步。"),
    )
    headline = models.BooleanField(_("成绩单重点指标"), default=False, help_text=_("勾选后在成绩单顶部以大字显示。"))
    description = models.TextField(_("说明"), blank=True, help_text=_("这个指标统计什么、口径是什么。"))
    description_en = models.TextField(_("英文说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("同一类别内数字越小越靠前。"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["category", "order", "code"]
        permissions = [("view_dashboard", _("可以查看管理驾驶舱"))]
        constraints = [
            models.CheckConstraint(condition=Q(category__in=Category.values), name="metric_category_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_unit(self) -> str:
        return self.localized("unit")


DUPLICATE_VALUE_MESSAGE = _("这个指标在这一年已经有数值了。请找到已有的那条记录修改，不要重复添加。")


class MetricValueQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def with_metric(self):
        return self.select_related("metric")

    def years(self) -> list[int]:
        return list(self.order_by("-year").values_list("year", flat=True).distinct())


class MetricValue(models.Model):
    """One metric's figure for one year; at most one per metric and year."""

    metric = models.ForeignKey(Metric, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="values")
    year = models.PositiveSmallIntegerField(_("年份"), validators=year_validators())
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=2)
    qualifier = models.CharField(
        _("数值说明"),
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
        help_text=_("原文写“700余场”选“以上”，写“近30万”选“约数”。"),
    )
    period_kind = models.CharField(
        _("统计口径"),
        max_length=16,
        choices=PeriodKind.choices,
        default=PeriodKind.YEAR,
        help_text=_("当年数只统计这一年；累计数是自开始以来的总数。"),
    )
    as_of = models.DateField(
        _("截至日期"),
        null=True,
        blank=True,
        help_text=_("仅累计数填写；来源没有写明日期时留空。"),
    )
    target = models.DecimalField(
        _("目标值"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("目标值不能为负数。"))],
        help_text=_("没有公布目标时留空。"),
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    note_en = models.CharField(_("英文备注"), max_length=400, blank=True)
    source = models.CharField(_("资料来源"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = MetricValueQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度数值")
        verbose_name_plural = _("年度数值")
        ordering = ["-year", "metric__category", "metric__order", "metric__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "year"],
                name="metric_value_one_per_metric_and_year",
                violation_error_message=DUPLICATE_VALUE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=year_in_range(),
                name="metric_value_year_in_range",
                violation_error_message=YEAR_RANGE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="metric_value_target_not_negative",
                violation_error_message=_("目标值不能为负数。"),
            ),
            models.CheckConstraint(condition=Q(qualifier__in=Qualifier.values), name="metric_value_qualifier_valid"),
            models.CheckConstraint(
                condition=Q(period_kind__in=PeriodKind.values), name="metric_value_period_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(as_of__isnull=True) | Q(period_kind=PeriodKind.RUNNING_TOTAL),
                name="metric_value_as_of_only_for_running_total",
                violation_error_message=_("只有累计数才填写截至日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} · {self.year}"

    def clean(self) -> None:
        check_not_too_far_ahead(self.year)
        if self.as_of and self.period_kind != PeriodKind.RUNNING_TOTAL:
            raise ValidationError({"as_of": _("只有累计数才填写截至日期。")})
        # The unique constraint is also checked here because the admin's inline rows (on the metric's page)
        # skip constraint checks that involve the parent's foreign key.
        if (
            self.metric_id
            and self.year
            and (MetricValue.objects.filter(metric_id=self.metric_id, year=self.year).exclude(pk=self.pk).exists())
        ):
            raise ValidationError({"year": DUPLICATE_VALUE_MESSAGE})

    @property
    def is_running_total(self) -> bool:
        return self.period_kind == PeriodKind.RUNNING_TOTAL

    @property
    def display_note(self) -> str:
        return self.note_en if prefers_english() and self.note_en else self.note


class AchievementQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def honours(self):
        return self.filter(kind=AchievementKind.HONOUR)

    def highlights(self):
        return self.filter(kind=AchievementKind.HIGHLIGHT)

    def with_facility(self):
        return self.select_related("facility")


def achievement_photo_path(instance: "Achievement", filename: str) -> str:
    return f"reports/{instance.year}/{filename}"


class Achievement(BilingualMixin, models.Model):
    """An honour the sub-district received, or a highlight of the year's work, shown on the report card."""

    year = models.PositiveSmallIntegerField(_("年份"), validators=year_validators())
    kind = models.CharField(
        _("类型"), max_length=10, choices=AchievementKind.choices, default=AchievementKind.HIGHLIGHT
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    title = models.CharField(pgettext_lazy("achievement", "标题"), max_length=200)
    title_en = models.CharField(
        _("英文标题"), max_length=300, blank=True, help_text=_("可不填；英文页面将显示中文标题。")
    )
    description = models.TextField(_("详细说明"), blank=True)
    description_en = models.TextField(_("英文详细说明"), blank=True)
    awarding_body = models.CharField(
        _("授予或评选单位"), max_length=200, blank=True, help_text=_("来源没有写明时留空。")
    )
    awarding_body_en = models.CharField(_("英文授予或评选单位"), max_length=300, blank=True)
    level = models.CharField(
        _("级别"),
        max_length=16,
        choices=Level.choices,
        blank=True,
        help_text=_("荣誉的级别；工作亮点可留空。"),
    )
    highlighted = models.BooleanField(_("重点展示"), default=False, help_text=_("勾选后在成绩单上突出显示。"))
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("相关设施"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="achievements",
        help_text=_("可选：成绩单上链接到这处设施，并显示它当前的容量（如床位数）。"),
    )
    photo = models.ImageField(_("照片"), upload_to=achievement_photo_path, blank=True)
    photo_alt_text = models.CharField(
        _("照片替代文字"),
        max_length=200,
        blank=True,
        help_text=_("有照片时必填：为看不到图片的读者描述图片内容。"),
    )
    source = models.CharField(_("资料来源"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AchievementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("荣誉与亮点")
        verbose_name_plural = _("荣誉与亮点")
        ordering = ["-year", "-highlighted", "category", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "title"],
                name="achievement_one_title_per_year",
                violation_error_message=_("这一年已有同样标题的荣誉或亮点。"),
            ),
            models.CheckConstraint(
                condition=year_in_range(),
                name="achievement_year_in_range",
                violation_error_message=YEAR_RANGE_MESSAGE,
            ),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="achievement_category_valid"),
            models.CheckConstraint(condition=Q(kind__in=AchievementKind.values), name="achievement_kind_valid"),
            models.CheckConstraint(condition=Q(level="") | Q(level__in=Level.values), name="achievement_level_valid"),
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt_text=""),
                name="achievement_photo_has_alt_text",
                violation_error_message=_("上传照片时请填写照片替代文字。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    def clean(self) -> None:
        check_not_too_far_ahead(self.year)
        if self.photo and not self.photo_alt_text:
            raise ValidationError({"photo_alt_text": _("上传照片时请填写照片替代文字。")})

    @property
    def display_title(self) -> str:
        return self.localized("title")

    @property
    def display_awarding_body(self) -> str:
        return self.localized("awarding_body")

    @property
    def public_facility(self) -> Facility | None:
        """The linked facility when residents can open its page; a draft or archived one is not linked."""
        return self.facility if self.facility and self.facility.is_published else None
