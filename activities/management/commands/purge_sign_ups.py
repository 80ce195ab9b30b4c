from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from activities.actions import purge_sign_ups


class Command(BaseCommand):
    help = (
        "Anonymises activity sign-ups (name, phone; also in their history rows) for activities that ended more "
        "than DAYS ago, keeping status, party size and dates for the attendance figures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            dest="days",
            default=None,
            metavar="DAYS",
            help="Retention in days (default: CASEWORK_RETENTION_DAYS, the same as for requests).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.CASEWORK_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--older-than must be zero or more days.")
        counts = purge_sign_ups(older_than_days=days)
        self.stdout.write(
            f"Anonymised {counts['sign_ups']} sign-ups ({counts['history_rows']} history rows, {counts['notices']} "
            f"notices deleted) for activities that ended more than {days} days ago."
        )
