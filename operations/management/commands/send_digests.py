"""Send the daily digests of the reporting cycle now: for deployments that run it from cron instead of the task
queue's scheduled run (operations/digests.py). Safe beside the scheduled run: one digest per person and day."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from operations.digests import send_digests


class Command(BaseCommand):
    help = "Verschickt die täglichen Zusammenfassungen (höchstens eine je Person und Tag)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text", help="Ausgabeformat")
        parser.add_argument("--dry-run", action="store_true", help="nur anzeigen, was verschickt würde")

    def handle(self, *args, format: str, dry_run: bool, **options):
        report = send_digests(dry_run=dry_run)
        if format == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))
            return
        verb = "würden verschickt" if dry_run else "verschickt"
        self.stdout.write(
            f"Zusammenfassungen vom {report['day']} {verb}: {report['sent']} "
            f"mit {report['notifications']} Neuigkeiten; übersprungen: {len(report['skipped'])}."
        )
        for row in report["digests"]:
            self.stdout.write(f"  {row['user']} <{row['email']}>: {row['notifications']}")
        for row in report["skipped"]:
            self.stdout.write(f"  übersprungen {row['user']}: {row['reason']}")
