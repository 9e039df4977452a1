"""Make the published reporting period of an imported progress report (e.g. Fortschrittsbericht 2024)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.actors import SYSTEM
from reporting.from_document import PeriodFromDocumentError, create_period_from_document
from sources.models import DocumentKind, SourceDocument


class Command(BaseCommand):
    help = (
        "Legt aus einem importierten Fortschrittsbericht die veröffentlichte Berichtsperiode an (einmalig; "
        "ein zweiter Aufruf ändert nichts). PATH ist die importierte Datei; ohne PATH der neueste Fortschrittsbericht."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="die importierte Datei (erkannt an ihrer SHA-256-Prüfsumme)")
        parser.add_argument("--title", default="", help="Titel der Periode (Standard: Titel des Dokuments)")
        parser.add_argument("--cut-off", default="", help="Stichtag JJJJ-MM-TT (Standard: Stand des Dokuments)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        document = self._document(options["path"])
        cut_off = None
        if options["cut_off"]:
            try:
                cut_off = date.fromisoformat(options["cut_off"])
            except ValueError as exc:
                raise CommandError(f"Ungültiger Stichtag: {options['cut_off']} (erwartet JJJJ-MM-TT)") from exc
        try:
            period, created = create_period_from_document(
                document, title=options["title"], cut_off=cut_off, acting_user=SYSTEM
            )
        except PeriodFromDocumentError as exc:
            raise CommandError(str(exc)) from exc
        data = {
            "period": period.title,
            "slug": period.slug,
            "cut_off": period.cut_off.isoformat(),
            "state": period.state,
            "document_id": document.pk,
            "publication_date": period.publication_date.isoformat() if period.publication_date else None,
            "publication_date_source_id": document.date_source_id,
            "reports": period.reports.count(),
            "status_counts": period.status_counts,
            "created": created,
        }
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        verdict = "angelegt" if created else "gab es schon; nichts geändert"
        self.stdout.write(f"{period.title} (Stichtag {period.cut_off:%d.%m.%Y}): {verdict}.")
        self.stdout.write(f"  Projektberichte: {data['reports']}")
        self.stdout.write(f"  {document.publication_note()}")

    def _document(self, path: str | None) -> SourceDocument:
        if path:
            try:
                sha256 = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            except OSError as exc:
                raise CommandError(f"Datei nicht lesbar: {path}") from exc
            document = SourceDocument.objects.filter(sha256=sha256).first()
            if document is None:
                raise CommandError(f"{path} ist noch nicht importiert (erst import_progress_report ausführen).")
            return document
        document = SourceDocument.objects.of_kind(DocumentKind.PROGRESS_REPORT).order_by("-as_of").first()
        if document is None:
            raise CommandError("Es ist noch kein Fortschrittsbericht importiert.")
        return document
