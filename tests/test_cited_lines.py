"""Every figure that cites a line contains it: project pages, the API's project detail and the funding download.

Walked for the shipped data (the imported 2024 report), after a published cycle in which an editor entered new
figures, and after a correction of the office. German forms count: "1.890.000 €", "1,89 Mio. Euro", "90 %",
"90 Prozent", "30.06.2025" (sources/parsers/figures.py).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from programmes import funding
from programmes.models import FundingStatement, Ministry, Project
from programmes.services import correct_funding_statement
from reporting import services
from reporting.from_document import create_period_from_document
from sources.models import DocumentKind, SourceDocument
from sources.parsers.figures import AMOUNT, DATE, PERCENT, contains_figure

KIND = {funding.AMOUNT: AMOUNT, funding.PERCENT: PERCENT, funding.DATE: DATE}
CITED_FIELDS = [f for f in funding.FUNDING_FIELDS if f.kind in KIND]


def _cited(document_id: int, start: int, end: int) -> str:
    document = SourceDocument.objects.get(pk=document_id)
    return " ".join(text for _n, text in document.lines(start, end))


def _missing(where: str, values: dict[str, Any], document_id: int, start: int, end: int) -> list[str]:
    text = _cited(document_id, start, end)
    problems = []
    for f in CITED_FIELDS:
        value = values.get(f.name)
        if value is None:
            continue
        if f.kind == funding.DATE and isinstance(value, str):
            value = date.fromisoformat(value)
        elif isinstance(value, float):
            value = Decimal(str(value))
        if not contains_figure(text, value, KIND[f.kind]):
            problems.append(f"{where}: {f.name}={value} fehlt in Dokument {document_id}, Zeile {start}–{end}: {text!r}")
    return problems


def cited_figures_not_in_their_lines() -> list[str]:
    client = Client()
    problems: list[str] = []
    for project in Project.objects.published().order_by("code"):
        page = client.get(project.get_absolute_url())
        statement = page.context["funding"]
        if statement is not None:
            values = {f.name: getattr(statement, f.name) for f in CITED_FIELDS}
            problems += _missing(
                f"Projektseite {project.code}", values, statement.document_id, statement.start_line, statement.end_line
            )
        detail = client.get(f"/api/v1/projects/{project.code}").json()
        for item in detail["funding_history"]:
            source = item["source"]
            problems += _missing(
                f"API {project.code}", item, source["document_id"], source["start_line"], source["end_line"]
            )
    for row in client.get("/daten/download/funding-statements.json").json()["items"]:
        problems += _missing(f"Download {row['project']}", row, row["document_id"], row["start_line"], row["end_line"])
    for row in client.get("/daten/download/projects.json").json()["items"]:
        if not row["funding_source"]:
            continue
        cited = re.fullmatch(r"Dok\. (\d+) Z\. (\d+)–(\d+)", row["funding_source"])
        assert cited, row["funding_source"]
        problems += _missing(f"Projektliste {row['code']}", row, *(int(n) for n in cited.groups()))
    return problems


def test_the_shipped_data_cites_lines_that_contain_its_figures(imported):
    assert FundingStatement.objects.exclude(spent_eur=None).exists()
    assert cited_figures_not_in_their_lines() == []


@pytest.mark.slow
def test_figures_entered_in_a_cycle_and_a_correction_cite_lines_that_contain_them(imported, people):
    document = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT, year=2024)
    create_period_from_document(document, acting_user=people.office)
    period = services.open_period(
        title="Fortschrittsbericht 2025", cut_off=date(2025, 12, 31), due=date(2099, 3, 31), acting_user=people.office
    )
    report = period.reports.get(project__code="13-03")
    entered = {
        "state_share_percent": Decimal("90"),
        "state_eur": Decimal("1890000"),
        "spent_eur": Decimal("1250000.50"),
        "spent_as_of": date(2025, 12, 31),
    }
    services.save_report(report, acting_user=people.office, data=entered, expected_version=report.version)
    for unowned in period.reports.without_ministry():  # publishing needs an owner for every project
        services.assign_ministry(unowned, ministry=Ministry.objects.order_by("pk").first(), acting_user=people.office)
    for report in period.reports.all():  # four-eyes
        services.approve_report(services.submit_report(report, acting_user=people.office), acting_user=people.reviewer)
    services.publish_period(period, acting_user=people.office)

    current = Project.objects.get(code="13-03").current_funding()
    assert current.document.title == "Fortschrittsbericht 2025"
    assert {name: getattr(current, name) for name in entered} == entered
    assert cited_figures_not_in_their_lines() == []
    cited = _cited(current.document_id, current.start_line, current.end_line)
    # The wording the ministry wrote stays, and every figure it holds is printed under it.
    assert "1,9 Millionen Euro bis zum 30.06.2025" in cited
    assert "Landesanteil: 90 %" in cited and "Landesmittel: 1.890.000 €" in cited
    assert "bisher verausgabt: 1.250.000,50 € (Stand 31.12.2025)" in cited

    correct_funding_statement(
        current, changes={"spent_eur": Decimal("1300000")}, reason="Nachmeldung", acting_user=people.office
    )
    assert cited_figures_not_in_their_lines() == []


def test_a_cited_line_without_the_figure_is_found():
    """The check itself: a figure its line does not state is reported, as the issue's example was."""
    assert contains_figure("2,1 Millionen Euro bis zum 31.12.2026", Decimal("2100000"), AMOUNT)
    assert contains_figure("1,89 Mio. Euro", Decimal("1890000"), AMOUNT)
    assert contains_figure("Landesanteil 90 Prozent", Decimal("90"), PERCENT)
    assert not contains_figure("2,1 Millionen Euro bis zum 31.12.2026", Decimal("1890000"), AMOUNT)
    assert not contains_figure("2,1 Millionen Euro bis zum 31.12.2026", Decimal("90"), PERCENT)
    assert not contains_figure("2,1 Millionen Euro bis zum 31.12.2026", Decimal("1250000.50"), AMOUNT)
    assert not contains_figure("1.250.000 €", Decimal("1250000.50"), AMOUNT)


def test_the_project_page_shows_each_figure_with_its_qualifier_and_stand_in_words(imported, client):
    html = client.get(Project.objects.get(code="03-01").get_absolute_url()).content.decode()
    # "1,1 Millionen Euro bis 30.06.2025 (davon über 500.000 Euro …) … jährlich rund 200.000 Euro"
    assert "1.100.000\u00a0€ (Stand 30.06.2025)" in html
    assert "mehr als 500.000\u00a0€" in html
    assert "rund 200.000\u00a0€" in html
    assert "approx" not in html and "more_than" not in html
