"""The morning digest to staff, run by the task queue (notices app; cron lines in UTC, Shanghai = UTC+8)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import translation
from procrastinate.contrib.django import app

from notices.actions import notice_enqueue
from notices.tasks import RETRY

from .todo import todo_panel


def digest_recipients():
    """Active staff with an e-mail address who have not switched the digest off (我的账户)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .exclude(email="")
        .filter(Q(notice_preference__isnull=True) | Q(notice_preference__morning_digest=True))
        .order_by("pk")
    )


def digest_rows(user) -> list[dict]:
    """The to-do rows of the admin index (wanli.todo) that have something waiting, with absolute links."""
    site = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        return [
            {"label": str(row.label), "count": row.count, "url": site + row.url}
            for row in todo_panel(user)
            if row.count
        ]


# 08:00 Shanghai.
@app.periodic(cron="0 0 * * *")
@app.task(name="wanli.morning_digest", queueing_lock="wanli.morning_digest", retry=RETRY)
def morning_digest(timestamp: int) -> int:
    """One e-mail per member of staff with something in their queue (overdue requests, corrections, reviews…);
    nobody gets an empty one. Returns the number of e-mails put in the outbox."""
    sent = 0
    for user in digest_recipients():
        rows = digest_rows(user)
        if rows:
            notice_enqueue(
                channel="email",
                recipient=user.email,
                template="notices.staff_digest",
                context={"rows": rows, "name": user.get_short_name() or user.get_username()},
                language=settings.LANGUAGE_CODE,
            )
            sent += 1
    return sent
