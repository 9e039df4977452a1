"""A published reporting period as a document: its reports become public registry data through the importer
machinery, like any progress report.

`reporting.services.publish_period` asks for it through `reporting.publishing.import_period`, where this app
registers `import_period` when Django starts (ImportersConfig.ready): the importers stand above the cycle. The
generated plain text becomes the SourceDocument (kind progress report, as of the cut-off). The
statements are written by `ProgressReportImporter.apply` – the same upserts, provenance rows and
status refresh as for an imported PDF – but from the period's data directly instead of from parsing
the text back: the editors' structured input (status, figures) is exact, and the line ranges come
from the text generator, which knows where it wrote each statement.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.utils import timezone

from places.models import FundingBasis, FundingKind, LocalReference, Municipality
from programmes import funding as funding_fields
from programmes.models import Indicator, IndicatorValue
from programmes.services import find_ministry
from reporting.documents.content import (
    HEADING_FUNDING,
    HEADING_LINKS,
    HEADING_MILESTONES,
    HEADING_RESPONSIBLE,
    ReportText,
    build_content,
)
from reporting.indicator_entries import DEFINITION_FIELDS, as_date, as_decimal
from reporting.indicator_entries import entry as indicator_entry
from sources.models import SourceDocument
from sources.parsers.results import (
    DocumentInfo,
    Funding,
    LineSpan,
    Milestone,
    MunicipalityMention,
    ProgressReport,
    ProjectPage,
    Section,
    StatusSummary,
    TocEntry,
)

from .progress_report import ProgressReportImporter, _sentence_naming


class PeriodImporter(ProgressReportImporter):
    """A progress report whose content comes from a reporting period rather than from a parser."""

    label = "Fortschrittsbericht aus dem Berichtswesen"
    suggests_indicators = False  # the period states its indicator values explicitly (below)

    def __init__(
        self,
        period,
        parsed: ProgressReport,
        reports: dict,
        indicator_lines: dict[str, list[int]],
        place_lines: dict[str, dict[str, int]] | None = None,
    ):
        super().__init__()
        self.period = period
        self.prepared = parsed
        self.reports = reports
        self.indicator_lines = indicator_lines
        self.place_lines = place_lines or {}

    # The period's content was entered and reviewed by people and is published by a permission-checked action:
    # the checks against misread documents (kind, structure, the confirmation threshold) are for parsed files.
    def check_text(self, text: str, filename: str) -> None:
        pass

    def check(self, parsed: ProgressReport, filename: str) -> None:
        pass

    def public_fields(self) -> dict:
        return {}

    def parse(self, text: str, filename: str) -> ProgressReport:
        return self.prepared

    def as_of(self, info: DocumentInfo) -> date | None:
        return self.period.cut_off

    def apply(self, parsed: ProgressReport, document: SourceDocument) -> None:
        super().apply(parsed, document)
        # Indicators are not part of a parsed report; the period states them explicitly, one entry per
        # line of the generated text (documents.content writes entry i on line i of the Kennzahlen block).
        text_lines = document.text.splitlines() if document.text else []
        for page in parsed.projects:
            report = self.reports[page.code]
            lines = self.indicator_lines.get(page.code, [])
            for i, raw in enumerate(report.indicators or []):
                line = lines[i] if i < len(lines) else page.source.start_line
                sentence = text_lines[line - 1].lstrip("- ").strip() if 0 < line <= len(text_lines) else ""
                self._apply_indicator(report, raw, document, line, sentence)

    def _places(self, project, page: ProjectPage, document: SourceDocument, municipalities) -> None:
        """The report's place rows become the registry's local references.

        As for an imported report, each place named is a reference with a "mention" of the line listing the
        places, and a place the report no longer names keeps its reference (the registry forgets nothing).
        Beyond a parsed report, a row says what happens there and may state an amount: both are written when
        this edition is the newest document stating them and cite the row's own line, which prints them.
        """
        rows = {r.get("ags"): r for r in self.reports[page.code].local_references or [] if r.get("ags")}
        detail_lines = self.place_lines.get(page.code, {})
        text_lines = document.text.splitlines() if document.text else []
        seen: set[str] = set()
        for mention in page.municipalities:
            municipality = municipalities.get(mention.ags)
            if municipality is None or mention.ags in seen:
                continue
            seen.add(mention.ags)
            row = rows.get(mention.ags, {})
            line = detail_lines.get(mention.ags)
            printed = text_lines[line - 1].lstrip("- ").strip() if line and 0 < line <= len(text_lines) else ""
            existing = LocalReference.objects.filter(project=project, municipality=municipality).first()
            values: dict = {}
            description = " ".join((row.get("description") or "").split())
            if (
                description
                and existing is not None
                and existing.description != description
                and self.is_newest_source(existing, "description", document)
            ):
                values["description"] = description
            amount = as_decimal(row.get("funding_eur"))
            if amount is not None and (existing is None or self.is_newest_source(existing, "funding_eur", document)):
                stated = {
                    "funding_eur": amount,
                    "funding_qualifier": (row.get("funding_qualifier") or "")[:16],
                    "funding_basis": row.get("funding_basis") or FundingBasis.EXACT,
                    "funding_kind": row.get("funding_kind") or "",
                }
                if existing is None or any(getattr(existing, k) != v for k, v in stated.items()):
                    # A new figure gets the report's wording; an unchanged one keeps the words it was stated in.
                    kind = stated["funding_kind"]
                    stated["funding_kind_wording"] = str(FundingKind(kind).label) if kind else ""
                    stated["funding_text"] = printed
                    values.update(stated)
            create_only = {
                "description": description or _sentence_naming(page, mention),
                "funding_basis": FundingBasis.UNKNOWN,
            }
            reference, _state = self.upsert(
                LocalReference,
                {"project": project, "municipality": municipality},
                values,
                create_only={k: v for k, v in create_only.items() if k not in values},
            )
            self.record_provenance(reference, "mention", document, mention.line, mention.line, mention.context)
            if line and description:
                self.record_provenance(reference, "description", document, line, line, description)
            if line and amount is not None and reference.funding_eur == amount:
                self.record_provenance(reference, "funding_eur", document, line, line, printed)

    def _apply_indicator(self, report, raw: dict, document: SourceDocument, line: int, sentence: str) -> None:
        item = indicator_entry(raw)
        if not item["name"]:
            return
        # Only what the entry states overwrites the registry: entries of older periods carry no target,
        # and a target the office confirmed from another document must not be wiped by their silence.
        stated = {}
        for name in DEFINITION_FIELDS[1:]:
            if name not in raw:
                continue
            value = item[name]
            if name in ("baseline", "target"):
                value = as_decimal(value)
            elif name in ("baseline_date", "target_date"):
                value = as_date(value)
            elif name == "unit":
                value = (value or "")[:50]
            elif name == "target_qualifier":
                value = (value or "")[:16]
            if value is None and name in ("baseline", "target", "baseline_date", "target_date"):
                continue
            stated[name] = value
        indicator, _state = self.upsert(Indicator, {"project": report.project, "name": item["name"][:300]}, stated)
        for name in ("target", "baseline"):
            if stated.get(name) is not None:
                self.record_provenance(indicator, name, document, line, line, stated[name])
        value = as_decimal(item["value"])
        if value is None:
            return
        self.upsert(
            IndicatorValue,
            {"indicator": indicator, "document": document},
            {
                "value": value,
                "qualifier": (item["qualifier"] or "")[:16],
                "as_of": as_date(item["as_of"]) or self.period.cut_off,
                "sentence": sentence or item["sentence"] or "",
                "start_line": line,
                "end_line": line,
            },
        )


def import_period(period, *, acting_user) -> SourceDocument:
    """Generate the text of a (to be) published period and import it. Returns the new SourceDocument."""
    content = build_content(period, draft=False)
    result = ReportText(content).render_with_lines()
    reports = {r.project.code: r for r in period.reports.select_related("project", "project__ministry", "action_field")}
    parsed = build_parsed_report(period, content, result, reports)
    filename = f"{period.slug}.txt"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / filename
        path.write_text(result.text, encoding="utf-8")
        indicator_lines = {code: lines.indicators for code, lines in result.pages.items()}
        place_lines = {code: lines.place_lines for code, lines in result.pages.items()}
        outcome = PeriodImporter(period, parsed, reports, indicator_lines, place_lines).run(
            path, acting_user=acting_user
        )
    return outcome.document


def build_parsed_report(period, content, result, reports) -> ProgressReport:
    counts = {row["key"]: row["count"] for row in content.counts}
    summary = StatusSummary(
        completed=counts.get("completed", 0),
        in_progress=counts.get("in_progress", 0),
        not_pursued=counts.get("not_pursued", 0),
        continued=counts.get("continued", 0),
        total=content.total,
        reported=len(reports),
        source=LineSpan(*result.overview),
    )
    text_lines = result.text.splitlines()
    municipalities = {m.name: m for m in Municipality.objects.all()}
    toc, pages = [], []
    for group in content.groups:
        for entry in group.entries:
            report = reports[entry.code]
            lines = result.pages[entry.code]
            toc.append(TocEntry(entry.code, entry.title, group.name, None, lines.start))
            pages.append(_page(report, entry, group.name, lines, text_lines, municipalities))
    return ProgressReport(
        document=DocumentInfo(
            kind="progress_report",
            title=period.title,
            date=timezone.localdate(),  # the day this edition is published
            year=period.cut_off.year,
            line_count=len(text_lines),
        ),
        summary=summary,
        toc=toc,
        projects=pages,
    )


def _page(report, entry, action_field: str, lines, text_lines, municipalities) -> ProjectPage:
    responsible = report.responsible
    stated = find_ministry(responsible) if responsible else None
    if report.project.ministry is not None and (stated is None or stated.pk != report.project.ministry_id):
        # The registry's ministry decides who edits the project; a free-text line must never move it.
        responsible = report.project.ministry.name
    sections: dict[str, Section] = {}
    if "summary" in lines.sections:
        sections["summary"] = Section("summary", "", entry.summary, *lines.sections["summary"])
    if lines.responsible:
        sections["responsible"] = Section(
            "responsible", HEADING_RESPONSIBLE.rstrip(":"), report.responsible, lines.responsible, lines.responsible
        )
    if lines.milestones:
        block = "\n".join(text_lines[lines.milestones[0] - 3 : lines.milestones[-1]]).strip()
        sections["milestones"] = Section(
            "milestones", HEADING_MILESTONES, block, lines.milestones[0] - 2, lines.milestones[-1]
        )
    for section in entry.sections:
        sections[section.key] = Section(section.key, section.heading, section.text, *lines.sections[section.key])
    if entry.funding_text or entry.funding_figures:
        stated_text = entry.funding_text or "\n".join(entry.funding_figures)
        sections["funding"] = Section("funding", HEADING_FUNDING, stated_text, *lines.funding)
    if entry.links:
        sections["links"] = Section("links", HEADING_LINKS, "\n".join(entry.links), *lines.links)

    funding = None
    if entry.funding_text or entry.funding_figures:
        stated = funding_fields.from_draft(report)
        # Figures without a wording are published too; their printed lines are then the wording.
        stated["text"] = " ".join(stated["text"].split()) or "; ".join(entry.funding_figures)
        # The parser's Funding says None where nothing qualifies a figure; the model keeps "".
        stated.update({f.name: stated[f.name] or None for f in funding_fields.FUNDING_FIELDS if f.kind == "qualifier"})
        funding = Funding(**stated, start_line=lines.funding[0], end_line=lines.funding[1])
    milestones = [
        Milestone(
            year=int(m["year"]),
            text=m.get("text", ""),
            line=line,
            year_end=m.get("year_end"),
            month=m.get("month"),
            day=m.get("day"),
            subproject=m.get("subproject", ""),
        )
        for m, line in zip(report.milestones or [], lines.milestones, strict=False)
        if str(m.get("year", "")).isdigit()
    ]
    mentions = []
    for ref in report.local_references or []:
        municipality = municipalities.get(ref.get("name"))
        ags = ref.get("ags") or (municipality.ags if municipality else "")
        if ags:
            mentions.append(
                MunicipalityMention(
                    ags=ags,
                    name=ref.get("name", ""),
                    line=lines.places or lines.start,
                    context=ref.get("description") or text_lines[(lines.places or lines.start) - 1],
                )
            )
    page = ProjectPage(
        code=report.project.code,
        title=report.title,
        action_field=action_field if report.action_field_id else None,
        ministry=responsible or None,
        status=report.status or None,
        status_basis=f"Projektstatus laut {report.period.title}",
        milestones=milestones,
        funding=funding,
        sections=sections,
        municipalities=mentions,
        subprojects=sorted({m.subproject for m in milestones if m.subproject}),
        links=list(entry.links),
        source=LineSpan(lines.start, lines.end),
    )
    return page
