"""The programme overview: completed, on track, behind, not assessable — per action field and ministry."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from portal.overview import BEHIND_PLAN, ON_TRACK, UNASSESSED, categorise, programme_overview
from programmes.models import Indicator, IndicatorValue, Project, ProjectStatus

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 30)


def _indicator(project, document, *, value, target=Decimal(100)):
    indicator = Indicator.objects.create(
        project=project,
        name=f"Kennzahl {project.code}",
        unit="Personen",
        baseline=Decimal(0),
        baseline_date=date(2020, 1, 1),
        target=target,
        target_date=date(2030, 1, 1),
    )
    IndicatorValue.objects.create(
        indicator=indicator, document=document, value=Decimal(value), as_of=date(2025, 1, 1), start_line=1, end_line=1
    )


def test_projects_are_sorted_by_what_their_indicators_say(imported):
    projects = Project.objects.published()
    running = list(projects.filter(status=ProjectStatus.IN_PROGRESS).order_by("code")[:3])
    document = running[0].status_records.first().document
    _indicator(running[0], document, value=10)  # half-way in time, a tenth of the way: behind
    _indicator(running[1], document, value=90)  # ahead of the line: on track
    categories = categorise(projects, today=TODAY)
    assert categories[running[0].pk] == BEHIND_PLAN
    assert categories[running[1].pk] == ON_TRACK
    assert categories[running[2].pk] in (UNASSESSED, ON_TRACK, BEHIND_PLAN)
    completed = projects.filter(status=ProjectStatus.COMPLETED).first()
    assert categories[completed.pk] == ProjectStatus.COMPLETED

    overview = programme_overview(today=TODAY)
    matrix = overview.by_action_field
    assert matrix.total == len(categories) == projects.exclude(status="").count()
    assert sum(r.total for r in matrix.rows) == matrix.total
    assert sum(r.total for r in overview.by_ministry.rows) == matrix.total
    codes = [code for code, _label in matrix.statuses]
    assert matrix.totals[codes.index(ProjectStatus.COMPLETED)] == projects.filter(status="completed").count()
    assert matrix.totals[codes.index(BEHIND_PLAN)] >= 1


def test_page_shows_chart_and_the_same_figures_as_tables(client, imported):
    html = client.get("/programm/").content.decode()
    assert html.count('<figure class="rm-chart">') == 2
    assert 'id="handlungsfeld-tabelle"' in html and 'id="ressort-tabelle"' in html
    assert "in Umsetzung, ohne bewertbare Kennzahl" in html and "abgeschlossen" in html
    overview = programme_overview(today=TODAY)
    table = html.split('id="handlungsfeld-tabelle"')[1].split("</table>")[0]
    total_row = table.split("<tfoot")[1]
    numbers = [int(n) for n in re.findall(r"numeric\">(\d+)</td>", total_row)]
    assert numbers[-1] == overview.by_action_field.total
    assert '<th scope="col" class="kern-table__header">Ressort</th>' in html
    assert 'href="/programm/"' in client.get("/").content.decode()


def test_berichte_in_the_menu_leads_to_the_published_reports_as_pdf(client, imported):
    from io import StringIO

    from django.core.management import call_command

    from conftest import REPORT_2024

    html = client.get("/quellen/").content.decode()
    assert "Noch kein Fortschrittsbericht im Portal veröffentlicht" in html
    call_command("create_period_from_document", str(REPORT_2024), stdout=StringIO())
    html = client.get("/quellen/").content.decode()
    reports = html.split('id="fortschrittsberichte"')[1].split("</section>")[0]
    assert re.search(r'href="/berichte/[\w-]+/bericht\.pdf">PDF herunterladen', reports), reports
    assert "bericht.docx" in reports
    # the reports come before the source documents
    assert html.index('id="fortschrittsberichte"') < html.index('id="art-')
