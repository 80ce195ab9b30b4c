from activities.actions import purge_sign_ups
from intake.personal_data import PurgeCommand


class Command(PurgeCommand):
    help = (
        "Anonymises activity sign-ups (name, phone; also in their history rows) for activities that ended more "
        "than DAYS ago, keeping status, party size and dates for the attendance figures."
    )
    days_help = "Retention in days (default: CASEWORK_RETENTION_DAYS, the same as for requests)."

    def purge(self, *, days: int) -> str:
        counts = purge_sign_ups(older_than_days=days)
        return (
            f"Anonymised {counts['sign_ups']} sign-ups ({counts['history_rows']} history rows, {counts['notices']} "
            f"notices deleted) for activities that ended more than {days} days ago."
        )
