"""Finds indicator suggestions in documents imported before the finder existed (or again after it improved).

Re-reads the stored text of every progress report and parliamentary answer (or one, --document ID)
and upserts the suggestions exactly as the importers do; decisions already taken stay as they are.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.db import transaction

from importers import ParliamentaryAnswerImporter, ProgressReportImporter
from importers.indicators import suggest_indicators
from programmes.models import Project
from sources.models import DocumentKind, SourceDocument


class Command(BaseCommand):
    help = "Sucht in bereits importierten Berichten nach Zahlen, die Kennzahlen sein könnten (Vorschläge für die Leitstelle)."

    def add_arguments(self, parser):
        parser.add_argument("--document", type=int, help="nur dieses Dokument (ID)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        documents = SourceDocument.objects.filter(
            kind__in=[DocumentKind.PROGRESS_REPORT, DocumentKind.PARLIAMENTARY_ANSWER]
        )
        if options["document"]:
            documents = documents.filter(pk=options["document"])
        report = {}
        for document in documents.order_by("pk"):
            with transaction.atomic():
                report[document.filename] = self._suggest(document)
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        for name, counts in report.items():
            self.stdout.write(f"{name}: {counts}")

    def _suggest(self, document: SourceDocument) -> dict[str, int]:
        projects = {p.code: p for p in Project.objects.all()}
        if document.kind == DocumentKind.PROGRESS_REPORT:
            importer = ProgressReportImporter()
            parsed = importer.parse(document.text, document.filename)
            for page in parsed.projects:
                if page.code in projects:
                    importer._indicator_suggestions(projects[page.code], page, document, parsed.document.year)
        else:
            importer = ParliamentaryAnswerImporter()
            parsed = importer.parse(document.text, document.filename)
            year = parsed.document.date.year if parsed.document.date else None
            for entry in parsed.entries:
                if entry.code in projects:
                    suggest_indicators(
                        importer,
                        project=projects[entry.code],
                        document=document,
                        start_line=entry.source.start_line,
                        end_line=entry.source.end_line,
                        report_year=year,
                    )
        return {k: v for k, v in sorted(importer.counts.items()) if k.startswith("indicatorsuggestion")}
