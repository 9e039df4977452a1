"""Indicators in the portal: project page (chart, sentence, table with sources), /kennzahlen/, the office's at-risk list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from programmes.models import Indicator, IndicatorValue, Project
from programmes.progress import BEHIND, NOT_ASSESSABLE, ON_TRACK, REACHED, progress
from sources.models import SourceDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_reference(imported):
    call_command("load_indicator_reference", format="json")


def behind_indicator(project: Project) -> Indicator:
    document = SourceDocument.objects.get(filename="fortschrittsbericht-2024.txt")
    indicator = Indicator.objects.create(
        project=project,
        name="Ladepunkte gebaut",
        unit="Ladepunkte",
        baseline=Decimal(0),
        baseline_date=date(2020, 1, 1),
        target=Decimal(100),
        target_date=date(2026, 1, 1),
    )
    IndicatorValue.objects.create(
        indicator=indicator, document=document, value=Decimal(10), as_of=date(2024, 12, 31), start_line=5, end_line=5
    )
    return indicator


def test_project_page_shows_chart_sentence_and_sources(client, with_reference):
    project = Project.objects.get(code="15-01")
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Neue Forschungsprofessuren besetzt: 27 von mehr als 50 Professuren (Stand Ende 2024)" in html
    assert 'class="rm-ind-chart"' in html and "rm-ind-target" in html
    assert "mehr als 50" in html  # the target row of the data table
    assert "von=1164" in html and "von=1144" in html  # sources of target and value link to their lines
    assert " style=" not in html.split('id="kennzahlen"')[1].split("</section>")[0]


def test_time_series_and_target_only_indicators(client, with_reference):
    html = client.get(Project.objects.get(code="08-02").get_absolute_url()).content.decode()
    assert "rund 3.900" in html and "mehr als 5.000" in html
    assert "rm-ind-line" in html  # two values: a line
    html = client.get(Project.objects.get(code="14-02").get_absolute_url()).content.decode()
    assert "Ziel mindestens 25\u00a0% bis Ende 2040; noch kein Wert berichtet" in html


def test_programme_page_groups_by_action_field_and_hides_the_risk_list_from_the_public(client, with_reference):
    behind_indicator(Project.objects.get(code="13-03"))
    response = client.get("/kennzahlen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Beste Bildung – exzellente Forschung" in html
    assert "34 von 34 TalentWerkstätten" in html
    assert "Hinter dem Plan (nur für die Leitstelle)" not in html


def test_office_sees_indicators_behind_the_straight_line(client, with_reference):
    behind_indicator(Project.objects.get(code="13-03"))
    office = User.objects.create_user("leitstelle", "l@example.org", "pw-sehr-lang-123", role=Role.PROGRAMME_OFFICE)
    client.force_login(office)
    html = client.get("/kennzahlen/").content.decode()
    section = html.split('id="gefaehrdet"')[1].split("</section>")[0]
    assert "Ladepunkte gebaut" in section
    assert "kein Zieldatum genannt" in section  # the professorships: target without date


def test_unpublished_projects_indicators_never_show(client, with_reference, unpublished):
    behind_indicator(unpublished)
    office = User.objects.create_user("leitstelle", "l@example.org", "pw-sehr-lang-123", role=Role.PROGRAMME_OFFICE)
    client.force_login(office)
    html = client.get("/kennzahlen/").content.decode()
    assert "Ladepunkte gebaut" not in html and "99-99" not in html


@pytest.mark.parametrize(
    ("value", "today", "status"),
    [
        (Decimal(10), date(2024, 12, 31), BEHIND),  # line asks for 5/6 of the way, value is 10 %
        (Decimal(90), date(2024, 12, 31), ON_TRACK),  # line asks for about 83
        (Decimal(100), date(2024, 12, 31), REACHED),
        (Decimal(10), date(2020, 6, 1), ON_TRACK),
    ],
)
def test_straight_line_from_baseline_to_target(imported, value, today, status):
    indicator = behind_indicator(Project.objects.get(code="13-03"))
    indicator.values.update(value=value)
    assert progress(Indicator.objects.with_values().get(pk=indicator.pk), today=today).status == status


def test_without_target_date_or_baseline_nothing_is_guessed(imported):
    indicator = behind_indicator(Project.objects.get(code="13-03"))
    Indicator.objects.filter(pk=indicator.pk).update(baseline=None, baseline_date=None)
    p = progress(Indicator.objects.with_values().get(pk=indicator.pk), today=date(2025, 1, 1))
    assert (p.status, p.reason) == (NOT_ASSESSABLE, "kein Ausgangswert und nur ein Wert")


def test_api_project_has_indicators_with_target_source(client, with_reference):
    data = client.get("/api/v1/projects/15-01").json()
    professorships = next(i for i in data["indicators"] if i["name"] == "Neue Forschungsprofessuren besetzt")
    assert professorships["target"] == 50 and professorships["target_qualifier"] == "more_than"
    assert professorships["target_source"]["start_line"] == 1164
    assert professorships["values"][0]["source"]["start_line"] == 1144
