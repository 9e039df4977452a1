"""The shared shape of the import commands: PATH, --dry-run, --format json, German errors."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from accounts.actors import SYSTEM
from importers import DocumentImporter, ImportFailed, ImportNeedsConfirmation, ImportResult


class ImportCommand(BaseCommand):
    importer_class: type[DocumentImporter]

    def add_arguments(self, parser):
        parser.add_argument("path", help="Textdatei (UTF-8) oder PDF")
        parser.add_argument("--dry-run", action="store_true", help="nur lesen und ausgeben, nichts speichern")
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="bestätigt einen Import, der viele bestehende öffentliche Angaben ändert (nach Prüfung der Liste)",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        importer = self.importer_class()
        try:
            result = importer.run(
                options["path"], acting_user=SYSTEM, dry_run=options["dry_run"], confirmed=options["confirm"]
            )
        except ImportNeedsConfirmation as exc:
            if options["format"] == "json":
                self.stdout.write(
                    json.dumps({"status": "needs_confirmation", "changes": exc.changes}, ensure_ascii=False, indent=2)
                )
            else:
                for change in exc.changes:
                    self.stdout.write(
                        f"  {change['record']} {change['key']}, {change['field']}: "
                        f"„{change['before'][:70]}“ → „{change['after'][:70]}“"
                    )
            raise CommandError(str(exc)) from exc
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.write_text(result)

    def write_text(self, result: ImportResult) -> None:
        verdict = {
            "dry_run": "Probelauf – nichts gespeichert.",
            "succeeded": "Import abgeschlossen.",
            "unchanged": "Dieses Dokument ist bereits importiert; nichts geändert.",
        }[result.status]
        self.stdout.write(f"{self.importer_class.label}: {result.parsed.document.title}")
        for line in self.describe(result.parsed):
            self.stdout.write(f"  {line}")
        for key, value in sorted(result.counts.items()):
            self.stdout.write(f"  {key}: {value}")
        for warning in result.warnings:
            where = f"Zeile {warning.line}: " if warning.line else ""
            self.stderr.write(f"  Hinweis – {where}{warning.message}")
        self.stdout.write(verdict)

    def describe(self, parsed) -> list[str]:
        return []
