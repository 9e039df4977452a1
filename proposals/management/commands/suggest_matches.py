"""Which projects most likely took up each proposal, from text similarity and the office's feedback."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from proposals.models import Proposal, ProposalSource
from proposals.suggestions import rank_matches


class Command(BaseCommand):
    help = "Schlägt für jede Projektidee die Projekte vor, die sie am ehesten aufgegriffen haben."

    def add_arguments(self, parser):
        parser.add_argument("--source", choices=ProposalSource.values, default=ProposalSource.CHAMBERS)
        parser.add_argument("--top", type=int, default=3, help="Anzahl der Vorschläge je Idee (Standard: 3)")
        parser.add_argument("--number", type=int, action="append", help="nur diese Nummer(n)")
        parser.add_argument(
            "--no-feedback", action="store_true", help="bestätigte und verworfene Zuordnungen nicht berücksichtigen"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        if options["top"] < 1:
            raise CommandError("--top muss mindestens 1 sein.")
        proposals = Proposal.objects.of_source(options["source"]).exclude(status="rejected").order_by("number")
        if options["number"]:
            proposals = proposals.filter(number__in=options["number"])
        ranked = rank_matches(list(proposals), top=options["top"], feedback=not options["no_feedback"])
        if options["format"] == "json":
            data = {str(p.number): [m.to_dict() for m in matches] for p, matches in ranked.items()}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for proposal, matches in ranked.items():
            self.stdout.write(f"{proposal.number:3}. {proposal.title[:90]}")
            for m in matches:
                mark = "✓" if m.state == "confirmed" else " "
                terms = ", ".join(m.suggestion.matched_terms)
                self.stdout.write(
                    f"     {mark} {m.project.code:7} {m.suggestion.score:.3f}  {m.project.title[:60]}  [{terms}]"
                )
            if not matches:
                self.stdout.write("       (kein ähnliches Projekt)")
