from django.core.management.base import BaseCommand, CommandError

from facilities.actions import load_official_holidays


class Command(BaseCommand):
    help = (
        "Loads the official public holidays and 调休 working days (chinesecalendar) into the shared calendar. "
        "Run it after upgrading chinesecalendar when next year's calendar is published. Days staff corrected "
        "in admin are kept."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("years", nargs="*", type=int, help="years to load (default: every year the package covers)")

    def handle(self, *args, years: list[int], **options) -> None:
        try:
            counts = load_official_holidays(years=years or None)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Holiday calendar loaded: {counts}"))
