from importers import ProposalListImporter
from importers.management.base import ImportCommand


class Command(ImportCommand):
    help = "Liest die Liste der Projektideen der Kammern (Text oder PDF)."
    importer_class = ProposalListImporter

    def describe(self, parsed):
        return [f"{p.number:3}. [{p.theme}] {p.title[:80]}" for p in parsed.proposals]
