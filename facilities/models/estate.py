"""Residential estates (居住小区): where residents start their walk."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from publishing.location import Located, LocatedQuerySet, location_constraints, location_fields
from publishing.publishable import RealQuerySet

from ..bilingual import BilingualMixin, english_name_field
from ..slugs import SlugFromName, slug_field


class EstateQuerySet(RealQuerySet, LocatedQuerySet):
    """`located()`: estates whose recorded point (usually the main entrance) staff have verified."""


class Estate(BilingualMixin, SlugFromName, Located, models.Model):
    """A residential estate (居住小区): where residents start their walk, and a row of the life-circle matrix."""

    name = models.CharField(
        _("中文名称"), max_length=120, unique=True, help_text=_("小区的正式中文名称，例如：香泉苑。")
    )
    name_en = english_name_field()
    slug = slug_field()
    latitude, longitude, location_verified = location_fields(latitude_help_text=_("小区的代表点，通常是主出入口。"))
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

    def clean(self) -> None:
        self.clean_location()
