"""Programme indicators in the portal: /kennzahlen/, the detail pages, the office's editor, the sitemap."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from programmes.models import FundingStatement, Indicator, IndicatorValue, ProgrammeIndicator
from sources.models import SourceDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(imported):
    call_command("load_indicator_reference", stdout=StringIO())


@pytest.fixture
def hidden(reference, unpublished):
    """The unpublished project states young people reached and money: neither may reach a public page."""
    document = SourceDocument.objects.get(filename="fortschrittsbericht-2024.txt")
    indicator = Indicator.objects.create(project=unpublished, name="Geheime Jugendliche", unit="Jugendliche")
    IndicatorValue.objects.create(
        indicator=indicator,
        document=document,
        value=Decimal("424242"),
        as_of=date(2024, 12, 31),
        start_line=5,
        end_line=5,
    )
    FundingStatement.objects.create(
        project=unpublished, document=document, text="geheim", volume_eur=Decimal("313131313"), start_line=6, end_line=6
    )
    return unpublished


def user(role: str) -> User:
    return User.objects.create_user(role, f"{role}@example.org", "pw-sehr-lang-123", role=role)


def test_overview_shows_programme_indicators_with_sentence_chart_and_table(client, reference):
    html = client.get("/kennzahlen/").content.decode()
    assert "Kennzahlen des Programms" in html
    assert "Erreichte Jugendliche: rund 1.500 Jugendliche (Stand Ende 2024), aus 1 Projekt." in html
    assert "Unterstützte Start-ups: mehr als 40 Start-ups" in html
    assert 'href="/kennzahlen/programm/zugesagte-foerdermittel/"' in html
    section = html[html.index('id="programm"') : html.index('id="feld-1"')]
    assert section.count("<svg") == 4 and section.count("<table") == 4  # every chart beside its table
    assert "Kennzahlen des Programms verwalten" not in html  # the public gets no editor link


def test_detail_lists_each_contribution_with_its_source_and_the_missing_projects(client, reference):
    html = client.get("/kennzahlen/programm/erreichte-jugendliche/").content.decode()
    assert "rund 1.500" in html
    assert re.search(r'href="/quellen/\d+/\?von=1031&amp;bis=1031#L1031"', html)
    assert "Seite 37" in html  # the printed page of 01-01 in the report
    assert "nicht von einer Person der Leitstelle geprüft" in html
    funding = client.get("/kennzahlen/programm/zugesagte-foerdermittel/").content.decode()
    assert "Projekte ohne Wert (nicht mitgezählt)" in funding
    assert "ist eine aussagekräftige Angabe zum Gesamtvolume" in funding  # the reason as the report states it
    assert client.get("/kennzahlen/programm/gibt-es-nicht/").status_code == 404


def test_unpublished_values_never_reach_the_pages(client, hidden):
    for url in ["/kennzahlen/", *(i.get_absolute_url() for i in ProgrammeIndicator.objects.all()), "/sitemap.xml"]:
        text = client.get(url).content.decode()
        for tell_tale in ("424.242", "424242", "313.131.313", "313,1", "99-99", "Geheim"):
            assert tell_tale not in text, (url, tell_tale)


def test_sitemap_lists_kennzahlen_and_each_programme_indicator(client, reference):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/kennzahlen/</loc>" in xml
    for indicator in ProgrammeIndicator.objects.all():
        assert f"{indicator.get_absolute_url()}</loc>" in xml


EDITOR_URLS = [
    "/kennzahlen/leitstelle/",
    "/kennzahlen/leitstelle/neu/",
    "/kennzahlen/leitstelle/erreichte-jugendliche/",
    "/kennzahlen/leitstelle/erreichte-jugendliche/loeschen/",
]


@pytest.mark.parametrize("url", EDITOR_URLS)
@pytest.mark.parametrize(
    ("role", "expected"), [(None, 302), (Role.REVIEWER, 403), (Role.MINISTRY_EDITOR, 403), (Role.PROGRAMME_OFFICE, 200)]
)
def test_editor_is_for_the_office_only(client, reference, url, role, expected):
    if role is not None:
        client.force_login(user(role))
    response = client.get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/konto/login/")


def test_reviewer_cannot_post(client, reference):
    client.force_login(user(Role.REVIEWER))
    assert client.post("/kennzahlen/leitstelle/erreichte-jugendliche/loeschen/").status_code == 403
    assert ProgrammeIndicator.objects.filter(slug="erreichte-jugendliche").exists()


def _form(**overrides) -> dict:
    data = {
        "name": "Telekonsile insgesamt",
        "unit": "Telekonsile",
        "aggregation": "sum",
        "direction": "increase",
        "match_unit": "",
        "target": "",
        "target_qualifier": "",
        "target_date": "",
        "baseline": "",
        "baseline_date": "",
        "method": "Summe der Telekonsile.",
        "position": "5",
    }
    data.update(overrides)
    return data


def test_office_defines_edits_and_deletes(client, reference):
    office = user(Role.PROGRAMME_OFFICE)
    client.force_login(office)
    telekonsile = Indicator.objects.get(project__code="08-02", name="Telekonsile durchgeführt")
    page = client.get("/kennzahlen/leitstelle/neu/").content.decode()
    assert f'value="{telekonsile.pk}"' in page and "08-02 – Telekonsile durchgeführt (Telekonsile)" in page
    response = client.post(
        "/kennzahlen/leitstelle/neu/",
        _form(contributions=[telekonsile.pk], target="10000", target_date="2026-12-31"),
    )
    created = ProgrammeIndicator.objects.get(name="Telekonsile insgesamt")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert (created.defined_by, created.defined_by_system) == (office, False)
    assert list(created.contributions.all()) == [telekonsile]
    detail = client.get(created.get_absolute_url()).content.decode()
    assert "Telekonsile insgesamt: mehr als 5.000 Telekonsile (Stand Ende 2024), aus 1 Projekt; Ziel: 10.000" in detail
    assert "rm-ind-target" in detail  # the target line in the chart

    edit = f"/kennzahlen/leitstelle/{created.slug}/"
    response = client.post(edit, _form(name="Telekonsile (Summe)", contributions=[], version=created.version))
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.name == "Telekonsile (Summe)" and created.contributions.count() == 0

    # a form loaded before that save is refused with 409, nothing overwritten
    stale = client.post(edit, _form(name="Alter Stand", version=created.version - 1))
    assert stale.status_code == 409 and "jemand anderem geändert" in stale.content.decode()
    assert ProgrammeIndicator.objects.get(pk=created.pk).name == "Telekonsile (Summe)"

    invalid = client.post(edit, _form(name="", version=created.version))
    assert invalid.status_code == 200 and "kern-error" in invalid.content.decode()

    assert client.post(f"{edit}loeschen/").status_code == 302
    assert not ProgrammeIndicator.objects.filter(pk=created.pk).exists()


def test_office_sees_the_editor_link(client, reference):
    client.force_login(user(Role.PROGRAMME_OFFICE))
    assert "Kennzahlen des Programms verwalten" in client.get("/kennzahlen/").content.decode()
