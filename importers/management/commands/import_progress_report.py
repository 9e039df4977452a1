from importers import ProgressReportImporter
from importers.management.base import ImportCommand


class Command(ImportCommand):
    help = "Liest einen Fortschrittsbericht (Text oder PDF) und überträgt Projekte, Status, Meilensteine, Projektvolumen und Ortsbezüge."
    importer_class = ProgressReportImporter

    def describe(self, parsed):
        s = parsed.summary
        lines = [f"Projektseiten: {len(parsed.projects)}"]
        if s.total is not None:
            lines.append(
                f"laut Bericht: {s.completed} abgeschlossen, {s.in_progress} in Umsetzung, {s.not_pursued} nicht weiterverfolgt, {s.total} insgesamt"
            )
        for p in parsed.projects:
            lines.append(f"{p.code or '?':7} {p.status or '-':12} {p.title[:70]}")
        return lines
