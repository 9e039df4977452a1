import json

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sichert Datenbank und Dateien (MEDIA_ROOT) in ein Archiv (.tar.gz) mit Manifest und SHA-256 je Datei."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Zieldatei, z. B. /var/backups/ruhr-monitor-2026-11-22.tar.gz")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, path, format, **options):
        try:
            summary = create_backup(path)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if format == "json":
            self.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
            return
        rows = sum(summary.models.values())
        self.stdout.write(
            f"Gesichert: {rows} Zeilen in {len(summary.models)} Tabellen, {summary.files} Dateien → {summary.path}"
        )
        self.stdout.write(f"SHA-256 des Archivs: {summary.sha256}")
