"""The whole document: title, year and publication date, and the order of the reading steps (table of
contents, overview, pages, alignment, results, checks), one mixin per step over the shared reading state.
"""

from __future__ import annotations

import re
from datetime import date

from ..numbers import german_date
from ..results import DocumentInfo, ProgressReport, StatusSummary
from ..vocabulary import fold
from .alignment import AlignmentReading
from .funding import FundingReading
from .lines import GazetteerLike, _plain
from .milestones import MilestoneReading
from .overview import OverviewReading
from .pages import PageReading
from .project import ProjectReading
from .toc import _TOC_HEADINGS, TocReading, _Titles


def parse_progress_report(text: str, *, gazetteer: GazetteerLike | None = None, filename: str = "") -> ProgressReport:
    """Read a progress report. Raises ValueError (German) only if the text is clearly no progress report."""
    return _ReportParser(text, gazetteer, filename).parse()


_PUBLISHED = re.compile(
    r"^(?:(?:Veröffentlicht|Herausgegeben|Erschienen|Redaktionsschluss|Stand)(?:\s+(?:am|im))?\s*:?"
    r"|Düsseldorf,(?:\s+(?:den|im))?)\s*(?P<when>\S.*)$",
    re.IGNORECASE,
)


class _ReportParser(
    TocReading, OverviewReading, PageReading, MilestoneReading, FundingReading, AlignmentReading, ProjectReading
):
    """One reading of one report; each step is a mixin over the shared state (lines._Reading)."""

    def parse(self) -> ProgressReport:
        document = self._document_info()
        self.document_title = document.title
        if not self.text.strip():
            self.warn(None, "Der Text ist leer; es wurden keine Projektseiten gelesen.")
            return ProgressReport(document, StatusSummary(), [], [], self.warnings)

        toc = self._table_of_contents()
        entries = toc.entries if toc else []
        titles = _Titles(entries)
        area_start, area_end = self._project_area(toc)
        lines = self._classify(area_start, area_end, titles)
        drafts = self._drafts(lines)
        if not entries and not drafts:
            raise ValueError(
                "Der Text ist kein Fortschrittsbericht: weder ein Inhaltsverzeichnis mit Projektnummern "
                "noch Projektseiten mit Abschnitten wie „Verantwortlich“ oder „Projektvolumen“ gefunden."
            )
        if not entries:
            self.warn(None, "Kein Inhaltsverzeichnis mit Projektnummern gefunden; die Seiten bleiben ohne Nummer.")

        overview_end = area_start if area_start > (toc.end if toc else 0) else (drafts[0].start - 1 if drafts else 0)
        summary = self._status_summary(toc.end if toc else 0, overview_end)

        for draft in drafts:
            self._analyse(draft)
        assignment = self._align(drafts, entries)
        projects = [self._project(draft, entries, index) for draft, index in zip(drafts, assignment, strict=True)]
        self._check_counts(summary, projects, entries, assignment)
        return ProgressReport(document, summary, entries, projects, self.warnings)

    def _document_info(self) -> DocumentInfo:
        title, year = "", None
        for index, text in enumerate(self.cleaned[:300]):
            if not re.match(r"^(?:Ruhr-Konferenz\s*[–-]?\s*)?Fortschrittsbericht\b", text) or len(text) > 100:
                continue
            title = _plain(text)
            if m := re.search(r"\b((?:19|20)\d{2})\b", text):
                year = int(m.group(1))
            else:
                following = next((t for t in self.cleaned[index + 1 : index + 4] if t), "")
                if re.fullmatch(r"(?:19|20)\d{2}", following):
                    year = int(following)
                    title = f"{title} {following}"
            break
        if year is None and (m := re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", self.filename)):
            year = int(m.group(1))
        if not title:
            title = f"Fortschrittsbericht {year}" if year else "Fortschrittsbericht"
        line_count = len(self.raw_lines) if self.text else 0
        published, line = self._publication_date()
        return DocumentInfo(
            kind="progress_report", title=title, date=published, year=year, line_count=line_count, date_line=line
        )

    def _publication_date(self) -> tuple[date | None, int | None]:
        """The date the document says it was published ("Stand: 26.11.2025", "Düsseldorf, im November 2025").

        Only the title pages (before the table of contents) and the imprint are read: inside the project
        pages a "Stand" dates a figure, not the document. A month without a day is its first day.
        Returns the date and its (1-based) line, or (None, None): no date is better than a guessed one.
        """
        cleaned = self.cleaned
        toc = next((i for i, t in enumerate(cleaned) if fold(t) in _TOC_HEADINGS), min(len(cleaned), 40))
        imprint = max((i for i, t in enumerate(cleaned) if fold(t) == "impressum"), default=len(cleaned))
        for index in [*range(toc), *range(imprint, len(cleaned))]:
            if match := _PUBLISHED.search(cleaned[index]):
                found = german_date(match["when"])
                if found is not None:
                    return found, index + 1
        return None, None
