"""Confirms the reviewed reference set of indicator figures (programmes/reference/indicators_2024.json).

Each figure names project, document (file name), line, value, qualifier, unit and date as the
document states them. It goes through the same service as a decision in the admin
(`confirm_indicator_suggestion`) with acting user None, so it is marked "ohne Prüfung durch eine
Person"; a suggestion the office has decided itself is never changed, and a second run changes nothing.
Documents not imported yet are reported and skipped.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from programmes.models import Project, SuggestionState
from programmes.services import IndicatorDecisionError, confirm_indicator_suggestion, suggestion_at
from sources.models import SourceDocument

DEFAULT = Path(__file__).resolve().parents[2] / "reference" / "indicators_2024.json"


def _date(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None


class Command(BaseCommand):
    help = "Übernimmt den geprüften Referenzsatz von Kennzahlen mit Fundstellen (ohne Entscheidungen der Leitstelle zu ändern)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT))
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        try:
            data = json.loads(Path(options["path"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{options['path']}: nicht lesbar ({exc}).") from exc
        report: dict[str, list[str]] = {"confirmed": [], "unchanged": [], "decided_by_office": [], "missing": []}
        try:
            with transaction.atomic():
                for figure in data["figures"]:
                    state = self._apply(figure)
                    report[state].append(f"{figure['project']} {figure['indicator']} ({figure['kind']})")
        except (KeyError, ValueError, IndicatorDecisionError) as exc:
            raise CommandError(f"{options['path']}: {exc}") from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        for key, label in (
            ("confirmed", "übernommen"),
            ("unchanged", "unverändert"),
            ("decided_by_office", "von der Leitstelle entschieden, nicht geändert"),
            ("missing", "Projekt oder Dokument fehlt im Register"),
        ):
            for item in report[key]:
                self.stdout.write(f"{label}: {item}")

    def _apply(self, figure: dict) -> str:
        project = Project.objects.filter(code=figure["project"]).first()
        document = SourceDocument.objects.filter(filename=figure["document"]).order_by("-imported_at").first()
        if project is None or document is None:
            return "missing"
        value = Decimal(str(figure["value"]))
        suggestion = suggestion_at(
            project,
            document,
            line=figure["line"],
            value=value,
            kind=figure["kind"],
            sentence=figure["sentence"],
            unit=figure["unit"],
            qualifier=figure.get("qualifier", ""),
        )
        if suggestion.state != SuggestionState.SUGGESTED:
            return "unchanged" if suggestion.decided_by_system else "decided_by_office"
        baseline = figure.get("baseline")
        confirm_indicator_suggestion(
            suggestion,
            acting_user=None,
            indicator_name=figure["indicator"],
            unit=figure["unit"],
            value=value,
            qualifier=figure.get("qualifier", ""),
            as_of=_date(figure.get("as_of")),
            kind=figure["kind"],
            target_date=_date(figure.get("target_date")),
            baseline=Decimal(str(baseline)) if baseline is not None else None,
            baseline_date=_date(figure.get("baseline_date")),
            reason="Geprüfter Referenzsatz programmes/reference/indicators_2024.json",
        )
        return "confirmed"
