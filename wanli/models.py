"""The site-wide settings staff enter in admin: the street office's public contact details.

The app is also where Django sends post_migrate for the role sync (see apps.py)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from facilities.bilingual import BilingualMixin

SITE_CONTACT_PK = 1
# Shanghai's citizen-service hotline (上海市民服务热线): public, answered around the clock, so it is the
# fallback a page can always give even before staff enter the street office's own number.
CITIZEN_HOTLINE = "12345"


class SiteContact(BilingualMixin, models.Model):
    """One row: the street office's public hotline, service-window address and opening hours (联系我们).

    None of them is in the source article, so nothing is seeded: the contact page says 待公布 until staff
    enter them here."""

    hotline = models.CharField(
        _("街道服务热线"),
        max_length=40,
        blank=True,
        help_text=_("居民可拨打的街道办公开电话，例如 021-12345678。未核实前请留空，页面会显示“待公布”。"),
    )
    address = models.CharField(
        _("服务窗口地址"),
        max_length=200,
        blank=True,
        help_text=_("居民可以去办事的地址（中文）。未核实前请留空。"),
    )
    address_en = models.CharField(_("服务窗口地址（英文）"), max_length=200, blank=True)
    opening_hours = models.TextField(
        _("服务窗口开放时间"),
        blank=True,
        help_text=_("例如：周一至周五 9:00–17:00（法定节假日除外）。"),
    )
    opening_hours_en = models.TextField(_("服务窗口开放时间（英文）"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("联系方式（站点设置）")
        verbose_name_plural = _("联系方式（站点设置）")
        constraints = [models.CheckConstraint(condition=Q(pk=SITE_CONTACT_PK), name="site_contact_single_row")]

    def __str__(self) -> str:
        return str(_("街道联系方式"))

    def save(self, *args, **kwargs) -> None:
        self.pk = SITE_CONTACT_PK
        super().save(*args, **kwargs)

    @property
    def display_address(self) -> str:
        return self.localized("address")

    @property
    def display_opening_hours(self) -> str:
        return self.localized("opening_hours")
