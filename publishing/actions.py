"""Generic writes of the staff workflow, for any model with `publication_status`, `last_verified` and the
SoftDeletable / Versioned mixins. The content apps' admins (publishing.admin) and tests call them directly.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import revisions
from .models import PendingRevision, RevisionSource, RevisionStatus
from .publishable import PublicationStatus


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
    obj.publication_status = PublicationStatus.ARCHIVED
    record_change(obj, by=by, reason="删除（移入回收站）")
    obj.save()
    return obj


@transaction.atomic
def restore_from_recycle_bin(*, obj: models.Model, by) -> models.Model:
    """Back as a draft, so a publisher checks it before residents see it again."""
    obj.deleted_at = None
    obj.publication_status = PublicationStatus.DRAFT
    record_change(obj, by=by, reason="从回收站恢复")
    obj.full_clean()
    obj.save()
    return obj


# --- changes to published content that wait for a publisher ------------------------------------------------


class RevisionError(Exception):
    """A proposal that cannot be decided (already decided, or the live content moved on); the message is for staff."""


@transaction.atomic
def revision_propose(
    *,
    obj: models.Model,
    data: dict,
    by,
    source: str = RevisionSource.ADMIN,
    merge: bool = False,
) -> PendingRevision | None:
    """Stores a change to the published `obj` for review; the live rows are not touched.

    A proposal made on the object's own page supersedes the open one (it was made from the live content too, so
    it is complete on its own). With `merge`, a change to one related row (a photo edited on its own page, a row
    of an import) joins the open proposal instead. Returns None when the data changes nothing.
    """
    if revisions.is_empty(data):
        return None
    content_type = ContentType.objects.get_for_model(type(obj))
    now = timezone.now()
    for older in (
        PendingRevision.objects.select_for_update().filter(content_type=content_type, object_id=obj.pk).pending()
    ):
        if merge:
            older.data = revisions.merge(older.data, data)
            older.proposed_by, older.proposed_at, older.source = by, now, source
            older.save(update_fields=["data", "proposed_by", "proposed_at", "source"])
            return older
        older.status, older.decided_at, older.decided_by = RevisionStatus.SUPERSEDED, now, by
        older.save(update_fields=["status", "decided_at", "decided_by"])
        revisions.discard_files(older.data)
    live_version = (
        type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        if hasattr(obj, "version")
        else None
    )
    revision = PendingRevision(
        content_type=content_type,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        data=data,
        base_version=live_version,
        source=source,
        proposed_by=by,
        proposed_at=now,
    )
    revision.full_clean()
    revision.save()
    return revision


def _lock_pending(revision: PendingRevision) -> PendingRevision:
    revision = PendingRevision.objects.select_for_update().get(pk=revision.pk)
    if not revision.is_pending:
        raise RevisionError(
            _("这条修改已经处理过（%(status)s），不能再次审核。") % {"status": revision.get_status_display()}
        )
    return revision


def _close(revision: PendingRevision, *, status: str, by, reason: str) -> None:
    revision.status, revision.decided_by, revision.decided_at, revision.reason = status, by, timezone.now(), reason
    revision.full_clean()
    revision.save()


def _apply_inline(obj: models.Model, inline: dict, *, by, reason: str) -> None:
    model = apps.get_model(inline["model"])
    fk_name = inline["fk"]
    for row in inline["rows"]:
        if row["pk"] is not None:
            child = model._base_manager.filter(pk=row["pk"], **{fk_name: obj}).first()
            if child is None:
                raise RevisionError(
                    _("%(model)s中有一行已被删除，不能批准；请驳回，并请提交人重新修改。")
                    % {"model": model._meta.verbose_name_plural}
                )
            if row["delete"]:
                record_change(child, by=by, reason=reason)
                child.delete()
                continue
        else:
            child = model(**{fk_name: obj})
        m2m = revisions.apply_fields(child, row["fields"])
        record_change(child, by=by, reason=reason)
        child.full_clean()
        child.save()
        for name, pks in m2m.items():
            getattr(child, name).set(pks)


@transaction.atomic
def revision_approve(*, revision: PendingRevision, by, reason: str = "") -> models.Model:
    """Makes the proposal live: the record, its many-to-many fields and its inline rows, all or nothing.

    The history names the approver as the one who saved, and the proposer in the reason. Every save raises the
    object's version and (through the save signals) the site's content version, so cached pages refresh.
    Raises RevisionError, or ValidationError when the proposal no longer fits the live data.
    """
    revision = _lock_pending(revision)
    model = revision.content_type.model_class()
    obj = model._base_manager.select_for_update().filter(pk=revision.object_id).first()
    if obj is None:
        raise RevisionError(_("被修改的内容已不存在，只能驳回。"))
    if revision.base_version is not None and obj.version != revision.base_version:
        raise RevisionError(
            _("提交之后线上内容又被修改过，直接批准会覆盖那次修改。请驳回，并请提交人在最新内容上重新修改。")
        )
    proposer = revision.proposed_by.get_username() if revision.proposed_by else _("（已删除的用户）")
    history_reason = _("批准%(proposer)s提交的修改") % {"proposer": proposer}
    m2m = revisions.apply_fields(obj, revision.data.get("fields", {}))
    record_change(obj, by=by, reason=history_reason)
    obj.full_clean()
    obj.save()
    for name, pks in m2m.items():
        getattr(obj, name).set(pks)
    for inline in revision.data.get("inlines", []):
        _apply_inline(obj, inline, by=by, reason=history_reason)
    _close(revision, status=RevisionStatus.APPROVED, by=by, reason=reason)
    files = revisions.pending_files(revision.data)
    transaction.on_commit(lambda: [default_storage.delete(name) for name in files])
    return obj


@transaction.atomic
def revision_reject(*, revision: PendingRevision, by, reason: str) -> PendingRevision:
    """Keeps the live content as it is; the proposal is kept, closed, with the reason for the proposer."""
    revision = _lock_pending(revision)
    _close(revision, status=RevisionStatus.REJECTED, by=by, reason=reason)
    data = revision.data
    transaction.on_commit(lambda: revisions.discard_files(data))
    return revision
