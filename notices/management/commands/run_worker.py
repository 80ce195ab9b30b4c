from django.core.management.base import BaseCommand

from notices.worker import run_worker


class Command(BaseCommand):
    help = (
        "Runs a background-job worker: notices, the nightly purge, the morning digest and every periodic job. "
        "On PostgreSQL any number may run side by side; on SQLite the queue is in this process's memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=1, help="Jobs run at the same time (default 1).")

    def handle(self, *args, concurrency=1, **options):
        run_worker(concurrency=concurrency, say=self.stdout.write)
