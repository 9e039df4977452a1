"""The chambers' list of project ideas → Proposal records."""

from __future__ import annotations

from django.utils import timezone

from places.gazetteer import Gazetteer
from places.models import Municipality
from places.services import ensure_municipalities
from proposals.models import ModerationStatus, Proposal, ProposalSource
from sources.models import DocumentKind, SourceDocument
from sources.parsers.checks import check_proposal_list
from sources.parsers.proposals import parse_proposals
from sources.parsers.results import ProposalList

from .base import DocumentImporter


class ProposalListImporter(DocumentImporter):
    kind = DocumentKind.PROPOSAL_LIST
    label = "Projektideen"
    source = ProposalSource.CHAMBERS

    def parse(self, text: str, filename: str) -> ProposalList:
        return parse_proposals(text, gazetteer=Gazetteer.default(), filename=filename)

    def check(self, parsed: ProposalList, filename: str) -> None:
        check_proposal_list(parsed, filename)

    def public_fields(self) -> dict[tuple[str, str, str], str]:
        fields = ("title", "theme", "goal", "background")
        return {
            ("Projektidee", str(row[0]), name): value
            for row in Proposal.objects.filter(source=self.source).values_list("number", *fields)
            for name, value in zip(fields, row[1:], strict=True)
        }

    def apply(self, parsed: ProposalList, document: SourceDocument) -> None:
        ensure_municipalities()
        by_ags = {m.ags: m for m in Municipality.objects.all()}
        for item in parsed.proposals:
            proposal, _state = self.upsert(
                Proposal,
                {"source": self.source, "number": item.number},
                {
                    "title": item.title,
                    "theme": item.theme,
                    "goal": item.goal,
                    "background": item.background,
                    "document": document,
                    "start_line": item.source.start_line,
                    "end_line": item.source.end_line,
                },
                # A published list is public as printed; only ideas sent through the form wait for moderation.
                create_only={"status": ModerationStatus.PUBLISHED, "published_at": timezone.now()},
            )
            wanted = {by_ags[m.ags] for m in item.municipalities if m.ags in by_ags}
            if set(proposal.municipalities.all()) != wanted:
                proposal.municipalities.set(wanted)
