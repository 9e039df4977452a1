"""The portal in a real browser: Debian's headless Chromium, driven by Playwright, against pytest-django's live server.

Run with `make test` (installs the Debian package `chromium`); never `playwright install`.
Set PORTAL_SCREENSHOTS=DIR to keep screenshots of the main pages (desktop and 320 px).
"""

from __future__ import annotations

import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from conftest import REPORT_2024
from importers import ParliamentaryAnswerImporter, ProgressReportImporter
from places.models import District
from programmes.models import ProgrammeIndicator, Project
from reporting.models import ReportingPeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser():
    missing = [str(p) for p in (CHROMIUM, AXE) if not p.exists()]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests need {', '.join(missing)} (make install, make test-sqlite)")
        pytest.skip(f"not installed: {', '.join(missing)} (make test installs them)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop; Django's async-safety check must not trip over it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server, report_path, answer_path):
    ProgressReportImporter().run(report_path)
    ParliamentaryAnswerImporter().run(answer_path)
    return live_server.url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="de-DE", has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    folder = os.environ.get("PORTAL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const path = el.querySelector && el.querySelector('path');
  const pathStroke = path ? parseFloat(getComputedStyle(path).strokeWidth) : 0;
  return {
    text: (el.getAttribute('aria-label') || el.textContent || el.value || el.id || '').trim().replace(/\\s+/g, ' '),
    tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute('href') || '',
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    svgStroke: pathStroke >= 3,
  };
}"""


def tab_to(page, matches, limit: int = 250) -> dict:
    """Press Tab until the focused element satisfies `matches`; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        assert state is not None, "focus left the page"
        assert state["outline"] or state["svgStroke"], f"focus not visible on {state}"
        if matches(state):
            return state
    raise AssertionError("target not reachable with the Tab key")


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


# --- the done criterion ------------------------------------------------------------------------


def test_newcomer_on_a_phone_with_a_keyboard_finds_places_money_and_source(site, phone):
    """From the start page, keyboard only, at 320 px: Gelsenkirchen's projects, the Research Alliance's
    75 million euros, and the report, page and line that number comes from."""
    page = phone
    page.goto(site + "/")
    assert no_horizontal_scroll(page)
    # 1. Which projects concern Gelsenkirchen? Via "Projekte nach Kommune".
    tab_to(page, lambda s: s["text"] == "Projekte nach Kommune")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kommunen/")
    tab_to(page, lambda s: s["href"] == "/kommunen/gelsenkirchen/" and s["tag"] == "a" and s["text"] == "Gelsenkirchen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kommunen/gelsenkirchen/")
    assert page.locator("h1").inner_text() == "Ruhr-Konferenz in Gelsenkirchen"
    listed = page.locator("#projekte-hier ~ ul.rm-projects h3 a").all_inner_texts()
    assert "Innovation City – Prima. Klima. Ruhrmetropole." in listed and len(listed) == 3
    assert no_horizontal_scroll(page)
    screenshot(page, "journey-1-gelsenkirchen-320")

    # 2. How much did the Research Alliance Ruhr receive? Search from the header.
    tab_to(page, lambda s: s["id"] == "kopf-suche")
    page.keyboard.type("Research Alliance")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/projekte/\?q=Research"))
    tab_to(page, lambda s: s["text"] == "Research Alliance Ruhr")
    page.keyboard.press("Enter")
    page.wait_for_url("**/projekte/15-01-research-alliance-ruhr/")
    assert page.locator("h1").inner_text() == "Research Alliance Ruhr"
    funding = page.locator("#projektvolumen ~ blockquote").inner_text()
    assert "75 Millionen Euro für die Aufbauphase" in funding
    assert no_horizontal_scroll(page)
    screenshot(page, "journey-2-project-320")

    # 3. From which page of which report? The source link names both and leads to the line.
    source = tab_to(page, lambda s: s["text"].startswith("Fortschrittsbericht 2024") and "Seite 41" in s["text"])
    assert "Zeile 1176" in source["text"]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/quellen/\d+/\?von=1176&bis=1176#L1176"))
    assert page.locator("h1").inner_text() == "Fortschrittsbericht 2024"
    highlighted = page.locator(".rm-doc .hl").inner_text()
    assert "75 Millionen Euro für die Aufbauphase" in highlighted
    assert page.locator("#L1176").is_visible()
    assert "Gedruckte Seite 41" in page.locator(".kern-alert").inner_text()
    assert no_horizontal_scroll(page)
    screenshot(page, "journey-3-source-320")


# --- clicking through ------------------------------------------------------------------------


def test_click_search_project_municipality(site, desktop):
    page = desktop
    page.goto(site + "/")
    screenshot(page, "start-desktop")
    page.get_by_label("Projekt, Thema oder Ort suchen").fill("Brachfläche")
    page.get_by_role("button", name="Projekte suchen").click()
    page.wait_for_url(re.compile(r".*/projekte/\?q=Brachfl"))
    assert "1 von" in page.locator("#trefferzahl").inner_text()
    screenshot(page, "search-desktop")
    page.get_by_role("link", name="Revitalisierung von Brachflächen").click()
    page.wait_for_url("**/projekte/11-04-revitalisierung-von-brachflachen/")
    assert page.locator("h1").inner_text() == "Revitalisierung von Brachflächen"
    screenshot(page, "project-desktop")
    page.locator("#orte ~ div").get_by_role("link", name="Dortmund").first.click()
    page.wait_for_url("**/kommunen/dortmund/")
    assert "Revitalisierung von Brachflächen" in page.locator("main").inner_text()
    screenshot(page, "municipality-desktop")
    # and the map on the start page leads to a municipality too
    page.goto(site + "/")
    page.locator("svg a[href='/kommunen/bochum/']").click()
    page.wait_for_url("**/kommunen/bochum/")


def test_filters_update_results_in_place_and_keep_a_shareable_url(site, desktop):
    page = desktop
    page.goto(site + "/projekte/")
    page.evaluate("window.__noReload = true")
    page.select_option("#id_handlungsfeld", "mobilitaet")
    page.wait_for_url(re.compile(r".*handlungsfeld=mobilitaet"))
    page.wait_for_function("document.querySelector('#trefferzahl').textContent.includes('von')")
    assert page.evaluate("window.__noReload") is True  # htmx swapped the results, no page load
    codes = page.locator("#ergebnisse .rm-code").all_inner_texts()
    assert codes and all(code.startswith("13-") for code in codes)
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)  # the URL alone restores the same list
    assert other.locator("#ergebnisse .rm-code").all_inner_texts() == codes
    assert other.locator("#id_handlungsfeld").input_value() == "mobilitaet"
    other.close()


