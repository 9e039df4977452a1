"""Fortschrittsbericht → projects, status records, milestones, funding, sections, places."""

from __future__ import annotations

import re
from datetime import date

from organisations.services import ensure_organisations, known_names, record_roles
from places.gazetteer import Gazetteer
from places.models import FundingBasis, LocalReference, Municipality
from places.services import ensure_municipalities
from programmes import funding
from programmes.models import (
    ActionField,
    FundingStatement,
    Milestone,
    Pillar,
    Project,
    ProjectSection,
    StatusRecord,
    SubProject,
)
from programmes.services import (
    ensure_reference_data,
    link_code_families,
    refresh_status,
    resolve_ministry,
    unique_project_slug,
)
from sources.models import DocumentKind, SourceDocument
from sources.parsers.checks import check_progress_report
from sources.parsers.progress_report import parse_progress_report
from sources.parsers.results import DocumentInfo, MunicipalityMention, ProgressReport, ProjectPage
from sources.parsers.text import split_sentences

from .base import DocumentImporter
from .indicators import suggest_indicators

# "Foto: TalentMetropole Ruhr, Gelsenkirchen" says where a photographer or author sits, not where the project acts.
_CREDIT = re.compile(r"^\s*(?:Fotos?|Grafik|Abbildung|Quelle|Bild)\s*:", re.IGNORECASE)

MILESTONE_FIELDS = ("position", "year", "year_end", "month", "day", "text", "subproject", "start_line", "end_line")


