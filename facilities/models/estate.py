"""Residential estates (居住小区): where residents start their walk."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..bilingual import BilingualMixin
from ..slugs import unique_slug
from .facility import location_constraints


class EstateQuerySet(models.QuerySet):
    def real(self):
        return self.filter(is_demo=False)

    def located(self):
        """Estates whose recorded point (usually the main entrance) staff have verified."""
        return self.filter(location_verified=True, latitude__isnull=False, longitude__isnull=False)

    def unlocated(self):
        return self.exclude(location_verified=True, latitude__isnull=False, longitude__isnull=False)


class Estate(BilingualMixin, models.Model):
    """A residential estate (居住小区): where residents start their walk, and a row of the life-circle matrix."""

    name = models.CharField(
        _("中文名称"), max_length=120, unique=True, help_text=_("小区的正式中文名称，例如：香泉苑。")
    )
    name_en = models.CharField(
        _("英文名称"), max_length=200, blank=True, help_text=_("可不填；英文页面将显示中文名称。")
    )
    slug = models.SlugField(
        _("网址标识"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("留空时按中文名称的拼音自动生成，可修改。"),
    )
    latitude = models.DecimalField(
        _("纬度（WGS-84）"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("小区的代表点，通常是主出入口。"),
    )
    longitude = models.DecimalField(
        _("经度（WGS-84）"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("WGS-84 坐标，例如 121.400000；与纬度同时填写或同时留空。"),
    )
    location_verified = models.BooleanField(
        _("位置已核实"),
        default=False,
        help_text=_("未核实的位置不参与距离计算和生活圈覆盖统计。"),
    )
    households = models.PositiveIntegerField(_("户数"), null=True, blank=True, help_text=_("不清楚时留空。"))
    population = models.PositiveIntegerField(
        _("居住人口"),
        null=True,
        blank=True,
        help_text=_("不清楚时留空；填写后用于统计覆盖的居民比例。"),
    )
    source_note = models.CharField(
        _("资料来源"), max_length=300, blank=True, help_text=_("信息从哪里来，例如：街道办电话核实、报道原文。")
    )
    is_demo = models.BooleanField(_("演示数据"), default=False, help_text=_("由 generate_demo 生成的合成数据。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, help_text=_("系统自动记录。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, help_text=_("系统自动记录。"))

    objects = EstateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("居住小区")
        verbose_name_plural = _("居住小区")
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"])]
        constraints = location_constraints("estate")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self.name, model=Estate, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("纬度和经度需同时填写或同时留空。"))
        if self.location_verified and self.latitude is None:
            raise ValidationError({"location_verified": _("没有坐标时不能标记为位置已核实。")})

    @property
    def is_located(self) -> bool:
        return self.location_verified and self.latitude is not None and self.longitude is not None