def test_pagination_and_sorting_update_in_place_and_move_focus_to_the_results(site, desktop):
    from playwright.sync_api import expect as playwright_expect

    page = desktop
    page.goto(site + "/projekte/?sortierung=titel")
    page.evaluate("window.__noReload = true")
    first_page = page.locator("#ergebnisse .rm-code").all_inner_texts()
    next_link = page.get_by_role("link", name="nächste Seite")
    if not next_link.count():
        pytest.skip("fewer projects than one page holds")
    next_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*seite=2"))
    # a locator assertion, not wait_for_function: that evaluates a string, which the page's CSP refuses
    playwright_expect(page.locator("#ergebnisse-titel")).to_be_focused()
    assert page.evaluate("window.__noReload") is True
    assert not set(page.locator("#ergebnisse .rm-code").all_inner_texts()) & set(first_page)
    assert "sortierung=titel" in page.url


def test_without_javascript_the_filters_work_as_a_form(site, browser):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/projekte/")
    page.select_option("#id_status", "completed")
    page.get_by_role("button", name="Anwenden").click()
    page.wait_for_url(re.compile(r".*status=completed"))
    assert page.locator("#ergebnisse .rm-status").all_inner_texts()
    assert set(page.locator("#ergebnisse .rm-status").all_inner_texts()) == {"abgeschlossen"}
    context.close()


# --- keyboard, small screens, axe --------------------------------------------------------------


