"""Indicator suggestions from imports, the office's decisions on them, and the reviewed reference set."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from importers import ProgressReportImporter
from programmes.models import Indicator, IndicatorSuggestion, IndicatorValue, SuggestionState
from programmes.services import (
    IndicatorDecisionError,
    confirm_indicator_suggestion,
    reject_indicator_suggestion,
)
from sources.models import Provenance

pytestmark = pytest.mark.django_db


def suggestion(code: str, line: int, value: int) -> IndicatorSuggestion:
    return IndicatorSuggestion.objects.get(project__code=code, start_line=line, value=value)


def test_imports_store_suggestions_with_sentence_and_lines(imported):
    s = suggestion("15-01", 1144, 27)
    assert s.sentence == "27 neue Forschungsprofessuren besetzt"
    assert (s.kind, s.year, s.state, s.document.filename) == (
        "achieved",
        2024,
        "suggested",
        "fortschrittsbericht-2024.txt",
    )
    target = suggestion("15-01", 1164, 50)
    assert (target.kind, target.qualifier) == ("target", "more_than")
    kanal = IndicatorSuggestion.objects.get(project__code="14-02", value=25)
    assert (kanal.kind, kanal.horizon, kanal.document.filename) == ("target", 2040, "kleine-anfrage-4284-bochum.txt")
    # money of the Projektvolumen section is the funding statement's business, not a suggestion
    assert not IndicatorSuggestion.objects.filter(project__code="05-02a", unit="Euro").exists()


def test_reimport_is_idempotent_and_keeps_decisions(imported, report_path, people):
    s = suggestion("15-01", 1144, 27)
    reject_indicator_suggestion(s, acting_user=people.office, reason="Test")
    before = IndicatorSuggestion.objects.count()
    from sources.models import SourceDocument

    # A re-import of the same file is a no-op; a forced re-apply upserts without touching decisions.
    ProgressReportImporter().run(report_path)
    importer = ProgressReportImporter()
    document = SourceDocument.objects.get(filename="fortschrittsbericht-2024.txt")
    importer.apply(importer.parse(document.text, document.filename), document)
    assert IndicatorSuggestion.objects.count() == before
    assert importer.counts["indicatorsuggestion.created"] == 0
    assert suggestion("15-01", 1144, 27).state == SuggestionState.REJECTED


def test_confirm_creates_indicator_and_value_with_provenance(imported, people):
    s = suggestion("08-02", 499, 3900)
    indicator = confirm_indicator_suggestion(s, acting_user=people.office, indicator_name="Telekonsile durchgeführt")
    value = indicator.values.get()
    assert (value.value, value.qualifier, value.as_of) == (Decimal(3900), "approx", date(2022, 10, 31))
    assert (value.document, value.start_line, value.end_line) == (s.document, 499, 499)
    s.refresh_from_db()
    assert (s.state, s.decided_by, s.decided_by_system, s.indicator_value) == ("confirmed", people.office, False, value)
    # a second figure of the same indicator from a later place adds a value: the series over time
    confirm_indicator_suggestion(
        suggestion("08-02", 544, 5000), acting_user=people.office, indicator_name="Telekonsile durchgeführt"
    )
    assert list(indicator.values.values_list("value", flat=True)) == [Decimal(3900), Decimal(5000)]


def test_confirming_a_target_sets_the_indicator_target_and_its_source(imported, people):
    s = IndicatorSuggestion.objects.get(project__code="14-02", value=25)
    indicator = confirm_indicator_suggestion(s, acting_user=people.office, indicator_name="Abgekoppelte Flächen")
    assert (indicator.target, indicator.target_qualifier, indicator.target_date) == (
        Decimal(25),
        "at_least",
        date(2040, 12, 31),
    )
    assert not indicator.values.exists()
    prov = Provenance.objects.for_record(indicator).get(field="target")
    assert (prov.document, prov.start_line) == (s.document, s.start_line)


def test_only_the_office_decides(imported, people):
    s = suggestion("15-01", 1144, 27)
    with pytest.raises(PermissionDenied):
        confirm_indicator_suggestion(s, acting_user=people.reviewer)
    with pytest.raises(PermissionDenied):
        reject_indicator_suggestion(s, acting_user=people.reviewer)
    assert not Indicator.objects.exists()


def test_a_confirmed_suggestion_cannot_be_rejected(imported, people):
    s = suggestion("15-01", 1144, 27)
    confirm_indicator_suggestion(s, acting_user=people.office)
    with pytest.raises(IndicatorDecisionError):
        reject_indicator_suggestion(s, acting_user=people.office)


def test_reference_set_puts_the_quoted_figures_in_as_system_confirmations(imported, people):
    rejected = suggestion("05-02b", 206, 40)
    reject_indicator_suggestion(rejected, acting_user=people.office, reason="Die Leitstelle sieht das anders")
    call_command("load_indicator_reference", format="json")
    values = {
        (v.indicator.project.code, v.indicator.name, v.value)
        for v in IndicatorValue.objects.select_related("indicator__project")
    }
    assert ("15-01", "Neue Forschungsprofessuren besetzt", Decimal(27)) in values
    assert ("01-01", "Jugendliche erreicht", Decimal(1500)) in values
    assert ("08-02", "Telekonsile durchgeführt", Decimal(5000)) in values
    assert ("05-02b", "Finanzierung der begleiteten Start-ups", Decimal(90_000_000)) in values
    assert ("03-01", "Netzwerkpartner", Decimal(100)) in values
    # the office's decision stands
    assert ("05-02b", "Start-ups begleitet", Decimal(40)) not in values
    professorships = Indicator.objects.get(project__code="15-01", name="Neue Forschungsprofessuren besetzt")
    assert (professorships.target, professorships.target_qualifier, professorships.target_date) == (
        Decimal(50),
        "more_than",
        None,
    )
    confirmed = IndicatorSuggestion.objects.filter(state="confirmed")
    assert confirmed.exists() and all(s.decided_by is None and s.decided_by_system for s in confirmed)
    count = IndicatorValue.objects.count()
    call_command("load_indicator_reference")
    assert IndicatorValue.objects.count() == count


def test_reference_set_names_existing_projects_and_lines(report_path, answer_path):
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parents[1] / "reference" / "indicators_2024.json").read_text())
    texts = {
        "fortschrittsbericht-2024.txt": report_path.read_text(encoding="utf-8").split("\n"),
        "kleine-anfrage-4284-bochum.txt": answer_path.read_text(encoding="utf-8").split("\n"),
    }
    for figure in data["figures"]:
        line = texts[figure["document"]][figure["line"] - 1]
        value = int(figure["value"])
        printed = f"{value // 1_000_000} Millionen" if value >= 1_000_000 else f"{value:,}".replace(",", ".")
        # the line states the figure, and the sentence quoted is the one around it
        assert printed in line, figure
        assert printed in figure["sentence"], figure


def test_suggest_indicators_backfills_documents_imported_before(imported):
    before = IndicatorSuggestion.objects.count()
    IndicatorSuggestion.objects.all().delete()
    call_command("suggest_indicators", format="json")
    assert IndicatorSuggestion.objects.count() == before
    call_command("suggest_indicators")
    assert IndicatorSuggestion.objects.count() == before


def test_admin_lists_suggestions_and_confirms_with_an_action(imported, client, people):
    people.office.is_staff = True
    people.office.is_superuser = True
    people.office.save()
    client.force_login(people.office)
    response = client.get("/admin/programmes/indicatorsuggestion/?q=Forschungsprofessuren")
    assert response.status_code == 200
    assert "27 neue Forschungsprofessuren besetzt" in response.content.decode()
    s = suggestion("15-01", 1144, 27)
    response = client.post(
        "/admin/programmes/indicatorsuggestion/",
        {"action": "confirm_selected", "_selected_action": [s.pk]},
        follow=True,
    )
    assert response.status_code == 200
    s.refresh_from_db()
    assert (s.state, s.decided_by, s.decided_by_system) == ("confirmed", people.office, False)


def test_admin_confirm_page_lets_the_office_name_the_indicator(imported, client, people):
    people.office.is_staff = True
    people.office.save()
    client.force_login(people.office)
    s = suggestion("08-02", 544, 5000)
    url = f"/admin/programmes/indicatorsuggestion/{s.pk}/bestaetigen/"
    page = client.get(url)
    assert page.status_code == 200 and "weit mehr als 5.000 Telekonsile" in page.content.decode()
    response = client.post(
        url,
        {
            "indicator_name": "Telekonsile durchgeführt",
            "unit": "Telekonsile",
            "kind": "achieved",
            "value": "5000",
            "qualifier": "more_than",
            "as_of": "2024-12-31",
        },
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator__name="Telekonsile durchgeführt")
    assert (value.value, value.as_of, value.start_line) == (Decimal(5000), date(2024, 12, 31), 544)


def test_admin_confirm_page_is_for_the_office_only(imported, client, people):
    people.reviewer.is_staff = True
    people.reviewer.save()
    client.force_login(people.reviewer)
    s = suggestion("08-02", 544, 5000)
    assert client.get(f"/admin/programmes/indicatorsuggestion/{s.pk}/bestaetigen/").status_code == 403
