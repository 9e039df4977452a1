"""An editor types amounts and dates the German way; the report keeps the numbers and shows them in German."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from reporting import services
from reporting.comparison import compare_content

pytestmark = pytest.mark.django_db


def _browser_data(form) -> dict:
    # what a browser sends back: every field as the page rendered it
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["local_references"] = []
    data["funding_determinable"] = "on"
    return data


def test_editor_enters_german_amounts_and_dates_and_sees_them_in_german(client, people, open_period):
    report = open_period.reports.get(project__code="13-03")
    url = reverse("reporting:report", args=[report.pk])
    client.force_login(people.editor)
    page = client.get(url)
    assert 'value="1.900.000"' in page.content.decode()  # last year's 1,9 million, as a German reads it

    data = _browser_data(page.context["form"])
    data.update(
        volume_eur="2.100.000,00",
        spent_eur="1.250.000,50",
        state_share_percent="90 %",
        state_eur="1,89 Mio.",
        spent_as_of="31.12.2025",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    report.refresh_from_db()
    assert report.volume_eur == Decimal("2100000")
    assert report.spent_eur == Decimal("1250000.50")
    assert report.state_share_percent == Decimal(90)
    assert report.state_eur == Decimal("1890000")
    assert report.spent_as_of == date(2025, 12, 31)

    body = client.get(url).content.decode()
    for shown in ('value="2.100.000"', 'value="1.250.000,50"', 'value="90"', 'value="31.12.2025"'):
        assert shown in body
    assert "2100000" not in body and "2025-12-31" not in body


def test_a_refused_amount_keeps_what_was_typed_and_says_why(client, people, open_period):
    report = open_period.reports.get(project__code="13-03")
    url = reverse("reporting:report", args=[report.pk])
    client.force_login(people.editor)
    data = _browser_data(client.get(url).context["form"])
    data.update(volume_eur="2.1 Mio", outlook="Ein Text, der nicht verloren gehen darf.")
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Volumen (Euro): „2.1 Mio“ ist kein Betrag in deutscher Schreibweise" in body
    assert "Ein Text, der nicht verloren gehen darf." in body
    assert 'value="2.1 Mio"' in body


def test_version_comparison_shows_german_figures(people, open_period):
    report = open_period.reports.get(project__code="13-03")
    before = services.save_report(
        report, acting_user=people.editor, expected_version=1, data={"spent_as_of": date(2025, 6, 30)}
    )
    after = services.save_report(
        before,
        acting_user=people.editor,
        expected_version=before.version,
        data={"volume_eur": Decimal("2100000"), "spent_as_of": date(2025, 12, 31)},
    )
    rows = {row.name: row for row in compare_content(before, after, only_changed=True)}
    assert (rows["volume_eur"].old, rows["volume_eur"].new) == ("1.900.000\u00a0€", "2.100.000\u00a0€")
    assert (rows["spent_as_of"].old, rows["spent_as_of"].new) == ("30.06.2025", "31.12.2025")


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("1250000,50", "1.250.000,50"),
        ("2025-12-31", "31.12.2025"),
        ("2024", "2024"),  # a year stays a year
        ("05911000", "05911000"),  # a municipality key stays a key
        ("13-03", "13-03"),
    ],
)
def test_round_trip_preview_cells_read_german(cell, shown):
    from portal.templatetags.portal_tags import german_cell

    assert german_cell(cell) == shown


def _with_rows(data: dict, rows: list[tuple[str, str, bool]]) -> dict:
    data = {**data, "meilenstein-TOTAL_FORMS": str(len(rows)), "meilenstein-INITIAL_FORMS": "0"}
    for i, (when, text, delete) in enumerate(rows):
        data[f"meilenstein-{i}-when"], data[f"meilenstein-{i}-text"] = when, text
        if delete:
            data[f"meilenstein-{i}-DELETE"] = "on"
    return data


def test_milestones_are_rows_with_german_times(client, people, open_period):
    report = open_period.reports.get(project__code="13-03")
    url = reverse("reporting:report", args=[report.pk])
    client.force_login(people.editor)
    page = client.get(url)
    html = page.content.decode()
    assert 'name="meilenstein-0-when" id="id_meilenstein-0-when" value="2023"' in html  # last year's "Start"
    assert '<textarea name="milestones"' not in html
    data = _browser_data(page.context["form"])
    data = _with_rows(
        data,
        [
            ("2023", "Start", False),
            ("11/2024", "Eröffnung der Zentrale", False),
            ("2024", "verworfen", True),
            ("", "", False),
        ],
    )
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert [(m["year"], m["month"], m["text"]) for m in report.milestones] == [
        (2023, None, "Start"),
        (2024, 11, "Eröffnung der Zentrale"),
    ]
    assert 'value="11/2024"' in client.get(url).content.decode()


def test_a_milestone_row_without_a_time_is_refused_and_kept(client, people, open_period):
    report = open_period.reports.get(project__code="13-03")
    url = reverse("reporting:report", args=[report.pk])
    client.force_login(people.editor)
    data = _with_rows(_browser_data(client.get(url).context["form"]), [("Ende 2024", "Eröffnung", False)])
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Zeile 1: Zeitpunkt: „Ende 2024“ ist kein Jahr, Monat oder Tag" in body
    assert 'value="Eröffnung"' in body
    report.refresh_from_db()
    assert [m["text"] for m in report.milestones] == ["Start"]