class ProgressReportImporter(DocumentImporter):
    kind = DocumentKind.PROGRESS_REPORT
    label = "Fortschrittsbericht"
    suggests_indicators = True  # figures in the text become suggestions for the office

    def parse(self, text: str, filename: str) -> ProgressReport:
        return parse_progress_report(text, gazetteer=Gazetteer.default(), filename=filename)

    def check(self, parsed: ProgressReport, filename: str) -> None:
        check_progress_report(parsed, filename)

    def public_fields(self) -> dict[tuple[str, str, str], str]:
        fields = ("title", "ministry__name", "action_field__name", "status")
        return {
            ("Projekt", row[0], name): str(value or "")
            for row in Project.objects.values_list("code", *fields)
            for name, value in zip(fields, row[1:], strict=True)
        }

    def as_of(self, info: DocumentInfo) -> date | None:
        # A report "für 2024" describes the state at the end of that year, however late it was published
        # (the 2024 report appeared in November 2025): its publication date orders nothing.
        if info.year:
            return date(info.year, 12, 31)
        return info.date

    def apply(self, parsed: ProgressReport, document: SourceDocument) -> None:
        programme = ensure_reference_data()
        ensure_municipalities()
        document.summary = parsed.summary.to_dict()
        document.save(update_fields=["summary"])
        action_fields = {af.name: af for af in ActionField.objects.filter(programme=programme)}
        municipalities = {m.ags: m for m in Municipality.objects.all()}
        ensure_organisations(acting_user=self.acting_user)
        organisation_names = known_names()
        for page in parsed.projects:
            if not page.code:
                self.warn(page.source.start_line, f"Projektseite „{page.title}“ ohne Projektnummer übersprungen.")
                continue
            project = self._project(page, programme, action_fields, document)
            self._status(project, page, document)
            self._milestones(project, page, document)
            self._funding(project, page, document)
            self._sections(project, page, document)
            for name in page.subprojects:
                self.upsert(SubProject, {"project": project, "name": name}, {})
            self._places(project, page, document, municipalities)
            if self.suggests_indicators:
                self._indicator_suggestions(project, page, document, parsed.document.year)
            record_roles(
                self,
                project=project,
                document=document,
                start_line=page.source.start_line,
                end_line=page.source.end_line,
                names=organisation_names,
            )
        link_code_families(programme)

    def _project(self, page: ProjectPage, programme, action_fields, document) -> Project:
        span = (page.source.start_line, page.source.end_line)
        values: dict = {}
        project = Project.objects.filter(code=page.code).first()
        newest = project is None or self.is_newest_source(project, "title", document)
        if newest:
            values["title"] = page.title
            if page.action_field in action_fields:
                values["action_field"] = action_fields[page.action_field]
            summary = page.sections.get("summary")
            if summary:
                values["summary"] = summary.text
            if page.links:
                values["links"] = page.links
        if page.ministry and (project is None or self.is_newest_source(project, "ministry", document)):
            ministry, created = resolve_ministry(page.ministry)
            if created:
                self.warn(
                    span[0],
                    f"Ressort „{page.ministry}“ war unbekannt und wurde neu angelegt ({ministry.abbreviation}).",
                )
            values["ministry"] = ministry
        if project is None:
            values.setdefault("title", page.title)
            project = Project.objects.create(
                programme=programme,
                code=page.code,
                pillar=Pillar.GOVERNMENT,
                slug=unique_project_slug(page.code, page.title),
                **values,
            )
            self.counts["project.created"] += 1
        else:
            project, _state = self.upsert(Project, {"pk": project.pk}, values)
        self.record_provenance(project, "title", document, *span, page.title)
        if page.action_field:
            self.record_provenance(project, "action_field", document, *span, page.action_field)
        if page.ministry:
            self.record_provenance(project, "ministry", document, *span, page.ministry)
        return project

    def _status(self, project: Project, page: ProjectPage, document) -> None:
        if not page.status:
            return
        self.upsert(
            StatusRecord,
            {"project": project, "document": document},
            {
                "status": page.status,
                "wording": page.status_basis[:300],
                "basis": page.status_basis[:300],
                "start_line": page.source.start_line,
                "end_line": page.source.end_line,
            },
        )
        refresh_status(project)

    def _milestones(self, project: Project, page: ProjectPage, document) -> None:
        wanted = [
            {
                "position": i,
                "year": m.year,
                "year_end": m.year_end,
                "month": m.month,
                "day": m.day,
                "text": m.text,
                "subproject": m.subproject,
                "start_line": m.line,
                "end_line": m.line,
            }
            for i, m in enumerate(page.milestones, start=1)
        ]
        existing = Milestone.objects.filter(project=project, document=document)
        have = [{k: getattr(m, k) for k in MILESTONE_FIELDS} for m in existing.order_by("position")]
        if have == wanted:
            self.counts["milestone.unchanged"] += len(wanted)
            return
        existing.delete()
        Milestone.objects.bulk_create(Milestone(project=project, document=document, **w) for w in wanted)
        self.counts["milestone.created"] += len(wanted)

    def _funding(self, project: Project, page: ProjectPage, document) -> None:
        f = page.funding
        if f is None:
            self.warn(page.source.start_line, f"{project.code}: keine Angabe zum Projektvolumen gefunden.")
            return
        self.upsert(
            FundingStatement,
            {"project": project, "document": document},
            {**funding.from_parsed(f), "start_line": f.start_line, "end_line": f.end_line},
        )

    def _sections(self, project: Project, page: ProjectPage, document) -> None:
        for position, (key, section) in enumerate(page.sections.items(), start=1):
            self.upsert(
                ProjectSection,
                {"project": project, "document": document, "key": key},
                {
                    "heading": section.heading,
                    "text": section.text,
                    "position": position,
                    "start_line": section.start_line,
                    "end_line": section.end_line,
                },
            )
        stale = ProjectSection.objects.filter(project=project, document=document).exclude(key__in=list(page.sections))
        self.counts["projectsection.deleted"] += stale.delete()[0]

    def _indicator_suggestions(self, project: Project, page: ProjectPage, document, year: int | None) -> None:
        # The funding statement is covered by FundingStatement; links carry no figures of effect.
        skip = [(s.start_line, s.end_line) for key, s in page.sections.items() if key in ("funding", "links")]
        if page.funding is not None:
            skip.append((page.funding.start_line, page.funding.end_line))
        suggest_indicators(
            self,
            project=project,
            document=document,
            start_line=page.source.start_line,
            end_line=page.source.end_line,
            skip=skip,
            report_year=year,
        )

    def _places(self, project: Project, page: ProjectPage, document, municipalities) -> None:
        seen: set[str] = set()
        for mention in page.municipalities:
            municipality = municipalities.get(mention.ags)
            if municipality is None or mention.ags in seen or _CREDIT.match(mention.context):
                continue
            seen.add(mention.ags)
            reference, _state = self.upsert(
                LocalReference,
                {"project": project, "municipality": municipality},
                {},
                create_only={"description": _sentence_naming(page, mention), "funding_basis": FundingBasis.UNKNOWN},
            )
            self.record_provenance(reference, "mention", document, mention.line, mention.line, mention.context)


def _sentence_naming(page: ProjectPage, mention: MunicipalityMention) -> str:
    """What the page says happens in a place: the whole sentence that names it, not the broken PDF line.

    Falls back to the line itself (without markup) when no sentence of the
    sections or milestones contains the place's name, e.g. a caption.
    """
    skipped = {"milestones", "responsible", "funding", "links"}  # lists and headings, not prose about a place
    milestones = [f"{m.year}: {m.subproject + ': ' if m.subproject else ''}{m.text}" for m in page.milestones]
    texts = [s.text for key, s in page.sections.items() if key not in skipped] + milestones
    stem = mention.name.split(" ")[0].split("(")[0]
    for text in texts:
        for paragraph in text.split("\n"):  # bullets and paragraphs stay apart
            for sentence in split_sentences(" ".join(paragraph.split())):
                if stem in sentence:
                    return sentence.lstrip("- ").strip()
    return mention.context.replace("**", "").strip()
