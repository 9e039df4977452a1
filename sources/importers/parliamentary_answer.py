"""Answer to a Kleine Anfrage → projects it names and their local references with the figures stated for the place."""

from __future__ import annotations

from decimal import Decimal

from places.gazetteer import Gazetteer
from places.models import FundingBasis, LocalReference, Municipality
from places.services import ensure_municipalities
from programmes.models import ActionField, Pillar, Project, SubProject
from programmes.services import ensure_reference_data, link_code_families, unique_project_slug
from sources.models import DocumentKind, SourceDocument
from sources.parsers.parliamentary_answer import parse_parliamentary_answer
from sources.parsers.results import AnswerEntry, ParliamentaryAnswer

from .base import DocumentImporter, ImportFailed
from .indicators import suggest_indicators


class ParliamentaryAnswerImporter(DocumentImporter):
    kind = DocumentKind.PARLIAMENTARY_ANSWER
    label = "Antwort auf eine Kleine Anfrage"

    def parse(self, text: str, filename: str) -> ParliamentaryAnswer:
        return parse_parliamentary_answer(text, gazetteer=Gazetteer.default(), filename=filename)

    def apply(self, parsed: ParliamentaryAnswer, document: SourceDocument) -> None:
        programme = ensure_reference_data()
        ensure_municipalities()
        if parsed.municipality is None:
            raise ImportFailed(
                f"{document.filename}: Die Antwort nennt keine Kommune des Ruhrgebiets, auf die sich die Tabelle bezieht."
            )
        municipality = Municipality.objects.get(ags=parsed.municipality.ags)
        action_fields = {af.name: af for af in ActionField.objects.filter(programme=programme)}
        for entry in parsed.entries:
            project = self._project(entry, programme, action_fields, document)
            if entry.subproject:
                self.upsert(SubProject, {"project": project, "name": entry.subproject}, {})
            self._local_reference(project, municipality, entry, document)
            suggest_indicators(
                self,
                project=project,
                document=document,
                start_line=entry.source.start_line,
                end_line=entry.source.end_line,
                report_year=parsed.document.date.year if parsed.document.date else None,
            )
        link_code_families(programme)
        # The answer is also a Kleine Anfrage on record, like one the office registers (answers app).
        from answers.services import register_imported_answer

        register_imported_answer(document, parsed)

    def _project(self, entry: AnswerEntry, programme, action_fields, document) -> Project:
        span = (entry.source.start_line, entry.source.end_line)
        project = Project.objects.filter(code=entry.code).first()
        if project is None:
            project = Project.objects.create(
                programme=programme,
                code=entry.code,
                title=entry.title,
                slug=unique_project_slug(entry.code, entry.title),
                action_field=action_fields.get(entry.action_field or ""),
                pillar=Pillar.GOVERNMENT,
            )
            self.counts["project.created"] += 1
        elif self.is_newest_source(project, "title", document):
            values = {"title": entry.title}
            if entry.action_field in action_fields:
                values["action_field"] = action_fields[entry.action_field]
            self.upsert(Project, {"pk": project.pk}, values)
        self.record_provenance(project, "title", document, *span, entry.title)
        if entry.action_field:
            self.record_provenance(project, "action_field", document, *span, entry.action_field)
        return project

    def _local_reference(self, project: Project, municipality: Municipality, entry: AnswerEntry, document) -> None:
        span = (entry.source.start_line, entry.source.end_line)
        reference = LocalReference.objects.filter(project=project, municipality=municipality).first()
        values: dict = {}
        if (
            reference is None
            or self.is_newest_source(reference, "description", document)
            or reference.funding_basis != FundingBasis.EXACT
        ):
            values["description"] = entry.local_relation
        if entry.local_funding:
            # Several figures for one place are added up; the wording of each stays in funding_text.
            values["funding_eur"] = sum((f.amount_eur for f in entry.local_funding), Decimal(0))
            values["funding_qualifier"] = entry.local_funding[0].qualifier or ""
            values["funding_basis"] = FundingBasis.EXACT
            values["funding_text"] = " ".join(f.text for f in entry.local_funding)
        reference, _state = self.upsert(LocalReference, {"project": project, "municipality": municipality}, values)
        self.record_provenance(reference, "description", document, *span, entry.local_relation)
        if entry.local_funding:
            self.record_provenance(reference, "funding_eur", document, *span, values["funding_text"])
