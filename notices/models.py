"""The notification outbox and what the task queue leaves behind for staff.

A notice is written in the same transaction as the change that causes it (`actions.notice_enqueue`), so a
change that is rolled back sends nothing and one that is committed cannot lose its notice; the worker sends
it later (`sending.send_notice`)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .masking import mask_recipient


class NoticeChannel(models.TextChoices):
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    UNKNOWN = "unknown", _("结果未知")
    SKIPPED = "skipped", _("未发送")


class NoticeQuerySet(models.QuerySet):
    def due(self, *, now):
        """Pending notices whose hold (quiet hours, daily cap) has passed."""
        return self.filter(status=NoticeStatus.PENDING).filter(Q(not_before__isnull=True) | Q(not_before__lte=now))

    def needing_staff(self):
        """Notices a person has to look at: given up, or sent with an unknown result (never repeated by itself)."""
        return self.filter(status__in=[NoticeStatus.FAILED, NoticeStatus.UNKNOWN])


class Notice(models.Model):
    """One message to one recipient through one channel, sent at most once."""

    channel = models.CharField(_("渠道"), max_length=10, choices=NoticeChannel.choices)
    recipient = models.CharField(
        _("收件人"), max_length=254, help_text=_("手机号或电子邮件地址；列表中只显示打码后的形式。")
    )
    template = models.CharField(_("模板"), max_length=100, help_text=_("如 casework.request_accepted"))
    context = models.JSONField(_("模板内容"), default=dict, blank=True)
    language = models.CharField(_("语言"), max_length=10, default="zh-hans")
    status = models.CharField(_("状态"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近的错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    not_before = models.DateTimeField(
        _("最早发送时间"), null=True, blank=True, help_text=_("夜间免打扰或当日条数已满时，通知等到这一刻再发。")
    )
    claimed_at = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    provider_reference = models.CharField(_("服务商回执编号"), max_length=100, blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("相关记录类型"), null=True, blank=True, on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("相关记录编号"), null=True, blank=True)
    related = GenericForeignKey("content_type", "object_id")

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知（发件箱）")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "not_before"]),
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["channel", "recipient", "sent_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="notice_channel_known", condition=Q(channel__in=[c.value for c in NoticeChannel])
            ),
            models.CheckConstraint(name="notice_status_known", condition=Q(status__in=[s.value for s in NoticeStatus])),
            models.CheckConstraint(
                name="notice_sent_has_time", condition=~Q(status=NoticeStatus.SENT) | Q(sent_at__isnull=False)
            ),
            models.CheckConstraint(name="notice_recipient_given", condition=~Q(recipient="")),
            models.CheckConstraint(
                name="notice_related_whole",
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.masked_recipient}"

    @property
    def masked_recipient(self) -> str:
        return mask_recipient(self.channel, self.recipient)


class SmsOptOut(models.Model):
    """A phone that asked for no more SMS (reply TD or the opt-out link). Only a keyed hash of the number is kept,
    so the list itself holds no phone numbers."""

    phone_hash = models.CharField(_("手机号摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("退订时间"), auto_now_add=True)
    source = models.CharField(_("退订方式"), max_length=20)

    class Meta:
        verbose_name = _("短信退订")
        verbose_name_plural = _("短信退订")

    def __str__(self) -> str:
        return self.phone_hash[:12]


class NoticePreference(models.Model):
    """A member of staff's choices about the notices they get."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="notice_preference"
    )
    morning_digest = models.BooleanField(_("接收每日早间待办邮件"), default=True)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")

    def __str__(self) -> str:
        return str(self.user)


class JobFailure(models.Model):
    """A background job that failed every retry and gave up: what it was, the error, and whether staff retried it."""

    job_id = models.BigIntegerField(_("任务编号"), null=True, blank=True)
    task_name = models.CharField(_("任务"), max_length=200)
    task_kwargs = models.JSONField(_("任务参数"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    error = models.TextField(_("错误"))
    failed_at = models.DateTimeField(_("放弃时间"), auto_now_add=True)
    retried_at = models.DateTimeField(_("重试时间"), null=True, blank=True)
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("重试人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("失败的后台任务")
        verbose_name_plural = _("失败的后台任务")
        ordering = ["-failed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_name} #{self.job_id or '-'}"


class WorkerHeartbeat(models.Model):
    """Written by a job the worker runs every minute: proof that some worker is taking jobs, not only alive."""

    name = models.CharField(_("名称"), max_length=50, unique=True, default="worker")
    beat_at = models.DateTimeField(_("最近一次"))
    backend = models.CharField(_("队列"), max_length=20)

    class Meta:
        verbose_name = _("后台任务心跳")
        verbose_name_plural = _("后台任务心跳")

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M}"
