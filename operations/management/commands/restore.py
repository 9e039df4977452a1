import json

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Stellt eine Sicherung (manage.py backup) in eine leere, migrierte Datenbank wieder her."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archiv aus manage.py backup")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, path, format, **options):
        try:
            summary = restore_backup(path)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if format == "json":
            self.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
            return
        rows = sum(summary.models.values())
        self.stdout.write(
            f"Wiederhergestellt: {rows} Zeilen in {len(summary.models)} Tabellen, {summary.files} Dateien."
        )
