"""Queue the daily runs (staff digests, public alert mails) for the next 07:00 Europe/Berlin, unless they wait
already. Run it after `migrate` on every deployment; `make run` does. Each run then queues the next."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from operations.scheduling import schedule_all


class Command(BaseCommand):
    help = "Plant die täglichen Aufgaben (Zusammenfassungen, Benachrichtigungen) für 7 Uhr ein, falls nicht geschehen."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text", help="Ausgabeformat")

    def handle(self, *args, format: str, **options):
        rows = schedule_all()
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for row in rows:
            when = f"eingeplant für {row['queued_for']}" if row["queued_for"] else "wartet bereits in der Warteschlange"
            self.stdout.write(f"{row['task']}: {when}")
