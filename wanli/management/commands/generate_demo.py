from django.core.management.base import BaseCommand, CommandError

from facilities.demo import generate_demo_facilities

MAX_DEMO_FACILITIES = 100_000


class Command(BaseCommand):
    help = "Creates synthetic facilities flagged as demo data (kept apart from the real seed)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--facilities", type=int, default=100, help="how many demo facilities to have")

    def handle(self, *args, **options) -> None:
        count = options["facilities"]
        if not 0 <= count <= MAX_DEMO_FACILITIES:
            raise CommandError(f"--facilities must be between 0 and {MAX_DEMO_FACILITIES}.")
        made = generate_demo_facilities(count=count)
        self.stdout.write(self.style.SUCCESS(f"Demo facilities created: {made}"))
