"""Answer to a Kleine Anfrage → projects it names and their local references with the figures stated for the place."""

from __future__ import annotations

from decimal import Decimal

from places.gazetteer import Gazetteer
from places.models import FundingBasis, FundingKind, LocalReference, Municipality
from places.services import ensure_municipalities
from programmes.models import ActionField, Pillar, Project, SubProject
from programmes.services import ensure_reference_data, link_code_families, unique_project_slug
from sources.models import DocumentKind, SourceDocument
from sources.parsers.parliamentary_answer import parse_parliamentary_answer
from sources.parsers.results import AnswerEntry, LocalFunding, ParliamentaryAnswer

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
            kind, figures = _place_figures(entry.local_funding)
            if len(figures) < len(entry.local_funding):
                taken = str(FundingKind(kind).label) if kind else "ohne Angabe der Art"
                others = ", ".join(
                    f"{f.amount_eur} € ({f.kind_wording or 'ohne Angabe der Art'})"
                    for f in entry.local_funding
                    if f.kind != kind
                )
                self.warn(
                    entry.source.start_line,
                    f"Projekt {entry.code}: Beträge verschiedener Art für {municipality.name}; übernommen: {taken}; "
                    f"nicht addiert: {others} (Wortlaut in der Förderangabe).",
                )
            # Several figures of one kind for one place are added up; the wording of each stays in funding_text.
            values["funding_eur"] = sum((f.amount_eur for f in figures), Decimal(0))
            values["funding_qualifier"] = figures[0].qualifier or ""
            values["funding_basis"] = FundingBasis.EXACT
            values["funding_kind"] = kind
            values["funding_kind_wording"] = "; ".join(
                dict.fromkeys(f.kind_wording for f in figures if f.kind_wording)
            )[:120]
            values["funding_text"] = " ".join(dict.fromkeys(f.text for f in entry.local_funding))
        reference, _state = self.upsert(LocalReference, {"project": project, "municipality": municipality}, values)
        self.record_provenance(reference, "description", document, *span, entry.local_relation)
        if entry.local_funding:
            self.record_provenance(reference, "funding_eur", document, *span, values["funding_text"])


# Which figure stands for the money of a place when a document states several kinds for it: the granted
# amount (what the place gets), then paid (a part of it), an amount of unstated kind, the volume, and only
# then planned or applied-for money. Amounts of different kinds are never added up.
_KIND_PREFERENCE = ("granted", "paid", "", "volume", "state", "planned", "applied")


def _place_figures(funding: list[LocalFunding]) -> tuple[str, list[LocalFunding]]:
    kinds = {f.kind for f in funding}
    kind = next(k for k in _KIND_PREFERENCE if k in kinds)
    return kind, [f for f in funding if f.kind == kind]
