"""Abstract pieces a content model mixes in: optimistic locking (`version`) and soft deletion (`deleted_at`),
and the one concrete model of the workflow: a change to published content waiting for a publisher.

The abstract pieces carry no rows of their own; each content app adds the fields through its own migration.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LiveManager(models.Manager):
    """The default manager: rows in the recycle bin are invisible to every page, query and import."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeletable(models.Model):
    """Deleting moves a row to the recycle bin; it keeps its related rows and can be restored."""

    deleted_at = models.DateTimeField(
        _("删除时间"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("在后台删除后放入回收站的时间；为空表示未删除。回收站中的内容可以恢复。"),
    )

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def mark_deleted(self) -> None:
        self.deleted_at = timezone.now()

    mark_deleted.alters_data = True

    def clean_slug_against_recycle_bin(self, message: str) -> None:
        """The default manager hides the recycle bin, so Django's unique check cannot see a deleted row's slug."""
        model = self._meta.concrete_model
        if (
            self.slug
            and model._base_manager.filter(slug=self.slug, deleted_at__isnull=False).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"slug": message})


class Versioned(models.Model):
    """A counter raised by every save, so an edit based on an outdated copy can be refused."""

    version = models.PositiveIntegerField(
        _("版本号"),
        default=0,
        editable=True,
        help_text=_("每次保存自动加一，用于防止两位同事同时编辑时互相覆盖；无需手动修改。"),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.version = (self.version or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "version" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "version"]
        super().save(*args, **kwargs)


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    SUPERSEDED = "superseded", _("已被新的修改取代")


class RevisionSource(models.TextChoices):
    ADMIN = "admin", _("后台编辑")
    IMPORT = "import", _("批量导入")


class PendingRevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=RevisionStatus.PENDING)


class PendingRevision(models.Model):
    """A change to published content, proposed by someone without the publish permission.

    The live row and its related rows stay as they are until a publisher approves; `data` holds the proposal:
    `{"fields": {name: value}, "inlines": [{"model", "fk", "rows": [{"pk", "delete", "fields"}]}]}`, values in
    the form Django's serializers give them (pks for relations, ISO text for dates and times).
    """

    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("内容类型"),
        on_delete=models.CASCADE,
        help_text=_("被修改的内容属于哪一类。"),
    )
    object_id = models.PositiveBigIntegerField(_("内容编号"), help_text=_("被修改的内容在其类别中的编号。"))
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("内容"), max_length=200, help_text=_("提交时内容的名称。"))
    data = models.JSONField(
        _("修改内容"), encoder=DjangoJSONEncoder, help_text=_("提交的新内容（含附属的时间、地点等）。")
    )
    base_version = models.PositiveIntegerField(
        _("基于的版本号"),
        null=True,
        blank=True,
        help_text=_("提交时线上内容的版本号；线上内容之后又被修改时，不能直接批准。"),
    )
    source = models.CharField(_("来源"), max_length=10, choices=RevisionSource.choices, default=RevisionSource.ADMIN)
    status = models.CharField(_("状态"), max_length=12, choices=RevisionStatus.choices, default=RevisionStatus.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reason = models.TextField(_("审核意见"), blank=True, help_text=_("驳回时请写明原因，提交人会看到。"))

    objects = PendingRevisionQuerySet.as_manager()

    # Nothing public shows a proposal: saving one must not make every cached page stale.
    bumps_content_version = False

    class Meta:
        verbose_name = _("待审核的修改")
        verbose_name_plural = _("待审核的修改")
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="pending"),
                name="pending_revision_one_open_per_object",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected", "superseded"]),
                name="pending_revision_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="pending_revision_decided_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.object_repr

    @property
    def is_pending(self) -> bool:
        return self.status == RevisionStatus.PENDING

    @property
    def publish_permission(self) -> str:
        """Deciding takes the permission to publish that kind of content (facilities.publish_facility …)."""
        return publish_permission_for(self.content_type.model_class())


def publish_permission_for(model: type[models.Model]) -> str:
    """By convention each publishable model has the Meta permission `publish_<model name>`."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"
