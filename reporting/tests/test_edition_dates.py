"""An edition's publication date is always traceable: stated by the document itself (with its line), stated by
another document (the cabinet's press release), or stated nowhere and then shown as not stated, never guessed."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.actors import SYSTEM
from alerts.changes import changes
from conftest import PRESS_RELEASE_2025, REPORT_2024
from importers import PressReleaseImporter, ProgressReportImporter
from reporting.from_document import create_period_from_document
from sources.models import DocumentKind, Provenance, SourceDocument
from sources.parsers.numbers import german_date
from sources.parsers.progress_report import parse_progress_report

NOT_STATED = "Veröffentlichungsdatum nicht angegeben"


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


def _with_stated_date(text: str) -> str:
    lines = text.splitlines()
    title = lines.index("Fortschrittsbericht 2024")
    return "\n".join([*lines[: title + 1], "", "Stand: 26. November 2025", *lines[title + 1 :]])


def test_the_parser_reads_the_date_and_its_line_from_the_title_page_or_imprint_only(report_path):
    text = report_path.read_text(encoding="utf-8")
    # The 2024 report states no date of its own; a "(Stand: 03.04.2025)" inside a project page dates a figure.
    info = parse_progress_report(text, filename=report_path.name).document
    assert (info.date, info.date_line) == (None, None)

    stated = _with_stated_date(text)
    info = parse_progress_report(stated, filename=report_path.name).document
    assert info.date == date(2025, 11, 26)
    assert stated.splitlines()[info.date_line - 1] == "Stand: 26. November 2025"

    in_imprint = text.replace("Herausgeber\n", "Herausgeber\n\nDüsseldorf, im November 2025\n", 1)
    info = parse_progress_report(in_imprint, filename=report_path.name).document
    assert info.date == date(2025, 11, 1)
    assert in_imprint.splitlines()[info.date_line - 1] == "Düsseldorf, im November 2025"


def _period_page(client, period) -> str:
    return client.get(reverse("reporting:period", args=[period.slug])).content.decode()


# -- stated nowhere --------------------------------------------------------------------------------------------


def test_an_edition_whose_date_nobody_states_has_none_and_says_so(db, client):
    ProgressReportImporter().run(REPORT_2024)
    document = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT, year=2024)
    assert (document.date, document.date_source, document.as_of) == (None, None, date(2024, 12, 31))

    period, _created = create_period_from_document(document, acting_user=SYSTEM)
    # Neither its as-of (31.12.2024) nor the import day is a publication date.
    assert period.published_at is None and period.publication_date is None
    assert set(period.reports.values_list("published_at", flat=True)) == {None}

    page = _period_page(client, period)
    assert NOT_STATED in page and "Veröffentlicht am" not in page
    assert NOT_STATED in client.get(reverse("portal:reports")).content.decode()
    assert NOT_STATED in client.get(reverse("portal:source", args=[document.pk])).content.decode()
    api = client.get(reverse("api:v1:document", args=[document.pk])).json()
    assert (api["date"], api["date_source"]) == (None, None)
    assert "dct:issued" not in client.get(reverse("opendata:catalog_ttl")).content.decode()

    # The press release, imported later, dates the edition that was made before it.
    result = PressReleaseImporter().run(PRESS_RELEASE_2025)
    assert result.counts["publication_date.stated"] == 1
    period.refresh_from_db()
    assert period.publication_date == date(2025, 11, 26)
    assert timezone.localtime(period.published_at).date() == date(2025, 11, 26)
    assert {timezone.localtime(at).date() for at in period.reports.values_list("published_at", flat=True)} == {
        date(2025, 11, 26)
    }
    assert "laut Pressemitteilung vom 26.11.2025" in _period_page(client, period)


# -- stated by the document itself -------------------------------------------------------------------------------


def test_a_date_the_report_states_is_its_date_with_its_line_and_a_press_release_does_not_override_it(
    db, client, tmp_path
):
    path = tmp_path / "fortschrittsbericht-2024.txt"
    path.write_text(_with_stated_date(REPORT_2024.read_text(encoding="utf-8")), encoding="utf-8")
    ProgressReportImporter().run(path)
    document = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT, year=2024)
    assert (document.date, document.date_source) == (date(2025, 11, 26), document)
    line = document.date_provenance()
    assert (line.document, line.value) == (document, "26.11.2025")
    assert document.lines(line.start_line, line.end_line)[0][1] == "Stand: 26. November 2025"

    period, _created = create_period_from_document(document, acting_user=SYSTEM)
    assert timezone.localtime(period.published_at).date() == date(2025, 11, 26)
    page = _period_page(client, period)
    assert "Veröffentlicht am" in page and "26.11.2025" in page and "laut Pressemitteilung" not in page

    # A release naming another day is read, but what the report says of itself stands.
    text = PRESS_RELEASE_2025.read_text(encoding="utf-8").replace("26.11.2025", "27.11.2025", 1)
    other = tmp_path / "pressemitteilung.txt"
    other.write_text(text, encoding="utf-8")
    result = PressReleaseImporter().run(other)
    assert result.counts["publication_date.kept"] == 1
    assert any("nennt selbst den 26.11.2025" in w.message for w in result.warnings)
    document.refresh_from_db()
    assert (document.date, document.date_source) == (date(2025, 11, 26), document)


# -- stated by the press release (the shipped data) --------------------------------------------------------------


def test_the_shipped_2024_edition_is_dated_by_the_press_release_with_its_lines(imported, client):
    document = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT, year=2024)
    release = SourceDocument.objects.get(kind=DocumentKind.PRESS_RELEASE)
    assert document.imported_at.date() == timezone.localdate()  # installed today, published long before
    assert (document.date, document.date_source, document.as_of) == (date(2025, 11, 26), release, date(2024, 12, 31))
    assert (release.date, release.date_source) == (date(2025, 11, 26), release)

    line = document.date_provenance()
    assert (line.document, line.start_line, line.end_line, line.value) == (release, 5, 9, "26.11.2025")
    stated = dict(release.lines(line.start_line, line.end_line))
    assert stated[5] == "26.11.2025"
    assert stated[9].startswith("Das Landeskabinett hat den vierten Fortschrittsbericht der Ruhr-Konferenz beschlossen")

    period, _created = create_period_from_document(document, acting_user=SYSTEM)
    assert period.publication_date == date(2025, 11, 26)
    assert timezone.localtime(period.published_at).date() == date(2025, 11, 26)
    assert period.cut_off == date(2024, 12, 31)

    # Every place that shows or exports the date reads the same field and names who states it.
    page = _period_page(client, period)
    assert "Veröffentlicht am" in page and "26.11.2025" in page
    assert "laut Pressemitteilung vom 26.11.2025" in page and "31.12.2024" in page  # the Stand, not the date
    listing = client.get(reverse("reporting:periods")).content.decode()
    assert "laut Pressemitteilung vom 26.11.2025" in listing
    reports = client.get(reverse("portal:reports")).content.decode()
    assert "26. November 2025" in reports and "laut Pressemitteilung vom 26.11.2025" in reports
    source = client.get(reverse("portal:source", args=[document.pk])).content.decode()
    assert "laut Pressemitteilung vom 26.11.2025" in source
    assert f"/quellen/{release.pk}/?von=5&amp;bis=9#L5" in source

    api = client.get(reverse("api:v1:document", args=[document.pk])).json()
    assert api["date"] == "2025-11-26"
    assert (api["date_source"]["document_id"], api["date_source"]["start_line"]) == (release.pk, 5)
    periods = client.get(reverse("api:v1:reporting_periods")).json()
    assert [p["publication_date"] for p in periods] == ["2025-11-26"]

    catalog = client.get(reverse("opendata:catalog_ttl")).content.decode()
    assert '"2025-11-26"^^xsd:date' in catalog
    assert f'"{timezone.localdate().isoformat()}"^^xsd:date' not in catalog

    # Feeds, alerts and /api/v1/changes announce the edition with the same words.
    announced = next(c for c in changes(limit=500) if c.id == f"document-{document.pk}")
    assert "veröffentlicht am 26.11.2025 (laut Pressemitteilung vom 26.11.2025)" in announced.text


def test_the_period_command_prints_the_date_and_its_source(imported, capsys):
    call_command("create_period_from_document", str(REPORT_2024), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    release = SourceDocument.objects.get(kind=DocumentKind.PRESS_RELEASE)
    assert (data["publication_date"], data["publication_date_source_id"]) == ("2025-11-26", release.pk)


def test_the_press_release_is_provenance_not_a_second_date_field(imported):
    document = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT, year=2024)
    rows = Provenance.objects.for_record(document).filter(field="date")
    assert [(r.document.kind, r.value) for r in rows] == [(DocumentKind.PRESS_RELEASE, "26.11.2025")]


def test_an_installation_with_an_invented_date_is_corrected_by_the_migration(imported):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("reporting.migrations.0005_forget_invented_edition_dates")
    document = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT, year=2024)
    period, _created = create_period_from_document(document, acting_user=SYSTEM)
    invented = timezone.make_aware(timezone.datetime(2024, 12, 31, 12))
    type(period).objects.filter(pk=period.pk).update(published_at=invented)
    period.reports.update(published_at=invented)

    migration.forget_invented_dates(apps, None)
    period.refresh_from_db()
    assert timezone.localtime(period.published_at).date() == date(2025, 11, 26)
    assert {timezone.localtime(at).date() for at in period.reports.values_list("published_at", flat=True)} == {
        date(2025, 11, 26)
    }
