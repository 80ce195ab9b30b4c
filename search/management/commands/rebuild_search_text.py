from django.core.management.base import BaseCommand

from search.actions import search_text_rebuild


class Command(BaseCommand):
    help = "Recomputes the stored search text (names, pinyin, initials, texts) of every facility and service."

    def handle(self, *args, **options) -> None:
        changed = search_text_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search text rebuilt: {changed}"))
