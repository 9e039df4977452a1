"""Finish report renders that a stopped server left queued, or render a period's report to a file."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.documents.content import build_content
from reporting.documents.generators import GENERATORS
from reporting.documents.jobs import run
from reporting.documents.storage import ReportStorageError, cached, write_file
from reporting.models import RenderJob, RenderState, ReportingPeriod


class Command(BaseCommand):
    help = (
        "Ohne Argumente: erstellt alle wartenden Berichtsdateien. Mit --period SLUG --out DATEI: schreibt den "
        "Bericht einer Periode als PDF, DOCX oder TXT (nach Dateiendung); offene Perioden als Entwurf."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help="Kurzname der Berichtsperiode, z. B. fortschrittsbericht-2024")
        parser.add_argument("--out", help="Zieldatei (.pdf, .docx oder .txt)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        if options["period"]:
            return self._one(options)
        done = []
        for job in RenderJob.objects.filter(state__in=[RenderState.QUEUED, RenderState.RUNNING]).order_by("created_at"):
            job = run(job.pk)
            done.append({"job": str(job.key), "period": job.period.title, "format": job.fmt, "state": job.state})
        if options["format"] == "json":
            self.stdout.write(json.dumps(done, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"{len(done)} Berichtsdateien erstellt.")

    def _one(self, options):
        period = ReportingPeriod.objects.filter(slug=options["period"]).first()
        if period is None:
            raise CommandError(f"Unbekannte Berichtsperiode: {options['period']}")
        out = Path(options["out"] or f"{period.slug}.pdf")
        generator = GENERATORS.get(out.suffix.lstrip("."))
        if generator is None:
            raise CommandError("Dateiendung .pdf, .docx oder .txt erwartet.")
        try:
            write_file(out, cached(generator(build_content(period))))
        except ReportStorageError as exc:
            raise CommandError(str(exc)) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps({"period": period.title, "file": str(out)}, ensure_ascii=False))
        else:
            self.stdout.write(f"{period.title} → {out}")
