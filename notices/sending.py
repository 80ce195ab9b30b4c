"""Sending one notice, at most once. The row is claimed (pending → sending, under a row lock) in its own
transaction before the provider is called, so a job that runs twice, or the sweep racing a job, finds it
claimed and does nothing."""

import hashlib
import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import connections, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .actions import template_path
from .channels import Message, ResultUnknown, SendFailed, channel_send
from .models import Notice, NoticeChannel, NoticeStatus, SmsOptOut
from .optout import phone_hash, stop_token

logger = logging.getLogger(__name__)

COUNTED = [NoticeStatus.SENDING, NoticeStatus.SENT, NoticeStatus.UNKNOWN]


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def quiet_hours_end(now: datetime) -> datetime | None:
    """While it is quiet time in Shanghai (SMS_QUIET_HOURS, 21:00-08:00), the moment it ends; None otherwise."""
    local = timezone.localtime(now)
    start, end = settings.SMS_QUIET_HOURS
    if start == end:
        return None
    quiet = (local.hour >= start or local.hour < end) if start > end else (start <= local.hour < end)
    if not quiet:
        return None
    ends = _at(local.date(), end)
    return ends if ends > now else _at(local.date() + timedelta(days=1), end)


def daily_cap_end(recipient: str, now: datetime) -> datetime | None:
    """Tomorrow 08:00 once this phone has had SMS_DAILY_CAP messages today (Shanghai day)."""
    local = timezone.localtime(now)
    midnight = _at(local.date(), 0)
    sent_today = Notice.objects.filter(
        channel=NoticeChannel.SMS, recipient=recipient, status__in=COUNTED, claimed_at__gte=midnight
    ).count()
    if sent_today >= settings.SMS_DAILY_CAP:
        return _at(local.date() + timedelta(days=1), settings.SMS_QUIET_HOURS[1])
    return None


def _lock_phone(recipient: str) -> None:
    # Two workers must not both pass the daily cap for one phone: they wait for each other on PostgreSQL
    # (SQLite lets one writer in at a time anyway).
    if connections["default"].vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(recipient.encode()).digest()[:8], "big", signed=True)
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _hold(notice: Notice, until: datetime, reason: str) -> str:
    from .queue import defer_send_at

    notice.not_before = until
    notice.save(update_fields=["not_before"])
    transaction.on_commit(lambda: defer_send_at(notice_id=notice.pk, when=until))
    logger.info("Notice %s held until %s (%s)", notice.pk, timezone.localtime(until), reason)
    return "held"


@transaction.atomic
def claim(notice_id: int, *, now: datetime) -> tuple[str, Notice | None]:
    """("claimed", notice) when this caller may send it now, else (why not, None)."""
    notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
    if notice is None or notice.status != NoticeStatus.PENDING:
        return "not pending", None
    if notice.not_before and notice.not_before > now:
        return "not yet", None
    if notice.channel == NoticeChannel.SMS:
        if SmsOptOut.objects.filter(phone_hash=phone_hash(notice.recipient)).exists():
            notice.status, notice.last_error = NoticeStatus.SKIPPED, "opted out"
            notice.save(update_fields=["status", "last_error"])
            return "opted out", None
        _lock_phone(notice.recipient)
        for until, reason in ((quiet_hours_end(now), "quiet hours"), (daily_cap_end(notice.recipient, now), "cap")):
            if until is not None:
                return _hold(notice, until, reason), None
    notice.status = NoticeStatus.SENDING
    notice.claimed_at = now
    notice.attempts += 1
    notice.save(update_fields=["status", "claimed_at", "attempts"])
    return "claimed", notice


def render(notice: Notice) -> Message:
    context = {**notice.context, "site_url": settings.SITE_URL.rstrip("/")}
    with translation.override(notice.language):
        if notice.channel == NoticeChannel.SMS:
            context["stop_url"] = context["site_url"] + reverse("notices:sms_stop", args=[stop_token(notice.pk)])
        text = render_to_string(template_path(notice.channel, notice.template), context).strip()
    subject, body = "", text
    if notice.channel == NoticeChannel.EMAIL:
        subject, _, body = text.partition("\n")
        body = body.strip() + "\n"
    params = [str(value) for value in notice.context.get("params", [notice.context.get("code", "")])]
    return Message(notice.channel, notice.recipient, notice.template, subject.strip(), body, params)


def _finish(notice: Notice, **fields) -> None:
    # Only the row this worker claimed: a conditional update, so nothing else's state is overwritten.
    Notice.objects.filter(pk=notice.pk, status=NoticeStatus.SENDING).update(**fields)


def send_notice(notice_id: int, *, now: datetime | None = None) -> str:
    """Sends the notice if it is still pending. Raises SendFailed (the job is retried with backoff) when the
    provider certainly did not take it; a result that is unknown is recorded for staff and not retried."""
    outcome, notice = claim(notice_id, now=now or timezone.now())
    if notice is None:
        return outcome
    try:
        reference = channel_send(render(notice))
    except ResultUnknown as error:
        _finish(notice, status=NoticeStatus.UNKNOWN, last_error=str(error)[:4000])
        logger.error("Notice %s to %s: result unknown (%s); not repeated", notice.pk, notice.masked_recipient, error)
        return "unknown"
    except Exception as error:  # SendFailed, or a bug in a template: back to pending for the retry
        _finish(notice, status=NoticeStatus.PENDING, last_error=f"{type(error).__name__}: {error}"[:4000])
        logger.warning("Notice %s to %s not sent: %s", notice.pk, notice.masked_recipient, error)
        raise SendFailed(str(error)) from error
    _finish(notice, status=NoticeStatus.SENT, sent_at=timezone.now(), provider_reference=reference[:100], last_error="")
    logger.info("Notice %s (%s) sent to %s", notice.pk, notice.template, notice.masked_recipient)
    return "sent"


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The safety net, every minute: a job for each due notice no job has taken yet (the queue was down, or the
    web process runs on SQLite), and a send a worker died in the middle of is marked unknown."""
    from .queue import queue_send

    now = now or timezone.now()
    stuck = Notice.objects.filter(status=NoticeStatus.SENDING, claimed_at__lt=now - timedelta(minutes=10)).update(
        status=NoticeStatus.UNKNOWN, last_error="the worker stopped while sending"
    )
    grace = now - timedelta(minutes=1)  # the notice's own job normally takes it first
    # attempts=0: a notice that failed once has its retry job in the queue already.
    due = list(
        Notice.objects.due(now=now)
        .filter(created_at__lt=grace, attempts=0)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    for notice_id in due:
        queue_send(notice_id=notice_id)
    return {"queued": len(due), "stuck": stuck}
