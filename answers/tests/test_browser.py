"""The office's journey in a real browser (Debian's Chromium via Playwright): paste a Kleine Anfrage, pick
Bochum, untick a project, add a Vorbemerkung, download the Word file and find all of it in there."""

from __future__ import annotations

import pytest
from docx import Document

from portal.tests.test_browser import AXE, DESKTOP, browser  # noqa: F401 (the shared browser fixture)

from .conftest import PASTED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_RUN = """async () => (await axe.run(document, {
       runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
       resultTypes: ['violations'],
   })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(v => `${v.id} (${v.impact}): ${v.help} – ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)"""


def test_office_pastes_picks_edits_and_downloads_the_answer(browser, live_server, imported_committed, tmp_path):  # noqa: F811
    from accounts.models import Role, User
    from programmes.models import Project

    User.objects.create_user("leitstelle", "l@example.org", "pw-sehr-lang-123", role=Role.PROGRAMME_OFFICE)
    context = browser.new_context(viewport=DESKTOP, locale="de-DE", bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/konto/login/?next=/anfragen/kleine-anfragen/neu/")
    page.fill("#id_username", "leitstelle")
    page.fill("#id_password", "pw-sehr-lang-123")
    page.click("form[method=post] button[type=submit]")
    page.wait_for_url("**/anfragen/kleine-anfragen/neu/")
    page.add_script_tag(path=str(AXE))
    problems = page.evaluate(AXE_RUN)

    page.fill("#id_text", PASTED.format(place="Bochum"))
    page.select_option("#id_municipality", label="Bochum")
    page.get_by_role("button", name="Erfassen und Entwurf vorbereiten").click()
    page.wait_for_url("**/anfragen/kleine-anfragen/*/")
    assert "2 Fragen erkannt" in page.locator(".rm-messages").inner_text()
    assert page.locator("h1").inner_text() == "Kleine Anfrage 4711: Was bringt die Ruhr-Konferenz Bochum?"
    page.add_script_tag(path=str(AXE))
    problems += page.evaluate(AXE_RUN)
    assert not problems, "\n".join(problems)

    klima = Project.objects.get(code="14-02")
    box = page.get_by_label(f"{klima.title} [14-02]")
    assert box.is_checked()
    box.uncheck()
    page.fill(
        "#id_preliminary_remark", "Die Landesregierung nimmt die Anfrage zum Anlass, die Ruhr-Konferenz zu würdigen."
    )
    page.fill("#id_answer_2", "Die Ziele werden jährlich im Fortschrittsbericht bewertet.")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_selector("text=Entwurf gespeichert.")
    assert not page.get_by_label(f"{klima.title} [14-02]").is_checked()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Antwort als Word-Datei (DOCX)").click()
    download = download_info.value
    assert download.suggested_filename == "antwort-kleine-anfrage-18-4711-bochum.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    context.close()

    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].startswith("LANDTAG NORDRHEIN-WESTFALEN")
    assert "Vorbemerkung der Landesregierung" in texts
    assert "Die Landesregierung nimmt die Anfrage zum Anlass, die Ruhr-Konferenz zu würdigen." in texts
    assert "Die Ziele werden jährlich im Fortschrittsbericht bewertet." in texts
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "[14-01]" in cells and "[14-02]" not in cells
