"""Writes of the notices app. `notice_enqueue` is the one way other apps send anything."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.loader import get_template
from django.utils import timezone

from .models import JobFailure, Notice, NoticeChannel, NoticePreference, NoticeStatus, SmsOptOut
from .optout import normalize, phone_hash

logger = logging.getLogger(__name__)


def notice_enqueue(
    *,
    channel: str,
    recipient: str,
    template: str,
    context: dict,
    language: str = "zh-hans",
    related: models.Model | None = None,
) -> Notice:
    """Puts a notice in the outbox, inside the caller's transaction: it is sent only once that commits, and is
    lost with it when it rolls back. Quiet hours, daily caps and opt-outs are the sender's business.

    `template` is a dotted name ("casework.request_accepted"); its text is `notices/<channel>/<template>.txt`.
    `related` is the row the notice is about, so it can be purged with it."""
    if channel not in NoticeChannel.values:
        raise ValueError(f"unknown notice channel {channel!r}")
    if not recipient:
        raise ValueError("a notice needs a recipient")
    get_template(template_path(channel, template))  # a typo fails in the caller's test, not in the worker
    recipient = normalize(recipient) if channel == NoticeChannel.SMS else recipient.strip()
    notice = Notice(channel=channel, recipient=recipient, template=template, context=context, language=language)
    if related is not None:
        notice.content_type = ContentType.objects.get_for_model(related)
        notice.object_id = related.pk
    notice.full_clean(exclude=["context"])
    notice.save()
    # Imported here: the queue module pulls in procrastinate's app, which needs the app registry ready.
    from .queue import defer_send

    transaction.on_commit(lambda: defer_send(notice_id=notice.pk))
    return notice


def template_path(channel: str, template: str) -> str:
    return f"notices/{channel}/{template}.txt"


def notices_purge_for(*, model: type[models.Model], ids: list[int]) -> int:
    """Deletes the notices about these rows (the resident's phone and tracking code go with them)."""
    content_type = ContentType.objects.get_for_model(model)
    deleted, _ = Notice.objects.filter(content_type=content_type, object_id__in=ids).delete()
    return deleted


@transaction.atomic
def sms_opt_out(*, phone: str, source: str) -> SmsOptOut:
    """No more SMS to this phone; notices already waiting for it are dropped."""
    opt_out, _ = SmsOptOut.objects.get_or_create(phone_hash=phone_hash(phone), defaults={"source": source})
    Notice.objects.filter(channel=NoticeChannel.SMS, recipient=normalize(phone), status=NoticeStatus.PENDING).update(
        status=NoticeStatus.SKIPPED, last_error="opted out"
    )
    return opt_out


@transaction.atomic
def notice_requeue(*, notice: Notice) -> Notice:
    """Staff send a failed notice again (never one whose result is unknown without looking: the admin asks)."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status not in (NoticeStatus.FAILED, NoticeStatus.UNKNOWN):
        raise ValidationError("only a failed notice or one with an unknown result can be sent again")
    notice.status = NoticeStatus.PENDING
    notice.attempts = 0
    notice.not_before = None
    notice.save(update_fields=["status", "attempts", "not_before"])
    from .queue import defer_send

    transaction.on_commit(lambda: defer_send(notice_id=notice.pk))
    return notice


@transaction.atomic
def job_failure_retry(*, failure: JobFailure, by) -> JobFailure:
    """Runs a job that gave up once more, with the same arguments (a notice's send job sends that notice again)."""
    failure = JobFailure.objects.select_for_update().get(pk=failure.pk)
    from .queue import SEND_TASK, defer_task

    if failure.task_name == SEND_TASK:
        notice = Notice.objects.filter(pk=failure.task_kwargs.get("notice_id")).first()
        if notice is not None and notice.status in (NoticeStatus.FAILED, NoticeStatus.UNKNOWN):
            notice_requeue(notice=notice)
    else:
        kwargs = dict(failure.task_kwargs)
        transaction.on_commit(lambda: defer_task(failure.task_name, **kwargs))
    failure.retried_at = timezone.now()
    failure.retried_by = by
    failure.save(update_fields=["retried_at", "retried_by"])
    return failure


def preference_set(*, user, morning_digest: bool) -> NoticePreference:
    preference, _ = NoticePreference.objects.update_or_create(user=user, defaults={"morning_digest": morning_digest})
    return preference
