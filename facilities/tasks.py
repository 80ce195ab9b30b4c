"""facilities' periodic jobs, run by the task queue (notices app; cron lines in UTC, Shanghai = UTC+8)."""

import logging
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone
from procrastinate.contrib.django import app

from notices.actions import notice_enqueue
from notices.tasks import RETRY

from .queries import next_year_holidays_missing

logger = logging.getLogger(__name__)


def holiday_editors():
    """Active staff who may change the holiday calendar (directly, through a group, or as superusers)."""
    permission = Permission.objects.filter(codename="change_publicholiday", content_type__app_label="facilities")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(user_permissions__in=permission) | Q(groups__permissions__in=permission))
        .exclude(email="")
        .distinct()
    )


# Mondays 09:00 Shanghai: a weekly reminder is enough for a calendar published once a year.
@app.periodic(cron="0 1 * * 1")
@app.task(name="facilities.holiday_calendar_check", queueing_lock="facilities.holiday_calendar_check", retry=RETRY)
def holiday_calendar_check(timestamp: int) -> int:
    """While next year's holidays are missing (the same check as the admin's warning), e-mails whoever may
    enter them. Returns the number of e-mails put in the outbox."""
    # The run's own moment (procrastinate passes it), so a job that waited in the queue checks the right day.
    today = timezone.localtime(datetime.fromtimestamp(timestamp, UTC)).date()
    if not next_year_holidays_missing(today=today):
        return 0
    logger.warning("The holiday calendar of %s is missing", today.year + 1)
    editors = list(holiday_editors())
    for user in editors:
        notice_enqueue(
            channel="email",
            recipient=user.email,
            template="facilities.holiday_calendar_missing",
            context={"year": today.year + 1},
        )
    return len(editors)
