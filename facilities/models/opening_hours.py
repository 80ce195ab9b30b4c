"""Opening hours: the weekly periods, one-day exceptions and the shared holiday calendar."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .facility import Facility
from .intervals import OpeningPeriodQuerySet


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("星期一")
    TUESDAY = 1, _("星期二")
    WEDNESDAY = 2, _("星期三")
    THURSDAY = 3, _("星期四")
    FRIDAY = 4, _("星期五")
    SATURDAY = 5, _("星期六")
    SUNDAY = 6, _("星期日")


class OpeningPeriod(models.Model):
    """A weekly opening period. A period whose closing time is earlier than its opening runs past midnight."""

    facility = models.ForeignKey(
        Facility,
        verbose_name=_("设施"),
        on_delete=models.CASCADE,
        related_name="opening_periods",
        help_text=_("这段开放时间属于哪个设施。"),
    )
    weekday = models.PositiveSmallIntegerField(
        _("星期"), choices=Weekday.choices, help_text=_("每周的哪一天；一天有多段时间时添加多行。")
    )
    opens = models.TimeField(_("开始时间"), help_text=_("24 小时制，例如 08:30。"))
    closes = models.TimeField(_("结束时间"), help_text=_("早于开始时间表示跨越午夜，例如 22:00–02:00。"))

    # Its bulk writes keep the stored OpeningInterval rows right (single saves do so through signals).
    objects = OpeningPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("每周开放时段")
        verbose_name_plural = _("每周开放时段")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="opening_period_weekday_valid"),
            models.CheckConstraint(condition=~Q(opens=models.F("closes")), name="opening_period_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class HoursException(models.Model):
    """Hours for one date that replace the weekly hours: a closure or special hours."""

    facility = models.ForeignKey(
        Facility,
        verbose_name=_("设施"),
        on_delete=models.CASCADE,
        related_name="hours_exceptions",
        help_text=_("这条特殊安排属于哪个设施。"),
    )
    date = models.DateField(_("日期"), help_text=_("这一天按本条安排开放，代替每周开放时间。"))
    is_closed = models.BooleanField(_("全天闭馆"), default=False, help_text=_("勾选后不要填写时间。"))
    opens = models.TimeField(_("开始时间"), null=True, blank=True, help_text=_("不闭馆时必填，24 小时制。"))
    closes = models.TimeField(
        _("结束时间"), null=True, blank=True, help_text=_("不闭馆时必填；早于开始时间表示跨越午夜。")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("居民会看到，例如：设备检修。"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("特殊开放安排")
        verbose_name_plural = _("特殊开放安排")
        ordering = ["date", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_closed=True, opens__isnull=True, closes__isnull=True)
                | Q(is_closed=False, opens__isnull=False, closes__isnull=False),
                name="hours_exception_closed_or_times",
            ),
        ]

    def __str__(self) -> str:
        if self.is_closed:
            return f"{self.date} {_('闭馆')}"
        return f"{self.date} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.is_closed and (self.opens or self.closes):
            raise ValidationError(_("全天闭馆时不要填写时间。"))
        if not self.is_closed and (self.opens is None or self.closes is None):
            raise ValidationError(_("请填写开始和结束时间，或勾选全天闭馆。"))
        if not self.is_closed and self.opens == self.closes:
            raise ValidationError(_("开始时间和结束时间不能相同。"))


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日（休息）")
    WORKDAY = "workday", _("调休上班日")


class CalendarDaySource(models.TextChoices):
    OFFICIAL = "official", _("官方日历（自动导入）")
    STAFF = "staff", _("工作人员录入或更正")


class PublicHoliday(models.Model):
    """The shared calendar: official holidays and make-up working days (调休), loaded from the official
    calendar (`load_holidays`) and corrected by staff where needed."""

    date = models.DateField(_("日期"), unique=True, help_text=_("每个日期只能录入一次。"))
    kind = models.CharField(
        _("类型"),
        max_length=10,
        choices=CalendarDayKind.choices,
        help_text=_("按国务院办公厅公布的放假安排填写。"),
    )
    name = models.CharField(pgettext_lazy("holiday", "名称"), max_length=40, help_text=_("例如：春节、国庆节。"))
    works_as_weekday = models.PositiveSmallIntegerField(
        _("按星期几的时间开放"),
        choices=Weekday.choices,
        default=Weekday.MONDAY,
        help_text=_("仅对调休上班日有效：该日按所选星期的开放时间开放。"),
    )
    source = models.CharField(
        _("来源"),
        max_length=10,
        choices=CalendarDaySource.choices,
        default=CalendarDaySource.STAFF,
        help_text=_("工作人员保存过的日子，重新导入官方日历时不会被覆盖。"),
    )

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CalendarDayKind.values), name="public_holiday_kind_valid"),
            models.CheckConstraint(
                condition=Q(source__in=CalendarDaySource.values), name="public_holiday_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}（{self.get_kind_display()}）"
