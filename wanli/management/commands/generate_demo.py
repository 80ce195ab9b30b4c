from django.core.management.base import BaseCommand, CommandError

from activities.demo import generate_demo_activities
from facilities.content_version import bump_content_version
from facilities.demo import generate_demo_estates, generate_demo_facilities
from lifecircle.actions import coverage_invalidate

MAX_DEMO_FACILITIES = 100_000
MAX_DEMO_ESTATES = 2_000
MAX_DEMO_ACTIVITIES = 50_000


class Command(BaseCommand):
    help = "Creates synthetic facilities and estates flagged as demo data (kept apart from the real seed)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--facilities", type=int, default=100, help="how many demo facilities to have")
        parser.add_argument("--estates", type=int, default=0, help="how many demo estates to have")
        parser.add_argument(
            "--activities", type=int, default=0, help="how many demo activities to have (at demo facilities)"
        )

    def handle(self, *args, **options) -> None:
        count, estates = options["facilities"], options["estates"]
        if not 0 <= count <= MAX_DEMO_FACILITIES:
            raise CommandError(f"--facilities must be between 0 and {MAX_DEMO_FACILITIES}.")
        if not 0 <= estates <= MAX_DEMO_ESTATES:
            raise CommandError(f"--estates must be between 0 and {MAX_DEMO_ESTATES}.")
        activities = options["activities"]
        if not 0 <= activities <= MAX_DEMO_ACTIVITIES:
            raise CommandError(f"--activities must be between 0 and {MAX_DEMO_ACTIVITIES}.")
        made = generate_demo_facilities(count=count)
        made_estates = generate_demo_estates(count=estates)
        try:
            made_activities = generate_demo_activities(count=activities)
        except ValueError as error:
            raise CommandError(f"{error}.") from None
        # Bulk inserts send no save signals, so the cached life-circle matrix is cleared here.
        coverage_invalidate()
        bump_content_version()  # the same for the cached pages and choice lists (estates, kinds)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo facilities created: {made}; demo estates created: {made_estates}; "
                f"demo activities created: {made_activities}"
            )
        )
