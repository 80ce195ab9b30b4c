"""casework's periodic jobs, run by the task queue (notices app; cron lines in UTC, Shanghai = UTC+8)."""

from django.conf import settings
from procrastinate.contrib.django import app

from notices.tasks import RETRY

from .actions import purge_requests


# 03:30 Shanghai, when nobody works on requests.
@app.periodic(cron="30 19 * * *")
@app.task(name="casework.purge_requests", queueing_lock="casework.purge_requests", retry=RETRY)
def purge_old_requests(timestamp: int) -> dict:
    """What `manage.py purge_requests` does, every night, with the retention of CASEWORK_RETENTION_DAYS."""
    return purge_requests(older_than_days=settings.CASEWORK_RETENTION_DAYS)
