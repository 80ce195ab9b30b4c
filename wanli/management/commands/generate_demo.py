from django.core.management.base import BaseCommand, CommandError

from facilities.demo import generate_demo_estates, generate_demo_facilities
from lifecircle.actions import coverage_invalidate

MAX_DEMO_FACILITIES = 100_000
MAX_DEMO_ESTATES = 2_000


class Command(BaseCommand):
    help = "Creates synthetic facilities and estates flagged as demo data (kept apart from the real seed)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--facilities", type=int, default=100, help="how many demo facilities to have")
        parser.add_argument("--estates", type=int, default=0, help="how many demo estates to have")

    def handle(self, *args, **options) -> None:
        count, estates = options["facilities"], options["estates"]
        if not 0 <= count <= MAX_DEMO_FACILITIES:
            raise CommandError(f"--facilities must be between 0 and {MAX_DEMO_FACILITIES}.")
        if not 0 <= estates <= MAX_DEMO_ESTATES:
            raise CommandError(f"--estates must be between 0 and {MAX_DEMO_ESTATES}.")
        made = generate_demo_facilities(count=count)
        made_estates = generate_demo_estates(count=estates)
        # Bulk inserts send no save signals, so the cached life-circle matrix is cleared here.
        coverage_invalidate()
        self.stdout.write(self.style.SUCCESS(f"Demo facilities created: {made}; demo estates created: {made_estates}"))
