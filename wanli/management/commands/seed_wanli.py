from django.core.management.base import BaseCommand

from casework.seed import seed_request_settings
from facilities.actions import load_official_holidays
from facilities.seed import seed_estates, seed_facilities
from lifecircle.seed import seed_life_circle_categories
from reports.seed import seed_reports
from search.seed import seed_search_synonyms
from services.seed import seed_services


class Command(BaseCommand):
    help = (
        "Loads the facts of the source article (shared/seed) idempotently: creates what is missing, overwrites nothing."
    )

    def handle(self, *args, **options) -> None:
        created = seed_facilities()
        created.update(seed_services())
        created.update(seed_request_settings())
        created.update(seed_reports())
        created["estates"] = seed_estates()
        created["life_circle_categories"] = seed_life_circle_categories()
        # The official calendar is public knowledge, not invented data: "open now" needs it from day one.
        created["holiday_calendar"] = load_official_holidays()
        created["search_synonyms"] = seed_search_synonyms()
        self.stdout.write(self.style.SUCCESS(f"Seed loaded: {created}"))
