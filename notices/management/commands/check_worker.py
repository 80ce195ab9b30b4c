from django.core.management.base import BaseCommand, CommandError

from notices.queries import worker_status


class Command(BaseCommand):
    help = "Exits non-zero when no worker has run a job for WORKER_STALE_MINUTES (or --minutes) minutes."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=None)

    def handle(self, *args, minutes=None, **options):
        status = worker_status(stale_minutes=minutes)
        if not status.ok:
            last = status.last_job_at.isoformat() if status.last_job_at else "never"
            raise CommandError(
                f"No worker has taken a job recently (last: {last}); {status.waiting_notices} notices wait."
            )
        self.stdout.write(f"Worker OK: last job at {status.last_job_at.isoformat()} ({status.backend}).")