def test_keyboard_skip_link_and_visible_focus(site, desktop):
    page = desktop
    page.goto(site + "/")
    first = tab_to(page, lambda s: True)
    assert first["text"] == "Zum Inhalt springen"
    assert page.locator(".rm-skip").bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"
    # every stop through header, hero, figures, chart table and into the map shows its focus
    tab_to(page, lambda s: s["href"] == "/kommunen/bochum/" and s["tag"] == "a" and "Projekte" in s["text"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/kommunen/bochum/")


def test_a_cited_line_keeps_the_lines_above_it_in_view(site, desktop):
    project = Project.objects.published().get(code="15-01")
    statement = project.current_funding()
    start = statement.start_line
    desktop.goto(f"{site}/quellen/{statement.document_id}/?von={start}&bis={statement.end_line}#L{start}")
    # KERN scrolls smoothly: wait until the page has come to rest at the fragment
    positions = [None, None]
    for _ in range(50):
        desktop.wait_for_timeout(100)
        positions.append(desktop.evaluate("scrollY"))
        if positions[-1] == positions[-2] == positions[-3] and positions[-1] > 0:
            break
    tops = desktop.evaluate(
        f"() => [{start - 5}, {start}].map(n => document.getElementById('L' + n).getBoundingClientRect().top)"
    )
    above, cited = tops
    assert 0 <= above < cited < desktop.viewport_size["height"], tops


def page_types() -> list[str]:
    project = Project.objects.published().get(code="15-01")
    report = project.current_funding().document
    call_command("load_indicator_reference", stdout=StringIO())  # the programme indicators `make data` defines
    programme_indicator = ProgrammeIndicator.objects.get(slug="zugesagte-foerdermittel")
    call_command("create_period_from_document", str(REPORT_2024), stdout=StringIO())  # the published report page
    period = ReportingPeriod.objects.published().first()
    district = District.objects.order_by("name").first()
    return [
        "/",
        "/?karte=foerderung",
        "/projekte/",
        "/projekte/?q=Mobilit%C3%A4t&handlungsfeld=mobilitaet",
        "/projekte/?q=gibtesnicht",
        project.get_absolute_url(),
        "/projekte/13-03-mobilitatszentrale/",
        "/kommunen/",
        "/kommunen/bochum/",
        "/handlungsfelder/",
        "/handlungsfelder/bildung/",
        "/ressorts/",
        f"/ressorts/{project.ministry.slug}/",
        "/quellen/",
        f"/quellen/{report.pk}/?von=1176&bis=1176",
        "/kennzahlen/",
        programme_indicator.get_absolute_url(),
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/leichte-sprache/",
        "/gebaerdensprache/",
        "/programm/",
        "/akteure/",
        "/akteure/ruhr-universitaet-bochum/",
        "/daten/",
        "/anfragen/",
        "/anfragen/kommune/bochum/",
        f"/anfragen/kreis/{district.slug}/",
        reverse("reporting:periods"),
        reverse("reporting:period", args=[period.slug]),
        "/ideen/",
        "/ideen/einreichen/",
        "/gibt-es-nicht/",
    ]


def test_every_page_type_has_no_serious_axe_violations_and_fits_320_px(site, browser):
    problems = []
    urls = page_types()
    for viewport in (DESKTOP, PHONE):
        # axe is injected as an inline script, which the Content-Security-Policy rightly refuses; CSP is tested below.
        context = browser.new_context(viewport=viewport, locale="de-DE", bypass_csp=True)
        page = context.new_page()
        for url in urls:
            page.goto(site + url)
            if viewport is PHONE:
                if not no_horizontal_scroll(page):
                    problems.append(f"{url}: wider than 320 px")
                continue
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                """async () => (await axe.run(document, {
                       runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                       resultTypes: ['violations'],
                   })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => `${v.id} (${v.impact}): ${v.help} – ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)"""
            )
            problems += [f"{url}: {v}" for v in violations]
        context.close()
    assert not problems, "\n".join(problems)


def test_no_page_breaks_the_content_security_policy(site, browser, admin_user):
    """Every page type, the Swagger UI and the admin run under the policy without a single violation."""
    context = browser.new_context(viewport=DESKTOP, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    for url in [*page_types(), "/projekte/?handlungsfeld=mobilitaet", "/api/v1/docs", "/ideen/einreichen/", "/daten/"]:
        page.goto(site + url)
        page.wait_for_load_state("networkidle")
    # htmx partial update under the policy (no indicator <style>, no eval)
    page.goto(site + "/projekte/")
    page.locator("#ergebnisse a[href*='seite=2']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".swagger-ui").count() == 0
    page.goto(site + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    page.goto(site + "/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.goto(site + "/admin/programmes/project/")
    page.wait_for_load_state("networkidle")
    context.close()
    assert not violations, "\n".join(violations)


def test_programme_indicator_editor_is_accessible_and_saves(site, browser):
    from accounts.models import Role, User

    User.objects.create_user("leitstelle", "l@example.org", "pw-sehr-lang-123", role=Role.PROGRAMME_OFFICE)
    call_command("load_indicator_reference", stdout=StringIO())
    context = browser.new_context(viewport=DESKTOP, locale="de-DE", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(site + "/konto/login/?next=/kennzahlen/leitstelle/")
    page.fill("#id_username", "leitstelle")
    page.fill("#id_password", "pw-sehr-lang-123")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/kennzahlen/leitstelle/")
    problems = []
    for url in [
        "/kennzahlen/leitstelle/",
        "/kennzahlen/leitstelle/neu/",
        "/kennzahlen/leitstelle/erreichte-jugendliche/",
    ]:
        page.goto(site + url)
        page.add_script_tag(path=str(AXE))
        problems += [
            f"{url}: {v}"
            for v in page.evaluate(
                """async () => (await axe.run(document, {
                       runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                       resultTypes: ['violations'],
                   })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => `${v.id} (${v.impact}): ${v.help}`)"""
            )
        ]
    assert not problems, "\n".join(problems)
    page.goto(site + "/kennzahlen/leitstelle/neu/")
    page.fill("#id_name", "Telekonsile insgesamt")
    page.fill("#id_match_unit", "Telekonsile")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/kennzahlen/programm/telekonsile-insgesamt/")
    assert "mehr als 5.000" in page.locator("main").inner_text()
    context.close()


# --- English (issue 20) ----------------------------------------------------------------------------


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {
               runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
               resultTypes: ['violations'],
           })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.id} (${v.impact}): ${v.help} – ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)"""
    )


def test_a_reader_switches_to_english_and_opens_a_project(site, browser):
    """Keyboard to "English" in the top bar, search in English, the project page in English with its German text
    marked, and back to the same page in German; axe finds nothing serious and nothing is wider than 320 px."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(site + "/")
    assert page.locator("html").get_attribute("lang") == "de"
    switch = tab_to(page, lambda s: s["text"] == "English")
    assert switch["href"] == "/en/"
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "What has become of the projects of the Ruhr-Konferenz"
    assert not axe_violations(page)

    page.get_by_label("Search for a project, topic or place").fill("Research Alliance")
    page.get_by_role("button", name="Search projects").click()
    page.wait_for_url(re.compile(r".*/en/projekte/\?q=Research"))
    page.get_by_role("link", name="Research Alliance Ruhr").click()
    page.wait_for_url("**/en/projekte/15-01-research-alliance-ruhr/")
    heading = page.locator("h1")
    assert heading.inner_text() == "Research Alliance Ruhr" and heading.get_attribute("lang") == "de"
    assert page.locator("#projektvolumen").inner_text() == "Project volume"
    assert page.locator("#projektvolumen ~ blockquote").first.get_attribute("lang") == "de"
    assert not axe_violations(page)

    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_url(site + "/projekte/15-01-research-alliance-ruhr/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("#projektvolumen").inner_text() == "Projektvolumen"

    # a sort link replaces the list without a new header: the language link follows the new query
    page.goto(site + "/projekte/")
    page.get_by_role("link", name="Titel (A–Z)").click()
    page.wait_for_url(re.compile(r".*/projekte/\?sortierung=titel$"))
    page.get_by_role("link", name="English").click()
    page.wait_for_url(site + "/en/projekte/?sortierung=titel")
    assert page.locator("main h3").first.inner_text().startswith("chemstars.nrw")

    page.set_viewport_size(PHONE)
    for url in ("/en/", "/en/projekte/15-01-research-alliance-ruhr/", "/en/kommunen/bochum/"):
        page.goto(site + url)
        assert no_horizontal_scroll(page), url
    context.close()
