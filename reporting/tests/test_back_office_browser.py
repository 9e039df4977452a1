"""The back office in a real browser (Debian's Chromium via Playwright, as portal/tests/test_browser.py): each step
as a person clicks it. The office runs a cycle without typing a URL, an editor types German figures, four-eyes
refuses, every staff page passes axe without serious or critical violations."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role, User
from places.models import Municipality
from portal.tests.test_browser import AXE, DESKTOP, browser, site  # noqa: F401 (fixtures)
from reporting import services
from reporting.models import ReportingPeriod, ReportState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ein-sehr-geheimes-Passwort-2025"
AXE_SERIOUS = """async () => (await axe.run(document, {
       runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
       resultTypes: ['violations'],
   })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(v => `${v.id} (${v.impact}): ${v.help} – ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)"""
DUPLICATE_IDS = """() => { const seen = {}; for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id] || 0) + 1;
                          return Object.keys(seen).filter(id => seen[id] > 1); }"""


def _user(username, role, ministry=None, **extra):
    return User.objects.create_user(
        username, f"{username}@example.org", PASSWORD, role=role, ministry=ministry, **extra
    )


@pytest.fixture
def page(browser):  # noqa: F811
    # bypass_csp only so that axe can be injected; the policy itself is tested in portal/tests/test_browser.py
    context = browser.new_context(viewport=DESKTOP, locale="de-DE", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _log_in(page, site, username):  # noqa: F811
    page.goto(site + "/")
    page.get_by_role("link", name="Anmeldung für Ressorts und Leitstelle").click()
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/berichte/arbeit/")


def _log_out(page):
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url(re.compile(r".*/$"))
    assert page.locator(".rm-userbar").count() == 0


@pytest.mark.slow
def test_office_opens_assigns_approves_in_bulk_publishes_and_logs_out(site, page):  # noqa: F811
    office = _user("leitstelle", Role.PROGRAMME_OFFICE, first_name="Lea", last_name="Leitstelle")
    colleague = _user("leitstelle2", Role.PROGRAMME_OFFICE)
    _log_in(page, site, "leitstelle")
    assert "Lea Leitstelle" in page.locator(".rm-userbar").inner_text()

    page.locator(".rm-userbar").get_by_role("link", name="Leitstelle").click()
    page.get_by_role("link", name="Neue Berichtsperiode eröffnen").click()
    page.fill("#id_title", "Fortschrittsbericht 2025")
    page.fill("#id_cut_off", "31.12.2025")
    page.fill("#id_due", "31.03.2026")
    page.get_by_role("button", name="Eröffnen").click()
    page.wait_for_url("**/berichte/arbeit/fortschrittsbericht-2025/")
    period = ReportingPeriod.objects.get()

    # the ownership check: every project without a ministry gets one, one click each
    unowned = period.reports.without_ministry().count()
    assert unowned > 0
    assert f"{unowned} Projekte gehören keinem Ressort" in page.locator("#ohne-ressort").inner_text()
    for _ in range(unowned):
        form = page.locator("section[aria-labelledby=ohne-ressort] form").first
        form.locator("select").select_option(index=1)
        form.get_by_role("button").click()
        page.wait_for_load_state()
    assert page.locator("#ohne-ressort").count() == 0
    assert period.reports.without_ministry().count() == 0

    # the ministries submit (their own journeys are below); the office approves everything in one go
    for report in period.reports.all():
        services.submit_report(report, acting_user=colleague)
    page.reload()
    for box in page.locator("input[name=reports]").all():
        box.check()
    page.get_by_role("button", name="Ausgewählte freigeben").click()
    page.wait_for_load_state()
    assert f"{period.reports.count()} Berichte freigegeben." in page.locator(".rm-messages").inner_text()
    assert set(period.reports.values_list("state", flat=True)) == {ReportState.APPROVED}

    page.get_by_role("link", name="Veröffentlichen", exact=True).click()
    # publishing turns 32 reports into registry data with provenance in one transaction: give it time
    page.get_by_role("button", name="Jetzt veröffentlichen").click(timeout=180_000)
    page.wait_for_url("**/berichte/fortschrittsbericht-2025/", timeout=180_000)
    period.refresh_from_db()
    assert period.is_published and period.published_by == office
    _log_out(page)


def test_editor_types_german_figures_and_sees_them_in_german(site, page, registry_report):  # noqa: F811
    report = registry_report
    _log_in(page, site, "redaktion")
    page.get_by_role("link", name=re.compile(re.escape(report.title))).first.click()
    page.fill("#id_volume_eur", "2.100.000,00")
    page.fill("#id_spent_eur", "1.250.000,50")
    page.fill("#id_state_share_percent", "90 %")
    page.fill("#id_spent_as_of", "31.12.2025")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "Gespeichert." in page.locator(".rm-messages").inner_text()
    assert page.input_value("#id_volume_eur") == "2.100.000"
    assert page.input_value("#id_spent_eur") == "1.250.000,50"
    assert page.input_value("#id_state_share_percent") == "90"
    assert page.input_value("#id_spent_as_of") == "31.12.2025"

    # a typo is refused at the top of the page, linked to the field, and nothing typed is lost
    page.fill("#id_volume_eur", "2.1 Mio")
    page.fill("#id_outlook", "Text, der nicht verloren gehen darf.")
    page.get_by_role("button", name="Speichern").click()
    summary = page.locator(".rm-error-summary").first
    assert "Volumen (Euro)" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_volume_eur"
    assert page.input_value("#id_outlook") == "Text, der nicht verloren gehen darf."
    _log_out(page)


def test_whoever_submitted_is_refused_approving(site, page, registry_report):  # noqa: F811
    office = User.objects.get(username="leitstelle")
    services.submit_report(registry_report, acting_user=office)
    _log_in(page, site, "leitstelle")
    page.get_by_role("link", name=re.compile(re.escape(registry_report.title))).first.click()
    body = page.locator("main").inner_text()
    assert "Vier-Augen-Prinzip" in body
    assert page.get_by_role("button", name="Freigeben").count() == 0
    page.fill("#entscheidung-comment", "Bitte noch die Zahlen prüfen.")
    page.get_by_role("button", name="Nur kommentieren").click()
    assert "Kommentar gespeichert." in page.locator(".rm-messages").inner_text()


@pytest.mark.slow
def test_editor_enters_places_with_german_amounts_and_they_reach_the_portal_and_the_api(
    site,  # noqa: F811
    page,
    registry_report,
):
    """Two places with "2.100.000,00" and "1,9 Mio.", submitted by the editor, approved by a reviewer, published by
    the office; the project page and the API then show both amounts."""
    report = registry_report
    named = {r["ags"] for r in report.local_references}
    first, second = Municipality.objects.exclude(ags__in=named).order_by("name")[:2]
    _log_in(page, site, "redaktion")
    page.get_by_role("link", name=re.compile(re.escape(report.title))).first.click()
    row = len(report.local_references)  # the empty row under the places the report already names
    page.select_option(f"#id_ort-{row}-place", label=first.name)
    page.fill(f"#id_ort-{row}-description", "Mobilstationen am Hauptbahnhof")
    page.fill(f"#id_ort-{row}-amount", "2.100.000,00")
    page.select_option(f"#id_ort-{row}-kind", label="bewilligt/zugesagt")
    page.get_by_role("button", name="Weitere Zeile für einen Ort").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == f"id_ort-{row + 1}-place"  # where she goes on typing
    assert page.input_value(f"#id_ort-{row}-amount") == "2.100.000,00"  # nothing typed is lost
    page.select_option(f"#id_ort-{row + 1}-place", label=second.name)
    page.fill(f"#id_ort-{row + 1}-amount", "1,9 Mio.")
    page.select_option(f"#id_ort-{row + 1}-basis", label="geschätzt")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "Gespeichert." in page.locator(".rm-messages").inner_text()
    # the rows come back in the order of the places' names, each amount in German
    assert page.input_value(f"#id_ort-{_place_row(page, first.ags)}-amount") == "2.100.000"
    assert page.input_value(f"#id_ort-{_place_row(page, second.ags)}-amount") == "1.900.000"
    if page.locator("#hinweise-geprueft").count():
        page.check("#hinweise-geprueft")
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    page.wait_for_load_state()
    assert "Eingereicht." in page.locator(".rm-messages").inner_text()
    _log_out(page)

    _log_in(page, site, "pruefung")
    page.get_by_role("link", name=re.compile(re.escape(report.title))).first.click()
    page.get_by_role("button", name="Freigeben").click()
    page.wait_for_load_state()
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    _log_out(page)

    # the other ministries' reports are not this journey: submitted and approved by two people behind the scenes
    office, reviewer = User.objects.get(username="leitstelle"), User.objects.get(username="pruefung")
    for other in report.period.reports.exclude(pk=report.pk):
        if other.project.ministry_id is None:
            services.assign_ministry(other, ministry=report.project.ministry, acting_user=office)
            other.refresh_from_db()
        services.approve_report(services.submit_report(other, acting_user=office), acting_user=reviewer)

    _log_in(page, site, "leitstelle")
    page.goto(site + reverse("reporting:dashboard", args=[report.period.slug]))
    page.get_by_role("link", name="Veröffentlichen", exact=True).click()
    page.get_by_role("button", name="Jetzt veröffentlichen").click(timeout=180_000)
    page.wait_for_url("**/berichte/fortschrittsbericht-2025/", timeout=180_000)

    page.goto(site + report.project.get_absolute_url())
    places = page.locator("section[aria-labelledby=orte]").inner_text()
    assert re.search(rf"{first.name}.*2\.100\.000", places, re.S) and re.search(
        rf"{second.name}.*1\.900\.000", places, re.S
    )
    api = page.request.get(f"{site}/api/v1/projects/{report.project.code}").json()
    amounts = {r["municipality"]["name"]: (r["funding_eur"], r["funding_basis"]) for r in api["local_references"]}
    assert amounts[first.name] == (2100000, "exact") and amounts[second.name] == (1900000, "estimated")


def _place_row(page, ags: str) -> str:
    return page.evaluate(
        "(ags) => [...document.querySelectorAll('select[name$=\"-place\"]')].find(s => s.value === ags).id", ags
    ).split("-")[1]


@pytest.fixture
def registry_report(site):  # noqa: F811
    """An open period on the imported registry; an editor of the ministry of 13-03 and the office."""
    office = _user("leitstelle", Role.PROGRAMME_OFFICE)
    period = services.open_period(
        title="Fortschrittsbericht 2025",
        cut_off=date(2025, 12, 31),
        due=date(2099, 3, 31),
        acting_user=office,
    )
    report = period.reports.select_related("project").exclude(project__ministry=None).first()
    _user("redaktion", Role.MINISTRY_EDITOR, report.project.ministry)
    _user("pruefung", Role.REVIEWER)
    return report


def test_every_staff_page_passes_axe_and_has_unique_ids(site, page, registry_report):  # noqa: F811
    report = registry_report
    period = report.period
    services.submit_report(report, acting_user=User.objects.get(username="redaktion"))
    editor = User.objects.get(username="redaktion")
    problems = []
    urls = {
        "leitstelle": [
            reverse("reporting:cockpit"),
            reverse("reporting:tasks"),
            reverse("reporting:dashboard", args=[period.slug]),
            reverse("reporting:remind", args=[period.slug]),
            reverse("reporting:period_texts", args=[period.slug]),
            reverse("reporting:publish", args=[period.slug]),
            reverse("reporting:report", args=[report.pk]),
            reverse("reporting:versions", args=[report.pk]),
            reverse("reporting:report_preview", args=[report.pk]),
            reverse("reporting:deadlines", args=[period.slug]),
            reverse("reporting:indicators", args=[report.pk]),
            reverse("accounts:people"),
            reverse("accounts:person", args=[editor.pk]),
            reverse("programmes:ministries"),
            reverse("programmes:ministry", args=[report.project.ministry_id]),
            reverse("accounts:deputies"),
            reverse("proposals:office_index"),
            reverse("opendata:round_trip"),
            reverse("programmes:indicator_manage"),
            reverse("password_change"),
            reverse("accounts:account"),
        ],
        "pruefung": [reverse("reporting:tasks"), reverse("reporting:report", args=[report.pk])],
        "redaktion": [
            reverse("reporting:tasks"),
            reverse("reporting:report", args=[report.pk]),
            reverse("accounts:deputies"),
        ],
    }
    for username, paths in urls.items():
        _log_in(page, site, username)
        for path in paths:
            page.goto(site + path)
            if dupes := page.evaluate(DUPLICATE_IDS):
                problems.append(f"{username} {path}: duplicate ids {dupes}")
            page.add_script_tag(path=str(AXE))
            problems += [f"{username} {path}: {v}" for v in page.evaluate(AXE_SERIOUS)]
        _log_out(page)
    for path in (reverse("login"), reverse("password_reset")):
        page.goto(site + path)
        page.add_script_tag(path=str(AXE))
        problems += [f"{path}: {v}" for v in page.evaluate(AXE_SERIOUS)]
    assert not problems, "\n".join(problems)
