"""The 15-minute community life circle (15分钟社区生活圈): which kinds of places an estate should reach on foot,
and within how many minutes.

Shanghai's 2016 planning guideline for the community life circle puts elderly care within about a 5-minute
walk, childcare for children under 3 within about 10 minutes, and the whole circle within a 15-minute walk.
Staff configure the categories, and the facility kinds and service categories that satisfy each.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from facilities.bilingual import BilingualMixin
from facilities.models import FacilityKind
from services.models import ServiceCategory


class TargetMinutes(models.IntegerChoices):
    FIVE = 5, _("5 分钟")
    TEN = 10, _("10 分钟")
    FIFTEEN = 15, _("15 分钟")


class LifeCircleCategory(BilingualMixin, models.Model):
    """A need residents should be able to meet on foot (elderly care, childcare, meals …), with a target time."""

    name = models.CharField(_("中文名称"), max_length=60, unique=True)
    name_en = models.CharField(
        _("英文名称"), max_length=80, blank=True, help_text=_("可不填；英文页面将显示中文名称。")
    )
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True, help_text=_("只含小写字母、数字和连字符。"))
    target_minutes = models.PositiveSmallIntegerField(
        _("目标步行时间"),
        choices=TargetMinutes.choices,
        default=TargetMinutes.FIFTEEN,
        help_text=_("从小区步行到最近一处此类设施不超过这个时间，即视为覆盖。"),
    )
    kinds = models.ManyToManyField(
        FacilityKind,
        verbose_name=_("满足需求的设施类型"),
        blank=True,
        related_name="life_circle_categories",
        help_text=_("任何一种所选类型的设施都算作满足这一需求。"),
    )
    service_categories = models.ManyToManyField(
        ServiceCategory,
        verbose_name=_("满足需求的服务分类"),
        blank=True,
        related_name="life_circle_categories",
        help_text=_("提供所选分类（含其下级分类）中任一项已发布服务的设施，也算作满足这一需求。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("数字越小越靠前。"))

    class Meta:
        verbose_name = _("生活圈服务类别")
        verbose_name_plural = _("生活圈服务类别")
        ordering = ["order", "name"]
        permissions = [("view_coverage", _("可以查看生活圈覆盖矩阵"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_minutes__in=TargetMinutes.values),
                name="life_circle_target_minutes_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_target_minutes_display()}）"
