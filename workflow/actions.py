"""Generic writes of the staff workflow, for any model with `publication_status`, `last_verified` and the
SoftDeletable / Versioned mixins. Each content app wraps them in its own named actions (facility_publish …).
"""
from django.db import models, transaction
from django.utils import timezone

DRAFT, PUBLISHED, ARCHIVED = "draft", "published", "archived"


def record_change(obj: models.Model, *, by, reason: str) -> None:
    """Who did it and why, for the history page (django-simple-history reads these two attributes)."""
    obj._history_user = by
    obj._change_reason = reason


@transaction.atomic
def set_publication_status(*, obj: models.Model, status: str, by, reason: str = "") -> models.Model:
    """Moves `obj` to `status`. Whether `by` may do so is the caller's check (admin action permissions, import)."""
    obj.publication_status = status
    record_change(obj, by=by, reason=reason or str(dict(obj._meta.get_field("publication_status").flatchoices)[status]))
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def mark_verified(*, obj: models.Model, by) -> models.Model:
    """Records that a member of staff checked the details today."""
    obj.last_verified = timezone.localdate()
    record_change(obj, by=by, reason="核实")
    obj.save()
    return obj


@transaction.atomic
def move_to_recycle_bin(*, obj: models.Model, by) -> models.Model:
    """Soft delete: related rows stay for a restore. Also archived, so no query joining to it can show it."""
    obj.mark_deleted()
    obj.publication_status = ARCHIVED
    record_change(obj, by=by, reason="删除（移入回收站）")
    obj.save()
    return obj


@transaction.atomic
def restore_from_recycle_bin(*, obj: models.Model, by) -> models.Model:
    """Back as a draft, so a publisher checks it before residents see it again."""
    obj.deleted_at = None
    obj.publication_status = DRAFT
    record_change(obj, by=by, reason="从回收站恢复")
    obj.full_clean()
    obj.save()
    return obj
