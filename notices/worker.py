"""Running a worker, on PostgreSQL or (development) in memory on SQLite; which one is said at start."""

import logging

from procrastinate.contrib.django import app

from .queue import queue_in_memory

logger = logging.getLogger(__name__)


def run_worker(*, concurrency: int = 1, say=print) -> None:
    if queue_in_memory():
        say(
            "Background jobs: SQLite, so the queue is in this process's memory. Periodic jobs run here and the "
            "outbox is swept every minute; use PostgreSQL (DATABASE_URL) for a real, shared queue."
        )
        app.run_worker(concurrency=concurrency)
        return
    say("Background jobs: procrastinate on PostgreSQL; waiting for jobs.")
    # Django's own connection cannot LISTEN; the worker gets a connection pool of its own.
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(concurrency=concurrency)
