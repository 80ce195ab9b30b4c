"""What a worker does around every job: a job that fails its last attempt is recorded for staff."""

import logging
import traceback

logger = logging.getLogger(__name__)


def record_give_up(call_next, context, worker):
    """Sync task middleware. Procrastinate retries by the task's strategy; when it will not (the last attempt),
    the job goes into 失败的后台任务 with its error, and a notice whose send gave up is marked failed."""
    try:
        return call_next()
    except Exception as error:
        task, job = context.task, context.job
        will_retry = task is not None and task.get_retry_exception(exception=error, job=job) is not None
        if not will_retry:
            _record(job=job, error=error)
        raise


def _record(*, job, error: Exception) -> None:
    from .models import JobFailure, Notice, NoticeStatus
    from .queue import SEND_TASK

    text = "".join(traceback.format_exception_only(type(error), error)).strip()[:4000]
    try:
        JobFailure.objects.create(
            job_id=job.id, task_name=job.task_name, task_kwargs=job.task_kwargs, attempts=job.attempts + 1, error=text
        )
        if job.task_name == SEND_TASK:
            Notice.objects.filter(pk=job.task_kwargs.get("notice_id"), status=NoticeStatus.PENDING).update(
                status=NoticeStatus.FAILED, last_error=text
            )
    except Exception:  # the record must not hide the job's own error
        logger.exception("Could not record the failure of job %s", job.id)
    logger.error("Job %s (%s) gave up after %s attempts: %s", job.id, job.task_name, job.attempts + 1, text)
