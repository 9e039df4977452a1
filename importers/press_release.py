"""Pressemitteilung → the publication date of the Fortschrittsbericht it announces, with the line that states it."""

from __future__ import annotations

from datetime import date

from django.apps import apps

from sources.models import DocumentKind, SourceDocument
from sources.parsers.press_release import parse_press_release
from sources.parsers.results import DocumentInfo, PressRelease

from .base import DocumentImporter, ImportFailed


class PressReleaseImporter(DocumentImporter):
    kind = DocumentKind.PRESS_RELEASE
    label = "Pressemitteilung"

    def parse(self, text: str, filename: str) -> PressRelease:
        return parse_press_release(text, filename=filename)

    def as_of(self, info: DocumentInfo) -> date | None:
        # The release reports the state of the report it announces ("Sachstand zum Ende des Jahres 2024"),
        # so its content is as of that report's end of year, not of the day it was issued.
        return date(info.year, 12, 31) if info.year else info.date

    def apply(self, parsed: PressRelease, document: SourceDocument) -> None:
        news = parsed.announcement
        report = (
            SourceDocument.objects.filter(kind=DocumentKind.PROGRESS_REPORT, year=news.year).order_by("as_of").first()
        )
        if report is None:
            raise ImportFailed(
                f"{document.filename}, Zeile {news.line}: Die Pressemitteilung kündigt den Fortschrittsbericht "
                f"{news.year} an, der noch nicht importiert ist. Bitte zuerst den Bericht importieren; "
                "nichts wurde gespeichert."
            )
        if report.date is not None and report.date_source_id in (None, report.pk):
            # What the report states about itself wins over what is said about it.
            if report.date != news.date:
                self.warn(
                    news.date_line,
                    f"„{report.title}“ nennt selbst den {report.date:%d.%m.%Y} als Datum; "
                    f"der {news.date:%d.%m.%Y} dieser Pressemitteilung wird nicht übernommen.",
                )
            self.counts["publication_date.kept"] += 1
            return
        if report.date_source_id is not None and report.date != news.date:
            self.warn(
                news.date_line,
                f"Das Datum von „{report.title}“ ({report.date:%d.%m.%Y}) ist schon durch eine andere "
                f"Pressemitteilung belegt; der {news.date:%d.%m.%Y} wird nicht übernommen.",
            )
            self.counts["publication_date.kept"] += 1
            return
        report.date, report.date_source = news.date, document
        report.save(update_fields=["date", "date_source"])
        self.record_provenance(report, "date", document, news.date_line, news.line, f"{news.date:%d.%m.%Y}")
        self.counts["publication_date.stated"] += 1
        if apps.is_installed("reporting"):
            # An edition made from the report before its date was known carries it from now on.
            from reporting.from_document import date_edition

            date_edition(report, acting_user=self.acting_user)
