"""Residents' reports of wrong information on a facility or service page, and who was shown their contact."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CorrectionStatus(models.TextChoices):
    NEW = "new", _("待处理")
    FIXED = "fixed", _("已更正")
    DISMISSED = "dismissed", _("无需更正")


class CorrectionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=CorrectionStatus.NEW)


class Correction(models.Model):
    """A resident's note that something on a facility or service page is wrong (stale hours, a dead phone)."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("页面类型"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    subject = GenericForeignKey("content_type", "object_id")
    subject_label = models.CharField(_("页面"), max_length=200, help_text=_("提交时页面的名称。"))
    what_is_wrong = models.TextField(_("哪里有误"), max_length=1000)
    contact = models.CharField(_("联系方式"), max_length=60, blank=True, help_text=_("居民自愿留下，用于回访。"))
    status = models.CharField(
        _("处理状态"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.NEW
    )
    staff_note = models.TextField(_("处理备注"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("信息纠错")
        verbose_name_plural = _("信息纠错")
        ordering = ["-created_at"]
        # Its own permission, apart from the requests' personal data: whoever calls residents back gets it, the
        # content editors who fix the pages do not.
        permissions = [("view_correction_contact", _("查看纠错联系方式"))]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CorrectionStatus.values), name="correction_status_valid"),
            models.CheckConstraint(
                condition=Q(status=CorrectionStatus.NEW, handled_at__isnull=True)
                | (~Q(status=CorrectionStatus.NEW) & Q(handled_at__isnull=False)),
                name="correction_handled_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_label}：{self.what_is_wrong[:30]}"


class ContactPage(models.TextChoices):
    CHANGE = "change", _("纠错详情页")
    LIST = "list", _("纠错列表")


class CorrectionContactView(models.Model):
    """One time a member of staff was shown a correction's contact in full: who saw whose contact, when, where.

    Kept when the correction or the user is deleted (the reference becomes empty), so the trail stays complete."""

    correction = models.ForeignKey(
        Correction,
        verbose_name=_("纠错"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="contact_views",
    )
    viewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("查看人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    viewed_at = models.DateTimeField(_("查看时间"), default=timezone.now, db_index=True)
    page = models.CharField(_("查看位置"), max_length=10, choices=ContactPage.choices)

    class Meta:
        verbose_name = _("纠错联系方式查看记录")
        verbose_name_plural = _("纠错联系方式查看记录")
        ordering = ["-viewed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(page__in=ContactPage.values), name="correction_contact_view_page_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.viewed_by or '—'} · {self.get_page_display()}"
