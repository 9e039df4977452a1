"""Records the document-based assessment of the chambers' proposals as the starting decisions.

The file (proposals/reference/chamber_assessment.json) says, with the lines of
the documents as reason, which project took up which idea. Decisions go through
decide_proposal/confirm_match like any other (audited, versioned, acting user:
the system). A proposal the office has already decided itself is never touched,
and running the command again changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.actors import SYSTEM
from programmes.models import Project
from proposals.models import EventKind, LinkRelation, Proposal
from proposals.services import ProposalError, confirm_match, decide_proposal

OFFICE_DECISIONS = [EventKind.DECIDED, EventKind.MATCH_CONFIRMED, EventKind.MATCH_REJECTED]
DEFAULT = Path(__file__).resolve().parents[2] / "reference" / "chamber_assessment.json"


class Command(BaseCommand):
    help = "Hält die dokumentgestützte Zuordnung der Kammer-Ideen zu Projekten als Ergebnis fest (ohne Entscheidungen der Leitstelle zu überschreiben)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT))
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        try:
            data = json.loads(Path(options["path"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{options['path']}: nicht lesbar ({exc}).") from exc
        source = data["source"]
        projects = {p.code: p for p in Project.objects.all()}
        report = {"applied": [], "unchanged": [], "skipped": [], "missing": []}
        try:
            with transaction.atomic():
                for proposal in Proposal.objects.of_source(source).public().order_by("number"):
                    entry = data["proposals"].get(str(proposal.number))
                    state = self._apply(proposal, entry, data["open_reason"], projects)
                    report[state].append(proposal.number)
        except (KeyError, ProposalError) as exc:
            raise CommandError(f"{options['path']}: {exc}") from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        for key, label in (
            ("applied", "festgehalten"),
            ("unchanged", "unverändert"),
            ("skipped", "von der Leitstelle entschieden, nicht geändert"),
            ("missing", "Projekt fehlt im Register"),
        ):
            if report[key]:
                self.stdout.write(f"{label}: {', '.join(map(str, report[key]))}")

    def _apply(self, proposal: Proposal, entry: dict | None, open_reason: str, projects: dict[str, Project]) -> str:
        if proposal.events.filter(actor__isnull=False, kind__in=OFFICE_DECISIONS).exists():
            return "skipped"  # a person decided or reviewed matches; the file never overrides the office
        outcome = entry["outcome"] if entry else "open"
        reason = entry["reason"] if entry else open_reason
        codes = entry.get("projects", []) if entry else []
        also = entry.get("also_partly", []) if entry else []
        if any(code not in projects for code in [*codes, *also]):
            return "missing"
        wanted = {(code, outcome) for code in codes} | {(code, LinkRelation.PARTLY.value) for code in also}
        have = set(proposal.links.values_list("project__code", "relation"))
        if proposal.outcome == outcome and proposal.outcome_reason == reason and have == wanted:
            return "unchanged"
        decide_proposal(
            proposal, acting_user=SYSTEM, outcome=outcome, reason=reason, projects=[projects[c] for c in codes]
        )
        for code in also:
            confirm_match(proposal, projects[code], acting_user=SYSTEM, relation=LinkRelation.PARTLY, reason=reason)
        return "applied"
