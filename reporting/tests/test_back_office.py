"""The office's everyday cycle: owners, reminders that tell the truth, bulk actions, four-eyes, plausibility,
one decision box per report, and the workspace chrome (who is signed in, log-out, cockpit)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from programmes.models import Project
from reporting import services
from reporting.models import EventAction, ReportEvent, ReportState
from reporting.plausibility import check_report

pytestmark = pytest.mark.django_db


def _report(period, code):
    return period.reports.select_related("project", "period").get(project__code=code)


@pytest.fixture
def unowned(open_period):
    """13-02 loses its ministry, as 13 of the 32 imported reports have none."""
    Project.objects.filter(code="13-02").update(ministry=None)
    return _report(open_period, "13-02")


# --- four-eyes ---------------------------------------------------------------------------------------------


def test_whoever_submitted_a_report_cannot_approve_it(open_period, people):
    office, reviewer = people.office, people.reviewer
    report = services.submit_report(_report(open_period, "13-03"), acting_user=office)
    assert not office.has_perm("reporting.approve_report", report)
    assert reviewer.has_perm("reporting.approve_report", report)
    with pytest.raises(services.FourEyes, match="Vier-Augen-Prinzip"):
        services.approve_report(report, acting_user=office)
    assert _report(open_period, "13-03").state == ReportState.SUBMITTED
    assert services.approve_report(report, acting_user=reviewer).state == ReportState.APPROVED


def test_four_eyes_refusal_on_the_page_keeps_the_note(client, open_period, people):
    office = people.office
    report = services.submit_report(_report(open_period, "13-03"), acting_user=office)
    client.force_login(office)
    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "Vier-Augen-Prinzip" in page
    assert reverse("reporting:approve", args=[report.pk]) not in page  # no button that would fail
    response = client.post(reverse("reporting:approve", args=[report.pk]), {"comment": "Passt so, danke!"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Vier-Augen-Prinzip" in body and "Passt so, danke!" in body
    assert _report(open_period, "13-03").state == ReportState.SUBMITTED


# --- one decision box, nothing typed is lost ------------------------------------------------------------------


def _ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_submitted_report_page_has_one_comment_box_and_no_duplicate_ids(client, open_period, people):
    report = services.submit_report(_report(open_period, "13-03"), acting_user=people.editor)
    client.force_login(people.reviewer)
    html = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    ids = _ids(html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert html.count('name="comment"') == 1
    for action in ("approve", "request_changes"):
        assert f'formaction="{reverse(f"reporting:{action}", args=[report.pk])}"' in html


def test_request_changes_without_text_comes_back_with_the_reason_and_nothing_changes(client, open_period, people):
    report = services.submit_report(_report(open_period, "13-03"), acting_user=people.editor)
    client.force_login(people.reviewer)
    response = client.post(reverse("reporting:request_changes", args=[report.pk]), {"comment": "  "})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Bitte schreiben Sie dazu, was geändert werden soll." in body
    assert 'href="#entscheidung-comment"' in body  # the error summary links to the box
    assert _report(open_period, "13-03").state == ReportState.SUBMITTED


def test_a_decision_overtaken_by_a_colleague_keeps_the_reviewers_text(client, open_period, people):
    report = services.submit_report(_report(open_period, "13-03"), acting_user=people.editor)
    client.force_login(people.reviewer)
    assert client.get(reverse("reporting:report", args=[report.pk])).status_code == 200
    services.approve_report(report, acting_user=people.office)  # meanwhile, in another office
    text = "Bitte die Zahlen zum Kontrollraum ergänzen – nicht verlieren!"
    response = client.post(reverse("reporting:approve", args=[report.pk]), {"comment": text})
    assert response.status_code == 403
    body = response.content.decode()
    assert "beim Bearbeitungsstand „freigegeben“ nicht möglich" in body
    assert text in body  # still in the box, ready to send as a comment or change request
    assert not ReportEvent.objects.filter(comment=text).exists()


def test_an_empty_comment_is_refused_with_a_reason(client, open_period, people):
    client.force_login(people.editor)
    report = _report(open_period, "13-03")
    response = client.post(reverse("reporting:comment", args=[report.pk]), {"comment": ""})
    assert response.status_code == 400
    assert "Bitte einen Kommentar schreiben" in response.content.decode()


# --- owners ------------------------------------------------------------------------------------------------


def test_projects_without_ministry_are_listed_assigned_in_one_click_and_block_publishing(
    client, open_period, people, unowned, cycle_projects
):
    office = people.office
    client.force_login(office)
    dashboard = client.get(reverse("reporting:dashboard", args=[open_period.slug])).content.decode()
    assert "1 Projekt gehört keinem Ressort" in dashboard
    assert reverse("reporting:assign_ministry", args=[unowned.pk]) in dashboard

    from .conftest import approve_all

    approve_all(open_period, office)
    with pytest.raises(services.WorkflowError, match="13-02"):
        services.publish_period(open_period, acting_user=office)
    assert (
        "gehört noch keinem Ressort"
        in client.get(reverse("reporting:publish", args=[open_period.slug])).content.decode()
    )

    response = client.post(
        reverse("reporting:assign_ministry", args=[unowned.pk]),
        {f"ressort-{unowned.pk}-ministry": cycle_projects.munv.pk},
    )
    assert response.status_code == 302
    assert Project.objects.get(code="13-02").ministry == cycle_projects.munv
    assert ReportEvent.objects.filter(report=unowned, action=EventAction.MINISTRY_ASSIGNED).exists()
    assert people.editor.has_perm("reporting.view_report", _report(open_period, "13-02"))
    assert services.publish_period(open_period, acting_user=office).is_published


def test_only_the_office_assigns(client, open_period, people, unowned, cycle_projects):
    client.force_login(people.reviewer)
    url = reverse("reporting:assign_ministry", args=[unowned.pk])
    assert client.post(url, {f"ressort-{unowned.pk}-ministry": cycle_projects.munv.pk}).status_code == 403
    assert Project.objects.get(code="13-02").ministry is None


# --- reminders ---------------------------------------------------------------------------------------------


def test_reminders_show_recipients_first_and_count_only_mails_sent(
    client, open_period, people, unowned, django_capture_on_commit_callbacks
):
    client.force_login(people.office)
    url = reverse("reporting:remind", args=[open_period.slug])
    page = client.get(url).content.decode()
    # MUNV has two editors, MKW one; 13-02 has no ministry and nobody to mail
    assert "munv@example.org" in page and "munv2@example.org" in page and "mkw@example.org" in page
    assert "niemand: erst ein Ressort zuordnen" in page
    mail.outbox.clear()
    User.objects.filter(username="mkw").update(is_active=False)  # MKW has nobody left
    with django_capture_on_commit_callbacks(execute=True):
        with_captured = client.post(url, follow=True)
    body = with_captured.content.decode()
    assert "Erinnerungen an 1 Ressorts versandt." in body
    assert "Nicht erreicht (kein Konto mit E-Mail-Adresse): MKW, ohne Ressort." in body
    assert sorted(m.to[0] for m in mail.outbox) == ["munv2@example.org", "munv@example.org"]


# --- bulk actions ------------------------------------------------------------------------------------------


def test_bulk_approve_approves_the_selection_and_names_the_refused(client, open_period, people):
    editor, office = people.editor, people.office
    a = services.submit_report(_report(open_period, "13-01"), acting_user=editor)
    b = services.submit_report(_report(open_period, "13-03"), acting_user=office)  # office's own: four-eyes
    draft = _report(open_period, "15-01")
    client.force_login(office)
    response = client.post(
        reverse("reporting:bulk", args=[open_period.slug]),
        {"aktion": "freigeben", "reports": [a.pk, b.pk, draft.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert "1 Berichte freigegeben." in body
    assert "13-03 nicht geändert" in body and "Vier-Augen-Prinzip" in body
    assert "15-01 nicht geändert" in body
    states = dict(open_period.reports.values_list("project__code", "state"))
    assert states["13-01"] == ReportState.APPROVED
    assert states["13-03"] == ReportState.SUBMITTED
    assert states["15-01"] == ReportState.DRAFT


def test_carry_over_unchanged_asks_once_then_submits_all(client, open_period, people):
    client.force_login(people.editor)
    reports = [_report(open_period, code) for code in ("13-01", "13-02", "15-01")]  # 15-01 is not MUNV's
    url = reverse("reporting:bulk", args=[open_period.slug])
    confirm = client.post(url, {"aktion": "unveraendert", "reports": [r.pk for r in reports]})
    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert "2 Berichte einreichen" in body and "Nicht dabei" in body
    assert set(open_period.reports.values_list("state", flat=True)) == {ReportState.DRAFT}  # nothing yet

    client.post(url, {"aktion": "unveraendert", "confirmed": "on", "reports": [r.pk for r in reports[:2]]})
    states = dict(open_period.reports.values_list("project__code", "state"))
    assert states["13-01"] == states["13-02"] == ReportState.SUBMITTED
    assert states["15-01"] == ReportState.DRAFT
    assert ReportEvent.objects.filter(action=EventAction.CARRIED_OVER).count() == 2


# --- reviewer queue ----------------------------------------------------------------------------------------


def test_reviewer_queue_starts_with_what_waits_for_her(client, open_period, people):
    services.submit_report(_report(open_period, "13-01"), acting_user=people.editor)
    services.submit_report(_report(open_period, "15-01"), acting_user=people.office)
    client.force_login(people.reviewer)
    html = client.get(reverse("reporting:tasks")).content.decode()
    assert re.search(r"<h2>([^<]+)</h2>", html).group(1) == "Warten auf Ihre Prüfung (2)"
    assert "Zu bearbeiten" not in html  # no list of drafts she cannot act on

    client.force_login(people.office)  # the office's own submission is not in its queue (four-eyes)
    html = client.get(reverse("reporting:tasks")).content.decode()
    queue = html.split("Wartet auf Ihre Prüfung (1)", 1)[1].split("<h2>", 1)[0]
    assert "13-01" in queue and "15-01" not in queue


# --- plausibility ------------------------------------------------------------------------------------------


def test_plausibility_checks_warn_before_submitting(client, open_period, people):
    report = _report(open_period, "13-03")
    report = services.save_report(
        report,
        acting_user=people.editor,
        expected_version=report.version,
        data={
            "volume_eur": Decimal("2100000"),
            "spent_eur": Decimal("2500000"),
            "spent_as_of": date(2026, 3, 1),
            "milestones": [{"year": 2026, "month": 5, "text": "Eröffnung"}],
            "funding_text": "1,9 Millionen Euro bis zum 30.06.2025",
            "funding_determinable": True,
        },
    )
    fields = {check.field for check in check_report(report)}
    assert fields == {"spent_eur", "spent_as_of", "milestones", "funding_text"}

    client.force_login(people.editor)
    url = reverse("reporting:submit", args=[report.pk])
    refused = client.post(url)
    assert refused.status_code == 400
    assert "Bitte die Hinweise" in refused.content.decode()
    assert _report(open_period, "13-03").state == ReportState.DRAFT
    assert client.post(url, {"hinweise_geprueft": "1"}).status_code == 302
    assert _report(open_period, "13-03").state == ReportState.SUBMITTED


def test_sections_unchanged_since_last_year_are_flagged(published_period, people):
    current = services.open_period(
        title="Fortschrittsbericht 2026",
        cut_off=date(2026, 12, 31),
        due=date(2099, 3, 31),
        acting_user=people.office,
    )
    report = _report(current, "13-03")
    messages = [c.message for c in check_report(report) if c.field == "outlook"]
    assert messages and "wörtlich wie in „Fortschrittsbericht 2025“" in messages[0]


# --- workspace chrome -------------------------------------------------------------------------------------


def test_header_shows_who_is_signed_in_and_a_log_out_button(client, people, open_period):
    client.force_login(people.editor)
    html = client.get(reverse("reporting:tasks")).content.decode()
    assert "Max Verkehr" in html and "Redaktion eines Ressorts" in html and "MUNV" in html
    assert f'action="{reverse("logout")}"' in html and 'method="post"' in html
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("reporting:tasks")).status_code == 302  # signed out


def test_cockpit_links_everything_the_office_does(client, people, open_period):
    client.force_login(people.office)
    html = client.get(reverse("reporting:cockpit")).content.decode()
    for url in (
        reverse("reporting:dashboard", args=[open_period.slug]),
        reverse("reporting:remind", args=[open_period.slug]),
        reverse("reporting:publish", args=[open_period.slug]),
        reverse("proposals:office_index"),
        reverse("opendata:round_trip"),
        reverse("answers:query"),
        reverse("programmes:indicator_manage"),
    ):
        assert f'href="{url}' in html, url
    client.force_login(people.reviewer)
    assert client.get(reverse("reporting:cockpit")).status_code == 403


def test_staff_forms_are_kern_styled(client, people):
    client.force_login(people.office)
    html = client.get(reverse("reporting:open_period")).content.decode()
    assert 'class="kern-form-input__input"' in html
    assert 'class="kern-label"' in html
    response = client.post(
        reverse("reporting:open_period"), {"title": "Fortschrittsbericht 2026", "cut_off": "31.12.2026"}
    )
    body = response.content.decode()
    assert "rm-error-summary" in body and 'href="#id_due"' in body


def test_versions_page_opens_on_the_last_change_of_content(client, open_period, people):
    report = _report(open_period, "13-03")
    report = services.save_report(
        report, acting_user=people.editor, expected_version=report.version, data={"outlook": "Neuer Ausblick."}
    )
    services.submit_report(report, acting_user=people.editor)  # a state change, no content change
    client.force_login(people.reviewer)
    response = client.get(reverse("reporting:versions", args=[report.pk]))
    assert [row.name for row in response.context["rows"] if row.changed] == ["outlook"]


def test_changes_read_by_paragraph():
    from reporting.comparison import paragraph_diff

    html = str(
        paragraph_diff(
            "Bleibt.\n\nZweiter Absatz mit kleinem Fehler.\n\nAlt und ganz anders formuliert.",
            "Bleibt.\n\nZweiter Absatz mit kleinem Fehlerchen.\n\nNeuer Text über den Betrieb rund um die Uhr.",
        )
    )
    assert "<p>Bleibt.</p>" in html
    assert "<del>Fehler.</del><ins>Fehlerchen.</ins>" in html  # a small edit: the words
    assert "<p><del>Alt und ganz anders formuliert.</del></p><p><ins>Neuer Text" in html  # a rewrite: whole


def test_a_ministry_gets_its_own_deadline(
    client, open_period, people, cycle_projects, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from reporting.models import ProjectReport

    # the period's deadline has passed; MUNV got an extension, MKW did not
    open_period.due = timezone.localdate() - timezone.timedelta(days=1)
    open_period.save()
    client.force_login(people.office)
    page = client.get(reverse("reporting:deadlines", args=[open_period.slug]))
    assert page.status_code == 200
    response = client.post(
        reverse("reporting:deadlines", args=[open_period.slug]), {f"frist_{cycle_projects.munv.pk}": "31.12.2099"}
    )
    assert response.status_code == 302
    today = timezone.localdate()
    overdue = set(
        ProjectReport.objects.in_period(open_period).overdue(today=today).values_list("project__code", flat=True)
    )
    assert overdue == {"15-01"}
    assert _report(open_period, "13-03").due == date(2099, 12, 31) and not _report(open_period, "13-03").is_overdue
    rows = {
        r["project__ministry__abbreviation"]: r["overdue"] for r in open_period.reports.counts_per_ministry(today=today)
    }
    assert rows == {"MKW": 1, "MUNV": 0}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(open_period, acting_user=people.office)
    assert any("31.12.2099" in m.body for m in mail.outbox if m.to == ["munv@example.org"])
    # refused before the cut-off, with the ministry named
    with pytest.raises(services.WorkflowError, match="MUNV"):
        services.set_ministry_deadline(
            open_period, ministry=cycle_projects.munv, due=date(2025, 1, 1), acting_user=people.office
        )


def test_the_editor_sees_the_page_as_it_will_print(client, open_period, people):
    report = _report(open_period, "13-03")
    client.force_login(people.editor)
    assert (
        reverse("reporting:report_preview", args=[report.pk])
        in client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    )
    html = client.get(reverse("reporting:report_preview", args=[report.pk])).content.decode()
    assert "Mobilitätszentrale" in html and "1,9 Millionen Euro bis zum 30.06.2025" in html
    assert "Meilensteine" in html and "Start" in html
    client.force_login(people.editor_other)
    assert client.get(reverse("reporting:report_preview", args=[report.pk])).status_code == 403


def test_period_texts_flag_last_years_figures(client, published_period, people):
    from reporting.plausibility import check_period_texts

    office = people.office
    # the published period is frozen (its texts are what the next one starts from): set them below the services
    published_period.__class__.objects.filter(pk=published_period.pk).update(
        overview="Ende 2024 waren 42 Projekte abgeschlossen.\n\nDas Programm wirkt."
    )
    current = services.open_period(
        title="Fortschrittsbericht 2026", cut_off=date(2026, 12, 31), due=date(2099, 3, 31), acting_user=office
    )
    checks = check_period_texts(current)
    assert [c.field for c in checks] == ["overview"]
    assert "42 Projekte" in checks[0].message  # the paragraph with figures, not the one without
    client.force_login(office)
    assert (
        "Zahlen aus dem Vorjahr?" in client.get(reverse("reporting:period_texts", args=[current.slug])).content.decode()
    )
