from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opendata.export import export_hsds


class Command(BaseCommand):
    help = "Writes every published service, location and schedule as HSDS 3.1 JSON and as the tabular data package."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path, help="where to write (created if missing)")

    def handle(self, *args, **options) -> None:
        directory: Path = options["directory"]
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} exists and is not a directory.")
        try:
            summary = export_hsds(directory)
        except OSError as error:
            raise CommandError(f"Could not write to {directory}: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"HSDS data set written to {summary.directory}: {summary.counts}"))
