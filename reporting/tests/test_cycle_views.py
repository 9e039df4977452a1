"""The pages of the reporting cycle: role × URL → status, drafts invisible to the public, conflicts, the journey."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse

from programmes.models import Project
from reporting import services
from reporting.models import EventAction, ProjectReport, ReportEvent, ReportState

from .conftest import PASSWORD, approve_all

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_role", "office", "reviewer", "editor", "editor_other")
LOGIN = 302  # anonymous visitors are sent to the log-in page


def _client(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


def _expect(table: dict, role: str) -> int:
    return table.get(role, table.get("*"))


# (name, url factory, expected status per role; "*" = every role not named)
def open_period_pages(period, report, other_report):
    return [
        ("tasks", reverse("reporting:tasks"), {"anonymous": LOGIN, "no_role": 403, "*": 200}),
        ("open_period_form", reverse("reporting:open_period"), {"anonymous": LOGIN, "office": 200, "*": 403}),
        (
            "dashboard",
            reverse("reporting:dashboard", args=[period.slug]),
            {"anonymous": LOGIN, "office": 200, "reviewer": 200, "*": 403},
        ),
        (
            "period_texts",
            reverse("reporting:period_texts", args=[period.slug]),
            {"anonymous": LOGIN, "office": 200, "*": 403},
        ),
        (
            "preview_docx",
            reverse("reporting:preview", args=[period.slug, "docx"]),
            {"anonymous": LOGIN, "office": 200, "*": 403},
        ),
        (
            "preview_txt",
            reverse("reporting:preview", args=[period.slug, "txt"]),
            {"anonymous": LOGIN, "office": 200, "*": 403},
        ),
        (
            "overview_xlsx",
            reverse("reporting:overview_xlsx", args=[period.slug]),
            {"anonymous": LOGIN, "office": 200, "*": 403},
        ),
        (
            "publish_form",
            reverse("reporting:publish", args=[period.slug]),
            {"anonymous": LOGIN, "office": 200, "*": 403},
        ),
        ("erratum_form_open", reverse("reporting:erratum", args=[period.slug]), {"anonymous": LOGIN, "*": 403}),
        (
            "report",
            reverse("reporting:report", args=[report.pk]),
            {"anonymous": LOGIN, "office": 200, "reviewer": 200, "editor": 200, "*": 403},
        ),
        (
            "report_other_ministry",
            reverse("reporting:report", args=[other_report.pk]),
            {"anonymous": LOGIN, "office": 200, "reviewer": 200, "editor_other": 200, "*": 403},
        ),
        (
            "versions",
            reverse("reporting:versions", args=[report.pk]),
            {"anonymous": LOGIN, "office": 200, "reviewer": 200, "editor": 200, "*": 403},
        ),
        ("public_period_of_draft", reverse("reporting:period", args=[period.slug]), {"*": 404}),
        ("public_download_of_draft", reverse("reporting:download", args=[period.slug, "txt"]), {"*": 404}),
        ("public_list", reverse("reporting:periods"), {"*": 200}),
        (
            "comparison_draft_only",
            reverse("reporting:project_comparison", args=["13-03"]),
            {"office": 200, "reviewer": 200, "editor": 200, "*": 404},
        ),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_role_url_status_table_while_a_period_is_open(client, people, open_period, role):
    report = open_period.reports.get(project__code="13-03")
    other = open_period.reports.get(project__code="15-01")
    _client(client, people, role)
    for name, url, table in open_period_pages(open_period, report, other):
        response = client.get(url)
        assert response.status_code == _expect(table, role), (name, role, response.status_code)


POST_ACTIONS = [
    # (name, url name, data, roles that may; others get 403, anonymous the log-in)
    ("submit", "reporting:submit", {}, {"office", "editor"}),
    ("comment", "reporting:comment", {"comment": "Frage zum Ausblick"}, {"office", "reviewer", "editor"}),
]


@pytest.mark.parametrize("role", ROLES)
def test_role_post_actions(client, people, open_period, role):
    _client(client, people, role)
    for name, url_name, data, allowed in POST_ACTIONS:
        report = open_period.reports.get(project__code="13-03")
        response = client.post(reverse(url_name, args=[report.pk]), data)
        expected = LOGIN if role == "anonymous" else (302 if role in allowed else 403)
        assert response.status_code == expected, (name, role)
    for url_name in ("reporting:remind", "reporting:publish"):
        response = client.post(reverse(url_name, args=[open_period.slug]))
        expected = LOGIN if role == "anonymous" else (302 if role == "office" else 403)
        if url_name == "reporting:publish" and role == "office":
            expected = 200  # refused (not all approved): the page says why
        assert response.status_code == expected, (url_name, role)


@pytest.mark.parametrize("role", ROLES)
def test_role_url_status_table_after_publication(client, people, published_period, role):
    report = published_period.reports.get(project__code="13-03")
    _client(client, people, role)
    pages = [
        (reverse("reporting:periods"), {"*": 200}),
        (reverse("reporting:period", args=[published_period.slug]), {"*": 200}),
        (reverse("reporting:download", args=[published_period.slug, "docx"]), {"*": 200}),
        (reverse("reporting:download", args=[published_period.slug, "txt"]), {"*": 200}),
        (reverse("reporting:project_comparison", args=["13-03"]), {"*": 200}),
        (reverse("reporting:erratum", args=[published_period.slug]), {"anonymous": LOGIN, "office": 200, "*": 403}),
        (
            reverse("reporting:dashboard", args=[published_period.slug]),
            {"anonymous": LOGIN, "office": 200, "reviewer": 200, "*": 403},
        ),
        (reverse("reporting:period_texts", args=[published_period.slug]), {"anonymous": LOGIN, "*": 403}),
        (reverse("reporting:publish", args=[published_period.slug]), {"anonymous": LOGIN, "*": 403}),
        (reverse("reporting:preview", args=[published_period.slug, "pdf"]), {"anonymous": LOGIN, "*": 403}),
        (
            reverse("reporting:report", args=[report.pk]),
            {"anonymous": LOGIN, "office": 200, "reviewer": 200, "editor": 200, "*": 403},
        ),
    ]
    for url, table in pages:
        assert client.get(url).status_code == _expect(table, role), (url, role)


def _public_urls(period=None) -> list[str]:
    urls = []
    for name, args in (
        ("portal:start", []),
        ("portal:projects", []),
        ("portal:municipalities", []),
        ("portal:action_fields", []),
        ("portal:ministries", []),
        ("portal:reports", []),
        ("portal:sitemap", []),
        ("answers:index", []),
        ("reporting:periods", []),
    ):
        try:
            urls.append(reverse(name, args=args))
        except NoReverseMatch:
            pass
    for project in Project.objects.all():
        urls.append(project.get_absolute_url())
        urls.append(reverse("reporting:project_comparison", args=[project.code]))
    urls += ["/kommunen/dortmund/", "/anfragen/kommune/dortmund/", "/anfragen/kommune/dortmund/?format=csv"]
    urls += [
        "/api/v1/projects",
        "/api/v1/projects/13-03",
        "/api/v1/projects/13-03/funding",
        "/api/v1/projects/13-03/milestones",
        "/api/v1/reporting-periods",
        "/api/v1/documents",
        "/daten/feeds/aenderungen.atom",
        "/daten/feeds/projekte/13-03.atom",
        "/daten/download/ruhr-monitor.zip",
        "/?q=GEHEIM",
        "/projekte/?q=GEHEIM",
        "/suche/?q=GEHEIM",
    ]
    try:
        from opendata.registry import DATASETS

        urls += [f"/daten/download/{slug}.csv" for slug, d in DATASETS.items() if d.open_data]
    except ImportError:  # pragma: no cover - the api app is optional for this test
        pass
    return urls


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # zip or xlsx/docx: look inside every member
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return content.decode("utf-8", "replace")


def test_nothing_of_a_draft_reaches_any_public_page_api_export_feed_search_or_count(client, people, open_period):
    marker = "GEHEIMERENTWURF"
    report = open_period.reports.get(project__code="13-03")
    services.save_report(
        report,
        acting_user=people.editor,
        expected_version=1,
        data={"outlook": f"{marker} Ausblick", "title": f"Mobilitätszentrale {marker}", "status": "not_pursued"},
    )
    before = {url: client.get(url) for url in _public_urls()}
    seen = {url: _body(r) for url, r in before.items() if r.status_code == 200}
    assert len(seen) > 15  # the crawl really reached pages
    assert not [url for url, body in seen.items() if marker in body]
    # counts: the public programme figures still come from the published report only
    assert '"not_pursued"' not in seen.get("/api/v1/projects/13-03", "")
    assert ProjectReport.objects.published().count() == 0

    approve_all(open_period, people.office)
    services.publish_period(open_period, acting_user=people.office)
    after = client.get(Project.objects.get(code="13-03").get_absolute_url())
    assert marker in after.content.decode()  # published: now it is public, with provenance


def test_a_second_save_of_the_same_version_gets_a_conflict_and_keeps_its_text(client, people, open_period):
    report = open_period.reports.get(project__code="13-03")
    url = reverse("reporting:report", args=[report.pk])
    client.force_login(people.editor)
    form = client.get(url).context["form"]
    # as the browser sends them: amounts and dates in the German notation the form shows
    data = {k: form[k].value() for k, v in form.initial.items() if v is not None and k in form.fields}
    data["links"] = ""
    data["milestones"] = form.initial["milestones"]
    data["indicators"] = ""
    data["local_references"] = []
    data["funding_determinable"] = "on"

    first = {**data, "outlook": "Fassung von Max."}
    assert client.post(url, first).status_code == 302

    client.force_login(people.editor_b)
    second = {**data, "outlook": "Fassung von Eva, die nicht verloren gehen darf."}
    response = client.post(url, second)
    assert response.status_code == 409
    page = response.content.decode()
    assert "inzwischen von Max Verkehr geändert" in page
    assert "Fassung von Eva, die nicht verloren gehen darf." in page  # her text is still in the form
    assert response.context["form"]["version"].value() == "2"  # her next save names the current version
    assert ProjectReport.objects.get(pk=report.pk).outlook == "Fassung von Max."


def test_versions_page_compares_and_restores(client, people, open_period):
    report = open_period.reports.get(project__code="13-03")
    first = report.history.get()
    services.save_report(report, acting_user=people.editor, data={"outlook": "Neu."}, expected_version=1)
    client.force_login(people.editor)
    page = client.get(reverse("reporting:versions", args=[report.pk])).content.decode()
    assert "<del>Weiterer Ausbau.</del>" in page and "<ins>Neu.</ins>" in page
    response = client.post(reverse("reporting:restore", args=[report.pk, first.history_id]), {"version": "2"})
    assert response.status_code == 302
    assert ProjectReport.objects.get(pk=report.pk).outlook == "Weiterer Ausbau."


def _edit(client, url, **changes):
    form = client.get(url).context["form"]
    data = {
        k: form[k].value()
        for k, v in form.initial.items()
        if v is not None and k != "local_references" and k in form.fields
    }
    data["local_references"] = form.initial.get("local_references", [])
    data["funding_determinable"] = "on" if form.initial.get("funding_determinable") else ""
    data.update(changes)
    return client.post(url, data)


def test_done_criterion_editor_updates_and_submits_office_reviews_publishes_and_downloads(
    client, people, cycle_projects, django_capture_on_commit_callbacks
):
    """A ministry editor logs in, updates the three projects of the ministry for a new period and submits;
    the office requests a change, approves, publishes and downloads PDF and Word; nothing of the draft was
    visible to the public before publication; every step is in the history."""
    office, editor = people.office, people.editor

    # the office opens the period through its page
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:open_period"),
            {"title": "Fortschrittsbericht 2025", "cut_off": "31.12.2025", "due": "31.03.2026"},
        )
    assert response.status_code == 302
    period = cycle_projects.munv.projects.first().reports.get().period
    assert "Berichtsperiode eröffnet" in mail.outbox[0].subject
    client.logout()

    # the editor logs in through the real log-in form (Argon2, django-axes in the path)
    editor.set_password(PASSWORD)
    editor.save()
    response = client.post(reverse("login"), {"username": "munv", "password": PASSWORD})
    assert response.status_code == 302
    tasks = client.get(reverse("reporting:tasks"))
    mine = tasks.context["todo"]
    assert sorted(r.project.code for r in mine) == ["13-01", "13-02", "13-03"]
    for report in mine:
        url = reverse("reporting:report", args=[report.pk])
        response = _edit(client, url, recent_development=f"2025: {report.title} kommt voran. ENTWURFSTEXT")
        assert response.status_code == 302, response.content.decode()[:2000]
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(reverse("reporting:submit", args=[report.pk])).status_code == 302

    # nothing of it is public yet
    anonymous = client.__class__()
    for url in _public_urls():
        response = anonymous.get(url)
        if response.status_code == 200:
            assert "ENTWURFSTEXT" not in _body(response), url

    # the office requests a change on one, the editor revises and resubmits
    client.force_login(office)
    mz = period.reports.get(project__code="13-03")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:request_changes", args=[mz.pk]), {"comment": "Bitte den Kontrollraum erwähnen."})
    assert ProjectReport.objects.get(pk=mz.pk).state == ReportState.CHANGES_REQUESTED
    assert any("Kontrollraum" in m.body for m in mail.outbox)
    client.force_login(editor)
    assert "Bitte den Kontrollraum erwähnen." in client.get(reverse("reporting:tasks")).content.decode()
    _edit(
        client, reverse("reporting:report", args=[mz.pk]), current_status="Kontrollraum im 24/7-Betrieb. ENTWURFSTEXT"
    )
    client.post(reverse("reporting:submit", args=[mz.pk]))

    # the office approves all (the fourth project, submitted by its own ministry, included) and publishes;
    # four-eyes: the office approves what others submitted
    client.force_login(office)
    for report in period.reports.all():
        if report.state == ReportState.DRAFT:
            services.submit_report(report, acting_user=people.editor_other)
        assert client.post(reverse("reporting:approve", args=[report.pk]), {"comment": ""}).status_code == 302
    assert set(period.reports.values_list("state", flat=True)) == {ReportState.APPROVED}
    assert client.get(reverse("reporting:preview", args=[period.slug, "docx"])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:publish", args=[period.slug]))
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.is_published and period.document is not None

    # the office downloads the PDF and the Word file
    pdf = client.get(reverse("reporting:download", args=[period.slug, "pdf"]), follow=True)
    if pdf.redirect_chain:  # rendered in the background: the progress page links the file
        job_page = pdf
        assert job_page.context["file_url"]
        pdf = client.get(job_page.context["file_url"])
    data = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert data[:4] == b"%PDF"
    docx = client.get(reverse("reporting:download", args=[period.slug, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        assert "Kontrollraum im 24/7-Betrieb." in archive.read("word/document.xml").decode()

    # the public now sees it, and every step is in the history
    public = anonymous.get(Project.objects.get(code="13-03").get_absolute_url()).content.decode()
    assert "Kontrollraum im 24/7-Betrieb." in public
    actions = list(ReportEvent.objects.filter(report=mz).order_by("pk").values_list("action", flat=True))
    assert actions == ["saved", "submitted", "changes_requested", "saved", "submitted", "approved"]
    assert ReportEvent.objects.filter(period=period, action=EventAction.OPENED, actor=office).exists()
    assert ReportEvent.objects.filter(period=period, action=EventAction.PUBLISHED, actor=office).exists()
    history = list(mz.history.order_by("history_id").values_list("history_change_reason", "history_user__username"))
    assert history[0] == ("aus dem Vorbericht übernommen", "leitstelle")
    assert ("eingereicht", "munv") in history and ("Änderungen erbeten", "leitstelle") in history
    assert history[-1] == ("veröffentlicht", "leitstelle")
    assert period.history.filter(history_change_reason="veröffentlicht").exists()


def test_period_pages_show_counts_changes_and_errata(client, people, published_period):
    services.add_erratum(published_period, acting_user=people.office, text="Tippfehler im Titel korrigiert.")
    page = client.get(reverse("reporting:period", args=[published_period.slug])).content.decode()
    assert "Tippfehler im Titel korrigiert." in page
    assert "Stand der Ressortprojekte" in page
    comparison = client.get(reverse("reporting:project_comparison", args=["13-03"])).content.decode()
    assert "Mobilitätszentrale" in comparison


def test_dashboard_counts_per_ministry(client, people, open_period):
    open_period.due = date(2020, 1, 1)
    open_period.save()
    client.force_login(people.office)
    response = client.get(reverse("reporting:dashboard", args=[open_period.slug]))
    rows = {r["project__ministry__abbreviation"]: r for r in response.context["per_ministry"]}
    assert rows["MUNV"]["total"] == 3 and rows["MUNV"]["overdue"] == 3
    assert response.context["totals"]["total"] == 4


@pytest.mark.parametrize("role", ["office", "reviewer", "editor"])
def test_the_workspace_links_the_programme_indicators_for_the_office_only(client, people, open_period, role):
    client.force_login(people[role])
    link = reverse("programmes:indicator_manage")
    page = client.get(reverse("reporting:tasks")).content.decode()
    assert (f'href="{link}"' in page) == (role == "office")
    assert client.get(link).status_code == (200 if role == "office" else 403)
