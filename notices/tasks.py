"""The notices app's jobs (procrastinate finds every installed app's `tasks.py`).

Cron lines of procrastinate are read in UTC; Shanghai is UTC+8 all year (no summer time), so 08:00 Shanghai is
"0 0 * * *". Other apps add their periodic jobs in their own `tasks.py` the same way (see docs/deployment.md)."""

from django.conf import settings
from django.utils import timezone
from procrastinate import RetryDecision
from procrastinate.contrib.django import app
from procrastinate.retry import BaseRetryStrategy, RetryStrategy

from . import sending
from .models import WorkerHeartbeat
from .queue import NOTICE_QUEUE, SEND_TASK, backend_name


class SettingsRetry(BaseRetryStrategy):
    """Exponential backoff read from settings.JOB_RETRY each time, so an operator (or a test) can change it.
    JOB_RETRY's max_attempts counts every run; procrastinate's counts the runs after the first."""

    def get_retry_decision(self, *, exception, job) -> RetryDecision | None:
        options = dict(settings.JOB_RETRY)
        options["max_attempts"] = max(options.get("max_attempts", 1) - 1, 0)
        return RetryStrategy(**options).get_retry_decision(exception=exception, job=job)


RETRY = SettingsRetry()


@app.task(name=SEND_TASK, queue=NOTICE_QUEUE, retry=RETRY)
def send_notice(notice_id: int) -> str:
    return sending.send_notice(notice_id)


@app.periodic(cron="* * * * *")
@app.task(name="notices.sweep_outbox", queue=NOTICE_QUEUE, queueing_lock="notices.sweep_outbox")
def sweep_outbox(timestamp: int) -> dict:
    return sending.sweep()


@app.periodic(cron="* * * * *")
@app.task(name="notices.heartbeat", queueing_lock="notices.heartbeat")
def heartbeat(timestamp: int) -> None:
    """Proof for `check_worker` that a worker takes jobs from the queue."""
    WorkerHeartbeat.objects.update_or_create(
        name="worker", defaults={"beat_at": timezone.now(), "backend": backend_name()}
    )
