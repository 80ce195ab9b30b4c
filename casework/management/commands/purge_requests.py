from casework.actions import purge_requests
from intake.personal_data import PurgeCommand


class Command(PurgeCommand):
    help = (
        "Anonymises service requests closed more than DAYS ago (name, phone, address, free text; also in their "
        "history rows and admin log entries), keeping status, service and dates for statistics."
    )

    def purge(self, *, days: int) -> str:
        counts = purge_requests(older_than_days=days)
        return (
            f"Anonymised {counts['requests']} requests ({counts['history_rows']} history rows, "
            f"{counts['log_entries']} admin log entries, {counts['notices']} notices) and {counts['corrections']} "
            f"correction contacts closed more than {days} days ago."
        )
