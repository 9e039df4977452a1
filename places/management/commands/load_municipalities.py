import json

from django.core.management.base import BaseCommand, CommandError

from places.services import ReferenceDataError, load_municipalities


class Command(BaseCommand):
    help = "Lädt die 53 Kommunen und 4 Kreise des Ruhrgebiets aus data/ruhr/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        try:
            result = load_municipalities()
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.__dict__))
        else:
            self.stdout.write(
                f"Kommunen: {result.created} neu, {result.updated} geändert, {result.unchanged} unverändert; "
                f"Kreise neu: {result.districts}."
            )
