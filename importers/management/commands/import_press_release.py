from importers import PressReleaseImporter
from importers.management.base import ImportCommand


class Command(ImportCommand):
    help = (
        "Liest eine Pressemitteilung, die einen Fortschrittsbericht ankündigt (Text oder PDF), und übernimmt "
        "ihr Datum als Veröffentlichungsdatum des Berichts, wenn dieser selbst keines nennt."
    )
    importer_class = PressReleaseImporter

    def describe(self, parsed):
        news = parsed.announcement
        return [
            f"Fortschrittsbericht {news.year}: veröffentlicht am {news.date:%d.%m.%Y} (Zeile {news.date_line})",
            f"Zeile {news.line}: {news.text}",
        ]
