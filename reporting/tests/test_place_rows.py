"""Local references as rows per place: the editor names the place, what happens there and its money; publishing
turns the rows into the registry's local references, and portal, API and the attribution show the amounts."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from answers.place_answers import Filters, build_answer
from places import attribution
from places.models import FundingBasis, FundingKind, LocalReference, Municipality
from reporting import services
from reporting.models import ProjectReport
from reporting.tests.conftest import approve_all
from sources.models import Provenance
from tests.factories import state

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(cycle_projects, people):
    """13-03 names Bochum with 65.000 € granted (as a parliamentary answer stated it) when the period opens."""
    project = cycle_projects.projects["13-03"]
    bochum = LocalReference.objects.create(
        project=project,
        municipality=Municipality.objects.get(name="Bochum"),
        description="Baustellenkoordinierung in der Innenstadt",
        funding_eur=Decimal("65000"),
        funding_qualifier="approx",
        funding_basis=FundingBasis.EXACT,
        funding_kind=FundingKind.GRANTED,
        funding_text="rund 65.000 Euro bewilligt",
    )
    state(bochum, "mention", cycle_projects.document, "Bochum", line=120)
    return services.open_period(
        title="Fortschrittsbericht 2025",
        cut_off=date(2025, 12, 31),
        due=date(2099, 3, 31),
        acting_user=people.office,
    )


def _page_data(response) -> dict[str, str]:
    """What the browser sends back: every field of the page as rendered, rows included."""
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["funding_determinable"] = "on" if form["funding_determinable"].value() else ""
    for rows in (response.context["milestone_rows"], response.context["place_rows"]):
        management = rows.management_form
        data.update({management[n].html_name: management[n].value() for n in management.fields})
        for row in rows:
            for name in row.fields:
                value = row[name].value()
                if value not in (None, "", False):
                    data[row[name].html_name] = "on" if value is True else value
    return data


def _row(data: dict, index: int, **values) -> None:
    for name, value in values.items():
        data[f"ort-{index}-{name}"] = value


def _bochum_report(period) -> ProjectReport:
    return period.reports.get(project__code="13-03")


def test_the_form_shows_one_row_per_place_prefilled_and_places_grouped_by_kreis(client, people, period):
    report = _bochum_report(period)
    assert report.local_references == [
        {
            "ags": "05911000",
            "name": "Bochum",
            "description": "Baustellenkoordinierung in der Innenstadt",
            "funding_eur": "65000",
            "funding_qualifier": "approx",
            "funding_kind": "granted",
            "funding_basis": "exact",
        }
    ]
    client.force_login(people.editor)
    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert 'type="checkbox" name="local_references"' not in page  # no more 53 unlabelled boxes
    assert '<optgroup label="Kreisfreie Städte">' in page and '<optgroup label="Kreis Recklinghausen">' in page
    recklinghausen = page.split('<optgroup label="Kreis Recklinghausen">')[1].split("</optgroup>")[0]
    assert ">Marl<" in recklinghausen and ">Bochum<" not in recklinghausen
    assert re.search(r'<option value="05911000" selected>Bochum</option>', page)
    assert 'value="65.000,00"' in page or 'value="65.000"' in page  # the amount, as a German writes it
    assert "Ort 1: Bochum" in page and "Ort 2" in page  # the stated place and one empty row
    assert '<label class="kern-label" for="id_ort-0-amount">Betrag für diesen Ort' in page
    assert "Weitere Zeile für einen Ort" in page


def test_editor_enters_rows_with_german_amounts_and_they_are_stored(client, people, period):
    report = _bochum_report(period)
    url = reverse("reporting:report", args=[report.pk])
    client.force_login(people.editor)
    data = _page_data(client.get(url))
    _row(data, 0, amount="2.100.000,00", qualifier="", kind="granted", basis="exact")
    data["ort-TOTAL_FORMS"] = "3"
    _row(data, 1, place="05913000", description="Kontrollraum", amount="1,9 Mio.", kind="paid", basis="estimated")
    _row(data, 2, place="05513000", description="Pilotstrecke")  # Gelsenkirchen, without money
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.local_references == [
        {
            "ags": "05911000",
            "name": "Bochum",
            "description": "Baustellenkoordinierung in der Innenstadt",
            "funding_eur": "2100000",
            "funding_qualifier": "",
            "funding_kind": "granted",
            "funding_basis": "exact",
        },
        {
            "ags": "05913000",
            "name": "Dortmund",
            "description": "Kontrollraum",
            "funding_eur": "1900000",
            "funding_qualifier": "",
            "funding_kind": "paid",
            "funding_basis": "estimated",
        },
        {
            "ags": "05513000",
            "name": "Gelsenkirchen",
            "description": "Pilotstrecke",
            "funding_eur": None,
            "funding_qualifier": "",
            "funding_kind": "",
            "funding_basis": "unknown",
        },
    ]
    # shown back in German, and a removed row is gone
    data = _page_data(client.get(url))
    assert data["ort-1-amount"] == "1.900.000,00" or data["ort-1-amount"] == "1.900.000"
    data["ort-2-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert [r["name"] for r in report.local_references] == ["Bochum", "Dortmund"]


def test_errors_name_the_row_and_the_field_and_nothing_is_saved(client, people, period):
    report = _bochum_report(period)
    url = reverse("reporting:report", args=[report.pk])
    client.force_login(people.editor)
    data = _page_data(client.get(url))
    data["ort-TOTAL_FORMS"] = "4"
    _row(data, 1, place="05913000", amount="zwei Millionen")
    _row(data, 2, description="Ein Ort fehlt")
    _row(data, 3, place="05911000", description="Bochum noch einmal")
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    summary = page.split("Bitte prüfen Sie die Ortsbezüge.")[1].split("</ul>")[0]
    assert (
        "Ort 2 (Dortmund) – Betrag für diesen Ort: „zwei Millionen“ ist kein Betrag in deutscher Schreibweise"
        in summary
    )
    assert 'href="#id_ort-1-amount"' in summary
    assert "Ort 3 – Ort: Bitte den Ort wählen" in summary
    assert "Ort 4 (Bochum) – Ort: Bochum steht schon in Zeile 1" in summary
    assert "Bochum noch einmal" in page  # what was typed stays in the form
    assert ProjectReport.objects.get(pk=report.pk).version == report.version


def test_another_row_without_javascript_keeps_what_was_typed_and_saves_nothing(client, people, period):
    report = _bochum_report(period)
    url = reverse("reporting:report", args=[report.pk])
    client.force_login(people.editor)
    data = _page_data(client.get(url))
    _row(data, 1, place="05913000", description="Kontrollraum", amount="1,9 Mio.")
    data["outlook"] = "Neuer Ausblick, noch nicht gespeichert"
    response = client.post(url, {**data, "ort_weitere_zeile": "1"})
    assert response.status_code == 200
    rows = response.context["place_rows"]
    assert rows.total_form_count() == 3
    page = response.content.decode()
    assert "Neuer Ausblick, noch nicht gespeichert" in page and "Kontrollraum" in page
    new_row = re.search(r'<select[^>]*name="ort-2-place"[^>]*>', page)
    assert new_row and "autofocus" in new_row.group(0)  # the new row is where the keyboard continues
    assert ProjectReport.objects.get(pk=report.pk).version == report.version  # nothing saved


def test_publishing_turns_the_rows_into_local_references_with_cited_amounts(client, people, period):
    report = _bochum_report(period)
    reports = list(period.reports.all())
    content = {
        "local_references": [
            {**report.local_references[0], "funding_eur": "2100000", "funding_qualifier": ""},
            {
                "ags": "05913000",
                "name": "Dortmund",
                "description": "Kontrollraum",
                "funding_eur": "1900000",
                "funding_qualifier": "",
                "funding_kind": "granted",
                "funding_basis": "estimated",
            },
        ]
    }
    services.save_report(report, acting_user=people.editor, data=content, expected_version=report.version)
    assert len(reports) == 4
    approve_all(period, people.office)
    published = services.publish_period(period, acting_user=people.office)
    lines = published.document.text.splitlines()
    project = report.project

    bochum = project.local_references.get(municipality__name="Bochum")
    assert (bochum.funding_eur, bochum.funding_basis, bochum.funding_kind) == (Decimal("2100000"), "exact", "granted")
    assert bochum.funding_qualifier == ""
    cited = Provenance.objects.for_record(bochum).get(document=published.document, field="funding_eur")
    assert lines[cited.start_line - 1] == (
        "- Bochum: Baustellenkoordinierung in der Innenstadt – bewilligt/zugesagt: 2.100.000\u00a0€ (genau angegeben)"
    )
    dortmund = project.local_references.get(municipality__name="Dortmund")
    assert (dortmund.funding_eur, dortmund.funding_basis) == (Decimal("1900000"), "estimated")
    assert dortmund.description == "Kontrollraum"
    assert (
        "1.900.000\u00a0€ (geschätzt)"
        in lines[Provenance.objects.for_record(dortmund).get(field="funding_eur").start_line - 1]
    )

    # the one read model: an estimate the ministry states is an estimate of its own, apart from the exact money
    shares = attribution.project_money([project.pk])[project.pk].shares
    assert shares[bochum.pk].amount == Decimal("2100000") and shares[bochum.pk].basis == "exact"
    assert shares[dortmund.pk].amount == Decimal("1900000") and shares[dortmund.pk].basis == "estimated"
    assert shares[dortmund.pk].amount_text == "rund 1.900.000\u00a0€"
    by_place = {p.municipality.name: p for p in attribution.money_by_place([project])}
    assert (by_place["Bochum"].exact_eur, by_place["Bochum"].estimated_eur) == (Decimal("2100000"), 0)
    assert (by_place["Dortmund"].exact_eur, by_place["Dortmund"].estimated_eur) == (0, Decimal("1900000"))

    # portal and API show the published amounts
    page = client.get(project.get_absolute_url()).content.decode()
    assert "2.100.000\u00a0€<br>" in page and "rund 1.900.000\u00a0€<br>" in page
    assert "geschätzt (Angabe für diesen Ort), bewilligt/zugesagt" in page
    api = client.get(f"/api/v1/projects/{project.code}").json()
    amounts = {r["municipality"]["name"]: (r["funding_eur"], r["funding_basis"]) for r in api["local_references"]}
    assert amounts == {"Bochum": (2100000, "exact"), "Dortmund": (1900000, "estimated")}
    town = client.get("/api/v1/municipalities?page_size=100").json()["items"]
    dortmund_api = next(item for item in town if item["slug"] == "dortmund")["funding"]
    assert Decimal(str(dortmund_api["funding_estimated_eur"])) == Decimal("1900000")
    # the municipality page and the answer to parliament give the same estimate, apart from exact money
    place = Municipality.objects.get(name="Dortmund")
    assert "geschätzt: rund 1.900.000\u00a0€" in client.get(place.get_absolute_url()).content.decode()
    totals = build_answer(Filters(municipality=place)).totals()
    assert (Decimal(str(totals["exact_eur"])), Decimal(str(totals["estimated_eur"]))) == (0, Decimal("1900000"))


def test_a_next_period_starts_from_the_published_amounts(people, period):
    report = _bochum_report(period)
    content = {"local_references": [{**report.local_references[0], "funding_eur": "2100000"}]}
    services.save_report(report, acting_user=people.editor, data=content, expected_version=report.version)
    approve_all(period, people.office)
    services.publish_period(period, acting_user=people.office)
    following = services.open_period(
        title="Fortschrittsbericht 2026",
        cut_off=date(2026, 12, 31),
        due=date(2099, 6, 30),
        acting_user=people.office,
    )
    entry = following.reports.get(project__code="13-03").local_references[0]
    assert (entry["name"], entry["funding_eur"], entry["funding_kind"], entry["funding_basis"]) == (
        "Bochum",
        "2100000",
        "granted",
        "exact",
    )


def test_places_with_more_money_than_the_project_are_flagged_before_submitting(client, people, period):
    report = _bochum_report(period)  # volume 1.900.000 €
    rows = [
        {**report.local_references[0], "funding_eur": "2100000"},
        {"ags": "05913000", "name": "Dortmund", "funding_eur": "500000", "funding_kind": "applied"},
    ]
    services.save_report(
        report, acting_user=people.editor, data={"local_references": rows}, expected_version=report.version
    )
    client.force_login(people.editor)
    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    # the applied-for 500.000 € are no money of the place and are not added
    assert (
        '<a class="kern-link" href="#id_ort-0-amount">Die Beträge der Ortsbezüge (zusammen 2.100.000\u00a0€) sind '
        "größer als das Projektvolumen (1.900.000\u00a0€).</a>"
    ) in page


def test_a_conflicting_save_keeps_the_rows_typed(client, people, period):
    report = _bochum_report(period)
    url = reverse("reporting:report", args=[report.pk])
    client.force_login(people.editor)
    data = _page_data(client.get(url))
    services.save_report(
        report, acting_user=people.editor_b, data={"outlook": "Zwischendurch geändert"}, expected_version=1
    )
    _row(data, 1, place="05913000", description="Kontrollraum", amount="1,9 Mio.")
    response = client.post(url, data)
    assert response.status_code == 409
    page = response.content.decode()
    assert 'value="Kontrollraum"' in page and 'value="1,9 Mio."' in page
    assert "Dortmund" in page.split("Unterschiede zwischen der aktuellen Fassung und Ihren Eingaben")[1]
    assert ProjectReport.objects.get(pk=report.pk).local_references == report.local_references
