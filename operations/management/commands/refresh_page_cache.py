"""Tell the page cache that published data changed outside the named writes (a repair in the database shell, a
script): the services, importers and the admin tell it themselves (operations/caching.py)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from operations import caching


class Command(BaseCommand):
    help = (
        "Erneuert den Seiten-Cache: alle bisher gespeicherten öffentlichen Seiten werden beim nächsten Abruf neu "
        "erstellt (nach Änderungen an veröffentlichten Daten außerhalb der Anwendung)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text", help="Ausgabeformat")

    def handle(self, *args, format: str, **options):
        before = caching.generation()
        caching.public_data_changed()
        after = caching.generation()
        if format == "json":
            self.stdout.write(json.dumps({"refreshed": before != after, "generation": after}, indent=1))
            return
        self.stdout.write("Seiten-Cache erneuert: öffentliche Seiten werden beim nächsten Abruf neu erstellt.")
