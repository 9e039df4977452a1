"""The importers' hook for indicator suggestions: figures found in a project's text, kept for the office.

Called from `ProgressReportImporter` (per project page, without the funding and link sections)
and `ParliamentaryAnswerImporter` (per table row). The rows are upserted on (project, document,
line, wording), so a re-import leaves them, and any decision on them, as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from programmes.models import IndicatorSuggestion, Project
from sources.models import SourceDocument
from sources.parsers.indicators import find_indicator_candidates
from sources.parsers.text import split_lines


def suggest_indicators(
    importer,
    *,
    project: Project,
    document: SourceDocument,
    start_line: int,
    end_line: int,
    skip: Iterable[tuple[int, int]] = (),
    report_year: int | None = None,
) -> list[IndicatorSuggestion]:
    """Store the candidate values of lines start_line..end_line (1-based, inclusive) as suggestions."""
    if start_line <= 0 or end_line < start_line:
        return []
    lines = split_lines(document.text)[start_line - 1 : end_line]
    skipped = list(skip)
    for a, b in skipped:  # blank the skipped lines so that numbering stays intact
        for n in range(max(a, start_line), min(b, end_line) + 1):
            lines[n - start_line] = ""
    if report_year is None:
        report_year = document.year or (document.as_of.year if document.as_of else None)
    out = []
    for c in find_indicator_candidates(lines, first_line=start_line, report_year=report_year):
        suggestion, _state = importer.upsert(
            IndicatorSuggestion,
            {"project": project, "document": document, "start_line": c.start_line, "raw": c.raw[:300]},
            {
                "end_line": c.end_line,
                "sentence": c.sentence,
                "value": c.value,
                "qualifier": c.qualifier[:16],
                "unit": c.unit[:200],
                "kind": c.kind,
                "year": c.year,
                "month": c.month,
                "horizon": c.horizon,
                "date_text": c.date_text[:200],
            },
        )
        out.append(suggestion)
    return out
