"""activities' periodic jobs, run by the task queue (notices app; cron lines in UTC, Shanghai = UTC+8)."""

from django.conf import settings
from procrastinate.contrib.django import app

from notices.tasks import RETRY

from .actions import purge_sign_ups, send_reminders


# 03:40 Shanghai, beside the requests' purge: the same retention (CASEWORK_RETENTION_DAYS).
@app.periodic(cron="40 19 * * *")
@app.task(name="activities.purge_sign_ups", queueing_lock="activities.purge_sign_ups", retry=RETRY)
def purge_old_sign_ups(timestamp: int) -> dict:
    """What `manage.py purge_sign_ups` does, every night."""
    return purge_sign_ups(older_than_days=settings.CASEWORK_RETENTION_DAYS)


# Every hour: each confirmed sign-up that asked for a reminder gets one, about a day before (once; the sender
# holds it back during quiet hours).
@app.periodic(cron="5 * * * *")
@app.task(name="activities.send_reminders", queueing_lock="activities.send_reminders", retry=RETRY)
def queue_reminders(timestamp: int) -> int:
    return send_reminders()
