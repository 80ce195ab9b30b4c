"""Abstract pieces a content model mixes in: optimistic locking (`version`) and soft deletion (`deleted_at`).

They carry no rows of their own; each content app adds the fields through its own migration.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LiveManager(models.Manager):
    """The default manager: rows in the recycle bin are invisible to every page, query and import."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeletable(models.Model):
    """Deleting moves a row to the recycle bin; it keeps its related rows and can be restored."""

    deleted_at = models.DateTimeField(
        _("删除时间"), null=True, blank=True, editable=False, db_index=True,
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


class Versioned(models.Model):
    """A counter raised by every save, so an edit based on an outdated copy can be refused."""

    version = models.PositiveIntegerField(
        _("版本号"), default=0, editable=True,
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
