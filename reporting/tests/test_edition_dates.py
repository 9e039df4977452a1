"""An edition carries the publication date its document states, never the day it was installed."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from reporting.from_document import create_period_from_document
from sources.models import DocumentKind, SourceDocument
from sources.parsers.numbers import german_date
from sources.parsers.progress_report import parse_progress_report


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26.11.2025", date(2025, 11, 26)),
        ("26. November 2025", date(2025, 11, 26)),
        ("November 2025", date(2025, 11, 1)),
        ("30.06.205", None),  # misprinted: no date rather than a guess
        ("31. Februar 2025", None),
        ("Ende 2025", None),
    ],
)
def test_german_date(text, expected):
    assert german_date(text) == expected


def test_the_parser_reads_the_date_from_the_title_page_or_imprint_only(report_path):
    text = report_path.read_text(encoding="utf-8")
    # The 2024 report states no date of its own; a "(Stand: 03.04.2025)" inside a project page dates a figure.
    assert parse_progress_report(text, filename=report_path.name).document.date is None

    lines = text.splitlines()
    title = lines.index("Fortschrittsbericht 2024")
    stated = "\n".join([*lines[: title + 1], "", "Stand: 26. November 2025", *lines[title + 1 :]])
    assert parse_progress_report(stated, filename=report_path.name).document.date == date(2025, 11, 26)

    in_imprint = text.replace("Herausgeber\n", "Herausgeber\n\nDüsseldorf, im November 2025\n", 1)
    assert parse_progress_report(in_imprint, filename=report_path.name).document.date == date(2025, 11, 1)


def test_the_imported_2024_edition_is_published_on_its_stated_date_or_its_as_of(imported, client):
    document = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT, year=2024)
    # A report "für 2024" is as of the end of 2024, whatever else it states.
    assert document.as_of == date(2024, 12, 31)
    assert document.imported_at.date() == timezone.localdate()

    period, _created = create_period_from_document(document)
    assert timezone.localtime(period.published_at).date() == date(2024, 12, 31)
    assert {timezone.localtime(r.published_at).date() for r in period.reports.all()} == {date(2024, 12, 31)}


def test_a_stated_publication_date_wins_over_the_as_of(imported):
    document = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT, year=2024)
    document.date = date(2025, 11, 26)
    document.save(update_fields=["date"])
    period, _created = create_period_from_document(document)
    assert timezone.localtime(period.published_at).date() == date(2025, 11, 26)
    assert period.cut_off == date(2024, 12, 31)
