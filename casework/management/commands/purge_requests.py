from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casework.actions import purge_requests


class Command(BaseCommand):
    help = (
        "Anonymises service requests closed more than DAYS ago (name, phone, address, free text; also in their "
        "history rows and admin log entries), keeping status, service and dates for statistics."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            dest="days",
            default=None,
            metavar="DAYS",
            help="Retention in days (default: CASEWORK_RETENTION_DAYS).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.CASEWORK_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--older-than must be zero or more days.")
        counts = purge_requests(older_than_days=days)
        self.stdout.write(
            f"Anonymised {counts['requests']} requests ({counts['history_rows']} history rows, "
            f"{counts['log_entries']} admin log entries, {counts['notices']} notices) and {counts['corrections']} "
            "correction contacts "
            f"closed more than {days} days ago."
        )
