"""The indicator editor of the reporting cycle: services, form, pages, publishing and what the public sees."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from programmes.models import Indicator, IndicatorValue, Project
from reporting import services
from reporting.forms import IndicatorForm, IndicatorValueForm
from reporting.models import EventAction, ReportEvent, ReportState
from sources.models import Provenance

from .conftest import approve_all
from .test_cycle_views import _body, _public_urls

pytestmark = pytest.mark.django_db

PROFESSURES = {
    "name": "Forschungsprofessuren besetzt",
    "unit": "Professuren",
    "direction": "increase",
    "baseline": Decimal("0"),
    "baseline_date": date(2022, 1, 1),
    "target": Decimal("50"),
    "target_qualifier": "more_than",
    "target_date": date(2026, 12, 31),
}


def _report(period, code="13-03"):
    return period.reports.select_related("period", "project").get(project__code=code)


def _add(period, user, data=None, value=None):
    report = _report(period)
    return services.add_indicator(
        report, acting_user=user, data=data or PROFESSURES, value=value, expected_version=report.version
    )


# --- services --------------------------------------------------------------------------------------------


def test_adding_an_indicator_stores_the_entry_versions_and_audits_it(open_period, people):
    report = _add(open_period, people.editor, value={"value": Decimal("27"), "qualifier": "", "as_of": None})

    assert report.version == 2
    [item] = report.indicators
    assert item["name"] == "Forschungsprofessuren besetzt" and item["unit"] == "Professuren"
    assert (item["baseline"], item["baseline_date"]) == ("0", "2022-01-01")
    assert (item["target"], item["target_qualifier"], item["target_date"]) == ("50", "more_than", "2026-12-31")
    # a value without "Stand" refers to the cut-off of the period
    assert (item["value"], item["as_of"]) == ("27", "2025-12-31")
    event = ReportEvent.objects.get(report=report, action=EventAction.INDICATOR_ADDED)
    assert event.actor == people.editor and event.comment == "Forschungsprofessuren besetzt" and event.version == 2
    latest = report.history.order_by("-history_id").first()
    assert latest.history_change_reason == "Kennzahl angelegt" and latest.indicators == report.indicators
    # nothing reaches the registry before publication
    assert not Indicator.objects.filter(name="Forschungsprofessuren besetzt").exists()


def test_value_is_set_corrected_and_removed_each_as_a_new_version(open_period, people):
    editor = people.editor
    report = _add(open_period, editor)
    report = services.set_indicator_value(
        report,
        0,
        acting_user=editor,
        data={"value": Decimal("27"), "qualifier": "at_least", "as_of": date(2025, 10, 1)},
        expected_version=report.version,
    )
    assert (report.indicators[0]["value"], report.indicators[0]["qualifier"]) == ("27", "at_least")
    assert report.indicators[0]["as_of"] == "2025-10-01"
    report = services.set_indicator_value(
        report, 0, acting_user=editor, data={"value": Decimal("2.5")}, expected_version=report.version
    )
    assert report.indicators[0]["value"] == "2.5" and report.indicators[0]["qualifier"] == ""
    report = services.remove_indicator_value(report, 0, acting_user=editor, expected_version=report.version)
    assert report.indicators[0]["value"] is None
    assert report.indicators[0]["target"] == "50"  # the indicator itself stays
    actions = list(ReportEvent.objects.filter(report=report).values_list("action", flat=True))
    assert actions[-3:] == [
        EventAction.INDICATOR_VALUE_SET,
        EventAction.INDICATOR_VALUE_SET,
        EventAction.INDICATOR_VALUE_REMOVED,
    ]
    with pytest.raises(services.WorkflowError, match="kein Wert"):
        services.remove_indicator_value(report, 0, acting_user=editor, expected_version=report.version)
    # versions: an earlier one with the value can be restored
    with_value = report.history.filter(version=4).get()
    report = services.restore_report_version(
        report, history_id=with_value.history_id, acting_user=editor, expected_version=report.version
    )
    assert report.indicators[0]["value"] == "2.5"


def test_changing_the_definition_keeps_the_value(open_period, people):
    editor = people.editor
    report = _add(open_period, editor, value={"value": Decimal("27")})
    report = services.change_indicator(
        report,
        0,
        acting_user=editor,
        data={**PROFESSURES, "name": "Neue Forschungsprofessuren", "target": Decimal("55")},
        expected_version=report.version,
    )
    assert report.indicators[0]["name"] == "Neue Forschungsprofessuren"
    assert report.indicators[0]["target"] == "55" and report.indicators[0]["value"] == "27"


def test_stale_version_is_a_conflict_and_changes_nothing(open_period, people):
    report = _add(open_period, people.editor)
    stale = report.version
    services.set_indicator_value(
        report, 0, acting_user=people.editor_b, data={"value": Decimal("1")}, expected_version=stale
    )
    with pytest.raises(services.EditConflict):
        services.set_indicator_value(
            report, 0, acting_user=people.editor, data={"value": Decimal("2")}, expected_version=stale
        )
    assert _report(open_period).indicators[0]["value"] == "1"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**PROFESSURES, "name": "forschungsprofessuren BESETZT"}, "gibt es in diesem Bericht schon"),
        ({**PROFESSURES, "name": "  "}, "Name"),
        ({**PROFESSURES, "name": "X", "target_date": date(2021, 1, 1)}, "Zieldatum muss nach"),
        ({**PROFESSURES, "name": "X", "colour": "rot"}, "colour"),
    ],
)
def test_services_refuse_invalid_definitions(open_period, people, data, message):
    report = _add(open_period, people.editor)
    with pytest.raises(services.WorkflowError, match=message):
        services.add_indicator(report, acting_user=people.editor, data=data, expected_version=report.version)
    assert len(_report(open_period).indicators) == 1


def test_unknown_index_is_refused(open_period, people):
    report = _report(open_period)
    with pytest.raises(services.WorkflowError, match="gibt es in diesem Bericht nicht"):
        services.set_indicator_value(
            report, 3, acting_user=people.editor, data={"value": Decimal("1")}, expected_version=report.version
        )


def test_rules_apply_other_ministry_reviewer_submitted_and_published(open_period, people):
    report = _add(open_period, people.editor)
    for who in ("editor_other", "reviewer"):
        with pytest.raises(PermissionDenied):
            services.set_indicator_value(
                report, 0, acting_user=people[who], data={"value": Decimal("1")}, expected_version=report.version
            )
    report = services.submit_report(report, acting_user=people.editor)
    with pytest.raises(PermissionDenied):
        services.set_indicator_value(
            report, 0, acting_user=people.editor, data={"value": Decimal("1")}, expected_version=report.version
        )
    # the office may still correct a submitted report, as with every other section
    report = services.set_indicator_value(
        report, 0, acting_user=people.office, data={"value": Decimal("1")}, expected_version=report.version
    )
    approve_all(open_period, people.office)
    services.publish_period(open_period, acting_user=people.office)
    report = _report(open_period)
    with pytest.raises(services.PeriodFrozen):
        services.remove_indicator_value(report, 0, acting_user=people.office, expected_version=report.version)


# --- form ------------------------------------------------------------------------------------------------


def _form_data(**changes):
    data = {
        "version": "1",
        "name": "Jugendliche erreicht",
        "unit": "Jugendliche",
        "direction": "increase",
        "baseline": "0",
        "baseline_date": "01.01.2022",
        "target": "1.500",
        "target_qualifier": "approx",
        "target_date": "31.12.2024",
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1.500", Decimal("1500")), ("2,5", Decimal("2.5")), ("1.500.000,25", Decimal("1500000.25")), ("12", 12)],
)
def test_form_reads_german_numbers(raw, value):
    form = IndicatorForm(_form_data(target=raw))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["target"] == Decimal(value)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target": "1.5"}, "target", "Zielwert: „1.5“ ist keine Zahl in deutscher Schreibweise"),
        ({"baseline": "viele"}, "baseline", "Ausgangswert: „viele“ ist keine Zahl"),
        ({"target": "2,12345"}, "target", "Zielwert: höchstens 4 Nachkommastellen"),
        ({"target_date": "01.01.2021"}, "target_date", "Ziel, bis: Das Zieldatum muss nach"),
        ({"target_date": "2024-13-45"}, "target_date", "Ziel, bis: Den 2024-13-45 gibt es nicht"),
        ({"target_date": "Ende 2025"}, "target_date", "Ziel, bis: „Ende 2025“ ist kein Datum"),
        ({"baseline_date": ""}, "baseline_date", "Ausgangswert, Stand: Bitte angeben"),
        ({"name": ""}, "name", "Name: Bitte einen Namen"),
    ],
)
def test_form_errors_are_german_and_name_the_field(changes, field, message):
    form = IndicatorForm(_form_data(**changes))
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field]), form.errors


def test_value_form_needs_value_and_stand(open_period):
    report = _report(open_period)
    form = IndicatorValueForm({"version": "1", "value": "", "as_of": ""}, report=report)
    assert not form.is_valid()
    assert form.errors["value"] == ["Wert: Bitte einen Wert angeben."]
    assert form.errors["as_of"] == ["Stand: Bitte ein Datum angeben."]


# --- pages ---------------------------------------------------------------------------------------------------


def _page(report):
    return reverse("reporting:indicators", args=[report.pk])


def _add_post(report, **changes):
    data = {f"neu-{k}": v for k, v in _form_data(version=str(report.version)).items()}
    data.update({"neu-value": "1.480", "neu-qualifier": "approx", "neu-as_of": "31.12.2025"})
    data.update({f"neu-{k}": v for k, v in changes.items()})
    return data


def test_editor_adds_an_indicator_without_javascript(client, people, open_period):
    report = _report(open_period)
    client.force_login(people.editor)
    page = client.get(_page(report))
    assert page.status_code == 200 and "Kennzahl hinzufügen" in page.content.decode()
    response = client.post(_page(report), _add_post(report))
    assert response.status_code == 302 and response["Location"] == _page(report)
    [item] = _report(open_period).indicators
    assert (item["name"], item["value"], item["qualifier"], item["target"]) == (
        "Jugendliche erreicht",
        "1480",
        "approx",
        "1500",
    )
    listing = client.get(_page(report)).content.decode()
    assert "rund 1.480" in listing and "rund 1.500" in listing


def test_htmx_adds_a_row_and_returns_only_the_editor(client, people, open_period):
    report = _report(open_period)
    client.force_login(people.editor)
    response = client.post(_page(report), _add_post(report), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<div id="kennzahlen-editor">') and "<html" not in body
    assert "Kennzahl „Jugendliche erreicht“ angelegt." in body
    # the fresh add form carries the new version, so a second add right away works
    assert re.search(r'name="neu-version" value="2"', body)
    second = client.post(_page(report), _add_post(report, name="Werkstätten", version="2"), HTTP_HX_REQUEST="true")
    assert second.status_code == 200 and len(_report(open_period).indicators) == 2
    assert "HX-Request" in response["Vary"]


def test_invalid_input_shows_german_errors_and_saves_nothing(client, people, open_period):
    report = _report(open_period)
    client.force_login(people.editor)
    response = client.post(_page(report), _add_post(report, target="1.5", target_date="01.01.2020"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Zielwert: „1.5“ ist keine Zahl in deutscher Schreibweise" in body
    assert "Ziel, bis: Das Zieldatum muss nach" in body
    assert _report(open_period).indicators == []


def test_value_page_prefills_and_corrects_and_remove_button_removes(client, people, open_period):
    report = _add(open_period, people.editor, value={"value": Decimal("27")})
    client.force_login(people.editor)
    url = reverse("reporting:indicator_value", args=[report.pk, 0])
    form = client.get(url).context["form"]
    assert form.initial["value"] == Decimal("27") and form.initial["version"] == report.version
    response = client.post(
        url, {"version": str(report.version), "value": "1.234,5", "qualifier": "more_than", "as_of": "30.09.2025"}
    )
    assert response.status_code == 302
    item = _report(open_period).indicators[0]
    assert (item["value"], item["qualifier"], item["as_of"]) == ("1234.5", "more_than", "2025-09-30")
    report = _report(open_period)
    remove = reverse("reporting:indicator_value_remove", args=[report.pk, 0])
    assert client.post(remove, {"version": str(report.version)}).status_code == 302
    assert _report(open_period).indicators[0]["value"] is None


def test_value_page_refuses_bad_input_with_400_and_a_stale_version_with_409(client, people, open_period):
    report = _add(open_period, people.editor, value={"value": Decimal("27")})
    client.force_login(people.editor)
    url = reverse("reporting:indicator_value", args=[report.pk, 0])
    bad = client.post(url, {"version": str(report.version), "value": "1.5", "as_of": "30.09.2025"})
    assert bad.status_code == 400 and bad.context["mode"] == "value"
    assert bad.context["previous_period"] == "" and _report(open_period).indicators[0]["value"] == "27"
    stale = report.version
    services.set_indicator_value(
        report, 0, acting_user=people.editor_b, data={"value": Decimal("30")}, expected_version=stale
    )
    lost = client.post(url, {"version": str(stale), "value": "31", "as_of": "30.09.2025"})
    assert lost.status_code == 409 and lost.context["form"]["value"].value() == "31"
    assert lost.context["form"]["version"].value() == str(stale + 1)
    assert _report(open_period).indicators[0]["value"] == "30"


def test_edit_page_conflict_answers_409_and_keeps_the_input(client, people, open_period):
    report = _add(open_period, people.editor)
    client.force_login(people.editor)
    url = reverse("reporting:indicator_edit", args=[report.pk, 0])
    stale = report.version
    services.set_indicator_value(
        report, 0, acting_user=people.editor_b, data={"value": Decimal("5")}, expected_version=stale
    )
    data = {**_form_data(version=str(stale)), "name": "Mein neuer Name"}
    response = client.post(url, data)
    assert response.status_code == 409
    assert "inzwischen" in response.content.decode() and "Mein neuer Name" in response.content.decode()
    assert response.context["form"]["version"].value() == str(stale + 1)
    assert _report(open_period).indicators[0]["name"] == "Forschungsprofessuren besetzt"


@pytest.mark.parametrize(
    ("role", "get", "post"),
    [
        ("anonymous", 302, 302),
        ("no_role", 403, 403),
        ("editor_other", 403, 403),
        ("reviewer", 200, 403),
        ("editor", 200, 302),
        ("office", 200, 302),
    ],
)
def test_who_may_see_and_change_the_indicators(client, people, open_period, role, get, post):
    report = _add(open_period, people.editor, value={"value": Decimal("27")})
    if role != "anonymous":
        client.force_login(people[role])
    assert client.get(_page(report)).status_code == get
    posts = [
        (reverse("reporting:indicator_value", args=[report.pk, 0]), {"value": "3", "as_of": "31.12.2025"}),
        (_page(report), _add_post(report, name=f"Neu {role}")),
    ]
    for url, data in posts:
        version = str(_report(open_period).version)  # always the current one: only the rules may refuse
        data = {**data, "version": version, "neu-version": version}
        assert client.post(url, data).status_code == post, url
    if get == 200 and post == 403:
        assert "Kennzahl hinzufügen" not in client.get(_page(report)).content.decode()


def test_registry_indicator_can_be_taken_into_the_report(client, people, open_period, cycle_projects):
    indicator = Indicator.objects.create(
        project=cycle_projects.projects["13-03"], name="Lichtsignalanlagen", unit="LSA", target=Decimal("5500")
    )
    report = _report(open_period)
    client.force_login(people.editor)
    page = client.get(_page(report))
    assert "Lichtsignalanlagen" in page.content.decode()
    form = client.get(_page(report) + f"?uebernehmen={indicator.pk}").context["add_form"]
    assert form.initial["name"] == "Lichtsignalanlagen" and form.initial["target"] == Decimal("5500")


# --- prefill, publishing, the public ----------------------------------------------------------------------


def test_next_period_starts_with_the_definition_and_shows_the_old_value_as_previous(open_period, people):
    _add(open_period, people.editor, value={"value": Decimal("27")})
    approve_all(open_period, people.office)
    services.publish_period(open_period, acting_user=people.office)
    nxt = services.open_period(
        title="Fortschrittsbericht 2026", cut_off=date(2026, 12, 31), due=date(2099, 4, 1), acting_user=people.office
    )
    [item] = _report(nxt).indicators
    assert item["name"] == "Forschungsprofessuren besetzt" and item["target"] == "50"
    assert item["value"] is None
    assert item["previous"] == {
        "value": "27",
        "qualifier": "",
        "as_of": "2025-12-31",
        "period": "Fortschrittsbericht 2025",
    }


def test_published_value_is_public_with_a_link_to_its_line_and_a_draft_value_never_is(client, people, open_period):
    marker = "Entwurfsmarkerkennzahl"
    editor = people.editor
    report = _report(open_period)
    client.force_login(editor)
    client.post(
        _page(report),
        _add_post(report, name=marker, unit="Lotsinnen", target="40", target_qualifier="at_least")
        | {"neu-value": "31", "neu-qualifier": "more_than"},
    )
    assert _report(open_period).indicators[0]["value"] == "31"

    client.logout()
    urls = [*_public_urls(), "/kennzahlen/", "/api/v1/indicators"]
    seen = {url: _body(r) for url in urls if (r := client.get(url)).status_code == 200}
    assert len(seen) > 15
    assert [url for url, body in seen.items() if marker in body] == []

    # submit → approve → publish through the pages, as the people would
    client.force_login(editor)
    assert client.post(reverse("reporting:submit", args=[report.pk])).status_code == 302
    client.force_login(people.reviewer)
    assert client.post(reverse("reporting:approve", args=[report.pk]), {"comment": ""}).status_code == 302
    assert _report(open_period).state == ReportState.APPROVED
    approve_all(open_period, people.office)
    client.force_login(people.office)
    assert client.post(reverse("reporting:publish", args=[open_period.slug])).status_code == 302
    open_period.refresh_from_db()
    document = open_period.document

    value = IndicatorValue.objects.get(indicator__name=marker)
    assert value.document == document and value.value == 31 and value.qualifier == "more_than"
    assert value.as_of == date(2025, 12, 31)
    line = document.text.splitlines()[value.start_line - 1]
    assert line.startswith(f"- {marker}: mehr als 31 Lotsinnen (Stand 31.12.2025)")
    assert "Ziel: mindestens 40 Lotsinnen bis 31.12.2024" in line
    assert value.sentence == line[2:]
    indicator = value.indicator
    assert (indicator.target, indicator.target_qualifier, indicator.target_date) == (
        Decimal("40"),
        "at_least",
        date(2024, 12, 31),
    )
    assert Provenance.objects.for_record(indicator).get(field="target").start_line == value.start_line

    client.logout()
    page = client.get(Project.objects.get(code="13-03").get_absolute_url()).content.decode()
    assert marker in page
    link = f"/quellen/{document.pk}/?von={value.start_line}&amp;bis={value.start_line}#L{value.start_line}"
    assert link in page
    source = client.get(f"/quellen/{document.pk}/?von={value.start_line}&bis={value.start_line}")
    assert marker in source.content.decode()


def test_an_indicator_can_be_taken_out_of_the_report_and_restored(client, open_period, people):
    editor = people.editor
    report = _add(open_period, editor, value={"value": Decimal("27")})
    report = _add(open_period, editor, data={**PROFESSURES, "name": "Telekonsile", "unit": "Telekonsile"})
    assert [i["name"] for i in report.indicators] == ["Forschungsprofessuren besetzt", "Telekonsile"]
    with_both = report.version
    client.force_login(editor)
    # a stale form (another tab) takes nothing out
    remove = reverse("reporting:indicator_remove", args=[report.pk, 0])
    page = client.post(remove, {"version": str(with_both - 1)}, follow=True).content.decode()
    assert "inzwischen" in page or "geändert" in page
    assert len(_report(open_period).indicators) == 2
    assert client.post(remove, {"version": str(with_both)}).status_code == 302
    report = _report(open_period)
    assert [i["name"] for i in report.indicators] == ["Telekonsile"]
    event = ReportEvent.objects.filter(report=report).latest("created_at")
    assert (event.action, event.comment) == (EventAction.INDICATOR_REMOVED, "Forschungsprofessuren besetzt")
    # an index past the end is a 404, and someone of another ministry may not remove anything
    assert client.post(reverse("reporting:indicator_remove", args=[report.pk, 5]), {"version": "1"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.remove_indicator(report, 0, acting_user=people.editor_other, expected_version=report.version)
    # the version with both can be restored
    earlier = report.history.filter(version=with_both).get()
    report = services.restore_report_version(
        report, history_id=earlier.history_id, acting_user=editor, expected_version=report.version
    )
    assert [i["name"] for i in report.indicators] == ["Forschungsprofessuren besetzt", "Telekonsile"]
