"""Send the pending e-mail alerts: to each confirmed subscription, the changes since its last alert."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from alerts.services import send_alerts


class Command(BaseCommand):
    help = "Verschickt die fälligen E-Mail-Benachrichtigungen über Änderungen (z. B. täglich per cron)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text", help="Ausgabeformat")
        parser.add_argument("--dry-run", action="store_true", help="nur zählen, nichts verschicken")

    def handle(self, *args, format: str, dry_run: bool, **options):
        report = send_alerts(dry_run=dry_run)
        report["dry_run"] = dry_run
        if format == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))
            return
        verb = "würden verschickt" if dry_run else "verschickt"
        self.stdout.write(
            f"Benachrichtigungen {verb}: {report['sent']}; ohne Änderungen: {report['without_changes']}; "
            f"übersprungen: {len(report['skipped'])}; unbestätigte Adressen gelöscht: {report['forgotten_unconfirmed']}."
        )
        for skipped in report["skipped"]:
            self.stdout.write(f"  übersprungen #{skipped['id']}: {skipped['reason']}")
