from importers import ParliamentaryAnswerImporter
from importers.management.base import ImportCommand


class Command(ImportCommand):
    help = "Liest die Antwort der Landesregierung auf eine Kleine Anfrage (Text oder PDF): Projekte und Ortsbezüge."
    importer_class = ParliamentaryAnswerImporter

    def describe(self, parsed):
        place = parsed.municipality.name if parsed.municipality else "?"
        lines = [f"{parsed.document.reference} – Ortsbezug zu {place}"]
        for e in parsed.entries:
            money = ", ".join(f"{f.amount_eur} €" for f in e.local_funding)
            lines.append(f"{e.code:7} {e.title[:60]}{'  [' + money + ']' if money else ''}")
        return lines
