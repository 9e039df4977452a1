"""Confirms the reviewed reference set of indicator figures (programmes/reference/indicators_2024.json).

Each figure names project, document (file name), line, value, qualifier, unit and date as the
document states them. It goes through the same service as a decision in the admin
(`confirm_indicator_suggestion`) with the acting user SYSTEM (accounts/actors.py), so it is marked
"ohne Prüfung durch eine Person"; a suggestion the office has decided itself is never changed, and a second
run changes nothing.
Documents not imported yet are reported and skipped.

Then the programme indicators of programmes/reference/programme_indicators.json (a sibling file,
`--programme-indicators`) are defined through the same services the office's editor uses, as the
system: marked as defined by the system, and one the office has edited is never changed.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.actors import SYSTEM
from programmes.models import Indicator, ProgrammeIndicator, Project, SuggestionState
from programmes.services import (
    PROGRAMME_INDICATOR_FIELDS,
    IndicatorDecisionError,
    ProgrammeIndicatorError,
    confirm_indicator_suggestion,
    define_programme_indicator,
    set_programme_indicator_contributions,
    suggestion_at,
    update_programme_indicator,
)
from sources.models import SourceDocument

DEFAULT = Path(__file__).resolve().parents[2] / "reference" / "indicators_2024.json"
PROGRAMME_DEFAULT = DEFAULT.with_name("programme_indicators.json")
_DECIMALS = ("target", "baseline")
_DATES = ("target_date", "baseline_date")


def _date(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None


class Command(BaseCommand):
    help = "Übernimmt den geprüften Referenzsatz von Kennzahlen mit Fundstellen (ohne Entscheidungen der Leitstelle zu ändern)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT))
        parser.add_argument("--programme-indicators", default=str(PROGRAMME_DEFAULT))
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        try:
            data = json.loads(Path(options["path"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{options['path']}: nicht lesbar ({exc}).") from exc
        programme_path = options["programme_indicators"]
        try:
            programme_data = json.loads(Path(programme_path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{programme_path}: nicht lesbar ({exc}).") from exc
        report: dict[str, list[str]] = {"confirmed": [], "unchanged": [], "decided_by_office": [], "missing": []}
        report.update(
            {
                "programme_defined": [],
                "programme_updated": [],
                "programme_unchanged": [],
                "programme_decided_by_office": [],
                "programme_contribution_missing": [],
            }
        )
        # one transaction for both files: a broken entry in either leaves the database as it was
        with transaction.atomic():
            try:
                for figure in data["figures"]:
                    state = self._apply(figure)
                    report[state].append(f"{figure['project']} {figure['indicator']} ({figure['kind']})")
            except (KeyError, ValueError, IndicatorDecisionError) as exc:
                raise CommandError(f"{options['path']}: {exc}") from exc
            entries = programme_data.get("programme_indicators")
            if not isinstance(entries, list):
                raise CommandError(f"{programme_path}: Feld „programme_indicators“ fehlt oder ist keine Liste.")
            for number, entry in enumerate(entries, start=1):
                try:
                    state, missing = self._apply_programme(entry)
                except KeyError as exc:
                    raise CommandError(f"{programme_path}: Eintrag {number}: Feld „{exc.args[0]}“ fehlt.") from exc
                except (TypeError, ValueError, ArithmeticError, ProgrammeIndicatorError) as exc:
                    raise CommandError(f"{programme_path}: Eintrag {number} ({entry.get('slug', '?')}): {exc}") from exc
                report[state].append(entry["slug"])
                report["programme_contribution_missing"] += [f"{entry['slug']}: {m}" for m in missing]
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        for key, label in (
            ("confirmed", "übernommen"),
            ("unchanged", "unverändert"),
            ("decided_by_office", "von der Leitstelle entschieden, nicht geändert"),
            ("missing", "Projekt oder Dokument fehlt im Register"),
            ("programme_defined", "Kennzahl des Programms angelegt"),
            ("programme_updated", "Kennzahl des Programms aktualisiert"),
            ("programme_unchanged", "Kennzahl des Programms unverändert"),
            ("programme_decided_by_office", "Kennzahl des Programms von der Leitstelle geändert, nicht überschrieben"),
            ("programme_contribution_missing", "beitragende Kennzahl fehlt im Register"),
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
            acting_user=SYSTEM,
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

    def _apply_programme(self, entry: dict) -> tuple[str, list[str]]:
        """Define or refresh one programme indicator; returns the state and the contributions not found."""
        slug = entry["slug"]
        fields = {key: entry[key] for key in PROGRAMME_INDICATOR_FIELDS if key in entry}
        fields["name"] = entry["name"]
        fields["aggregation"] = entry["aggregation"]
        for key in _DECIMALS:
            if fields.get(key) is not None:
                fields[key] = Decimal(str(fields[key]))
        for key in _DATES:
            fields[key] = _date(fields.get(key))
        unknown = set(entry) - {*PROGRAMME_INDICATOR_FIELDS, "slug", "contributions"}
        if unknown:
            raise ValueError(f"unbekanntes Feld „{sorted(unknown)[0]}“")
        chosen, missing = [], []
        for contribution in entry.get("contributions", []):
            found = Indicator.objects.filter(
                project__code=contribution["project"], name=contribution["indicator"]
            ).first()
            if found is None:
                missing.append(f"{contribution['project']} {contribution['indicator']}")
            else:
                chosen.append(found)
        existing = ProgrammeIndicator.objects.filter(slug=slug).first()
        if existing is None:
            define_programme_indicator(acting_user=SYSTEM, slug=slug, contributions=chosen, **fields)
            return "programme_defined", missing
        if not existing.defined_by_system:
            return "programme_decided_by_office", missing
        same_fields = all(getattr(existing, key) == value for key, value in fields.items() if key != "unit")
        same_contributions = {i.pk for i in chosen} == set(existing.contributions.values_list("pk", flat=True))
        if same_fields and same_contributions:
            return "programme_unchanged", missing
        if not same_fields:
            existing = update_programme_indicator(existing, acting_user=SYSTEM, **fields)
        if not same_contributions:
            set_programme_indicator_contributions(existing, chosen, acting_user=SYSTEM)
        return "programme_updated", missing
