"""Rebuild the portal's search index from the registry (normally kept up to date on every save)."""

import json

from django.core.management.base import BaseCommand

from portal.indexing import index_projects


class Command(BaseCommand):
    help = "Baut den Suchindex des Portals aus dem Register neu auf."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, format: str = "text", **options):
        terms = index_projects()
        if format == "json":
            self.stdout.write(json.dumps({"terms": terms}))
        else:
            self.stdout.write(f"Suchindex neu aufgebaut: {terms} Einträge.")
