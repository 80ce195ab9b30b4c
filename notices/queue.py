"""The task queue: procrastinate on PostgreSQL, with a fallback for SQLite.

On PostgreSQL (production, CI) jobs are rows in procrastinate's tables, deferred in the web process's
transaction and run by `manage.py run_worker` (any number of them). SQLite has none of the PostgreSQL functions
procrastinate's queue is made of, so there (`make run`'s default) the queue lives in the memory of the worker
process: the worker still runs every periodic job, and the outbox sweep (every minute) sends what the web
process put in the outbox; a job deferred by the web process itself is not seen by the worker, which is why
nothing of importance is ever only a job (notices are rows first). Both are said at start-up in the log."""

import logging

from django.db import connections
from procrastinate import exceptions as procrastinate_exceptions
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)

SEND_TASK = "notices.send_notice"
NOTICE_QUEUE = "notices"


def uses_postgres() -> bool:
    return connections["default"].vendor == "postgresql"


def on_app_ready(ready_app) -> None:
    """PROCRASTINATE_ON_APP_READY: the in-memory queue on SQLite, and the give-up record on every worker."""
    from .jobs import record_give_up

    defaults = ready_app.worker_defaults
    defaults["task_middleware"] = [*defaults.get("task_middleware", []), record_give_up]
    if not uses_postgres():
        from procrastinate.testing import InMemoryConnector

        ready_app.connector = InMemoryConnector()
        ready_app.job_manager.connector = ready_app.connector


def queue_in_memory() -> bool:
    from procrastinate.testing import InMemoryConnector

    return isinstance(app.connector, InMemoryConnector)


def backend_name() -> str:
    return "postgresql" if uses_postgres() else "memory"


def defer_send(*, notice_id: int) -> None:
    """Called once the notice's transaction has committed. A queue that is down must not fail the resident's
    request, which is saved: the outbox sweep sends the notice later."""
    if queue_in_memory():
        return  # the worker's sweep sends it (see the module's docstring)
    queue_send(notice_id=notice_id)


def queue_send(*, notice_id: int) -> None:
    """A send job for the notice, unless one is waiting already (the queueing lock)."""
    try:
        app.configure_task(SEND_TASK, queue=NOTICE_QUEUE, queueing_lock=f"notice-{notice_id}").defer(
            notice_id=notice_id
        )
    except procrastinate_exceptions.AlreadyEnqueued:
        pass  # a job for it is waiting already
    except Exception:
        logger.exception("Could not queue notice %s; the outbox sweep will send it", notice_id)


def defer_send_at(*, notice_id: int, when) -> None:
    """A held notice (quiet hours, daily cap) gets a job at the moment it may go."""
    try:
        app.configure_task(SEND_TASK, queue=NOTICE_QUEUE, schedule_at=when).defer(notice_id=notice_id)
    except Exception:
        logger.exception("Could not schedule notice %s; the outbox sweep will send it", notice_id)


def defer_task(task_name: str, **kwargs) -> int:
    return app.configure_task(task_name).defer(**kwargs)
