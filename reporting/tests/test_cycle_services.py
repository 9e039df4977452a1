"""The named state changes of the reporting cycle: prefill, workflow, locking, history, freezing, publishing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.actors import SYSTEM
from accounts.models import MailFrequency
from operations.models import Notification
from programmes.models import FundingStatement, IndicatorValue, Milestone, Project, ProjectSection, StatusRecord
from reporting import services
from reporting.models import (
    Erratum,
    EventAction,
    FrozenReportError,
    PeriodState,
    ProjectReport,
    ReportEvent,
    ReportingPeriod,
    ReportState,
)
from sources.models import DocumentKind, ImportRun, Provenance, SourceDocument

from .conftest import approve_all

pytestmark = pytest.mark.django_db


def _report(period, code) -> ProjectReport:
    return period.reports.select_related("project").get(project__code=code)


def test_opening_a_period_prefills_a_draft_per_published_project_from_the_registry(open_period, cycle_projects):
    reports = {r.project.code: r for r in open_period.reports.select_related("project")}
    assert set(reports) == {"13-01", "13-02", "13-03", "15-01"}  # not the internal 99-01
    mz = reports["13-03"]
    assert mz.state == ReportState.DRAFT and mz.version == 1
    assert mz.title == "Mobilitätszentrale"
    assert mz.responsible.startswith("Ministerium für Umwelt")
    assert mz.status == mz.previous_status == "in_progress"
    assert mz.recent_development == "Stand 2024 von Mobilitätszentrale."
    assert mz.outlook == "Weiterer Ausbau."
    assert mz.milestones == [
        {"year": 2023, "year_end": None, "month": None, "day": None, "text": "Start", "subproject": ""}
    ]
    assert mz.volume_eur == Decimal("1900000") and "1,9 Millionen" in mz.funding_text
    assert mz.history.count() == 1  # the prefill is the first version
    assert ReportEvent.objects.filter(period=open_period, action=EventAction.OPENED).exists()


def test_only_one_period_can_be_open_and_cut_off_must_move_forward(open_period, people):
    with pytest.raises(services.WorkflowError, match="noch offen"):
        services.open_period(title="X", cut_off=date(2026, 12, 31), due=date(2027, 3, 1), acting_user=people.office)


def test_only_the_office_opens_periods(cycle_projects, people):
    for who in ("editor", "reviewer", "no_role"):
        with pytest.raises(PermissionDenied):
            services.open_period(title="X", cut_off=date(2025, 12, 31), due=date(2026, 3, 1), acting_user=people[who])


def test_next_period_is_prefilled_from_the_previous_published_one(published_period, people):
    with pytest.raises(services.WorkflowError, match="Stichtag"):
        services.open_period(
            title="Zu früh", cut_off=date(2025, 6, 30), due=date(2099, 1, 1), acting_user=people.office
        )
    nxt = services.open_period(
        title="Fortschrittsbericht 2026", cut_off=date(2026, 12, 31), due=date(2099, 1, 1), acting_user=people.office
    )
    before = _report(published_period, "13-03")
    after = _report(nxt, "13-03")
    assert nxt.previous == published_period
    assert after.recent_development == before.recent_development
    assert after.position == before.position and after.state == ReportState.DRAFT


def test_workflow_draft_submitted_changes_requested_approved(open_period, people, django_capture_on_commit_callbacks):
    report = _report(open_period, "13-03")
    people.reviewer.mail_frequency = MailFrequency.IMMEDIATE
    people.reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_report(report, acting_user=people.editor)
    assert report.state == ReportState.SUBMITTED and report.submitted_by == people.editor
    # The reviewer chose "sofort"; the office keeps the default and finds it in tomorrow's digest.
    assert [m.to[0] for m in mail.outbox] == ["pruefung@example.org"]
    assert list(Notification.objects.unsent().values_list("user__username", "kind")) == [
        ("leitstelle", "report_submitted")
    ]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_changes(report, acting_user=people.reviewer, comment="Bitte Zahlen 2025 ergänzen.")
    assert report.state == ReportState.CHANGES_REQUESTED
    assert {m.to[0] for m in mail.outbox} == {"munv@example.org", "munv2@example.org"}
    assert "Bitte Zahlen 2025 ergänzen." in mail.outbox[0].body

    report = services.submit_report(report, acting_user=people.editor)
    report = services.approve_report(report, acting_user=people.reviewer)
    assert report.state == ReportState.APPROVED and report.approved_by == people.reviewer
    actions = list(report.events.values_list("action", flat=True))
    assert actions == ["submitted", "changes_requested", "submitted", "approved"]
    reasons = list(report.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons[-4:] == ["eingereicht", "Änderungen erbeten", "eingereicht", "freigegeben"]


def test_change_request_needs_a_comment_and_invalid_transitions_are_refused(open_period, people):
    report = _report(open_period, "13-03")
    with pytest.raises(services.WorkflowError):
        services.approve_report(report, acting_user=people.reviewer)  # still a draft
    report = services.submit_report(report, acting_user=people.editor)
    with pytest.raises(services.WorkflowError, match="was geändert"):
        services.request_changes(report, acting_user=people.reviewer, comment="  ")
    with pytest.raises(services.WorkflowError):
        services.submit_report(report, acting_user=people.editor)  # already submitted


def test_no_mail_is_sent_when_the_transaction_rolls_back(open_period, people, django_capture_on_commit_callbacks):
    report = _report(open_period, "13-03")
    people.reviewer.mail_frequency = MailFrequency.IMMEDIATE
    people.reviewer.save()
    with django_capture_on_commit_callbacks() as callbacks:
        services.submit_report(report, acting_user=people.editor)
    assert len(callbacks) == 1 and mail.outbox == []  # queued for the commit, not sent inside it

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.comment_report(report, acting_user=people.editor, comment="Zahlen folgen.")
            raise RuntimeError("abgebrochen")
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.filter(kind="report_commented").exists()


def test_editors_act_only_on_their_ministrys_reports(open_period, people):
    other = _report(open_period, "15-01")
    with pytest.raises(PermissionDenied):
        services.submit_report(other, acting_user=people.editor)
    with pytest.raises(PermissionDenied):
        services.save_report(other, acting_user=people.editor, data={"outlook": "x"}, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.approve_report(
            services.submit_report(_report(open_period, "13-03"), acting_user=people.editor),
            acting_user=people.editor,
        )


def test_renamed_ministry_keeps_its_projects_and_editors(open_period, people, cycle_projects):
    cycle_projects.munv.name = "Ministerium für Verkehr (neu benannt)"
    cycle_projects.munv.save()
    report = _report(open_period, "13-03")
    saved = services.save_report(report, acting_user=people.editor, data={"outlook": "Neu."}, expected_version=1)
    assert saved.outlook == "Neu."


def test_every_save_is_a_version_with_who_when_and_what(open_period, people):
    report = _report(open_period, "13-03")
    report = services.save_report(
        report, acting_user=people.editor, data={"outlook": "Ausbau 2026."}, expected_version=1
    )
    assert report.version == 2
    newest = report.history.order_by("-history_id").first()
    assert newest.history_user == people.editor and newest.outlook == "Ausbau 2026."
    assert newest.history_change_reason == "gespeichert"
    # saving the same content again writes nothing
    same = services.save_report(report, acting_user=people.editor, data={"outlook": "Ausbau 2026."}, expected_version=2)
    assert same.version == 2 and report.history.count() == 2


def test_two_saves_of_the_same_version_never_overwrite_each_other(open_period, people):
    first = _report(open_period, "13-03")
    second = _report(open_period, "13-03")  # both editors loaded version 1

    services.save_report(first, acting_user=people.editor, data={"outlook": "Text von Max."}, expected_version=1)
    with pytest.raises(services.EditConflict) as caught:
        services.save_report(second, acting_user=people.editor_b, data={"outlook": "Text von Eva."}, expected_version=1)

    assert "inzwischen von Max Verkehr geändert" in str(caught.value)
    assert caught.value.current.outlook == "Text von Max."
    assert ProjectReport.objects.get(pk=first.pk).outlook == "Text von Max."  # the first save stands


def test_a_stale_save_after_a_state_change_is_a_conflict(open_period, people):
    report = _report(open_period, "13-03")
    services.submit_report(report, acting_user=people.editor)
    with pytest.raises(services.EditConflict):
        services.save_report(report, acting_user=people.office, data={"outlook": "spät"}, expected_version=1)


def test_restoring_a_version_makes_it_current_as_a_new_version(open_period, people):
    report = _report(open_period, "13-03")
    original = report.history.get()
    report = services.save_report(report, acting_user=people.editor, data={"outlook": "Falsch."}, expected_version=1)
    report = services.restore_report_version(
        report, history_id=original.history_id, acting_user=people.editor, expected_version=2
    )
    assert report.outlook == "Weiterer Ausbau." and report.version == 3
    assert report.history.count() == 3  # nothing lost: the wrong text is still a version
    assert report.events.filter(action=EventAction.RESTORED).exists()


def test_reminders_go_to_ministries_that_still_owe_reports(open_period, people, django_capture_on_commit_callbacks):
    services.submit_report(_report(open_period, "15-01"), acting_user=people.editor_other)
    with django_capture_on_commit_callbacks(execute=True):
        n = services.send_reminders(open_period, acting_user=people.office)
    assert n == 1  # MKW has submitted; MUNV owes three
    assert sorted(m.to[0] for m in mail.outbox) == ["munv2@example.org", "munv@example.org"]
    assert "13-01" in mail.outbox[0].body and "13-03" in mail.outbox[0].body
    with pytest.raises(PermissionDenied):
        services.send_reminders(open_period, acting_user=people.reviewer)


def test_overdue_and_dashboard_counts(open_period, people):
    open_period.due = date(2020, 1, 1)
    open_period.save()
    services.submit_report(_report(open_period, "15-01"), acting_user=people.editor_other)
    rows = {
        r["project__ministry__abbreviation"]: r for r in open_period.reports.counts_per_ministry(today=date(2025, 1, 1))
    }
    assert rows["MUNV"]["overdue"] == 3 and rows["MUNV"]["draft"] == 3
    assert rows["MKW"]["submitted"] == 1 and rows["MKW"]["overdue"] == 0
    assert ProjectReport.objects.overdue(today=date(2025, 1, 1)).count() == 3


def test_publishing_needs_every_report_approved(open_period, people):
    with pytest.raises(services.WorkflowError, match="nicht alle Berichte"):
        services.publish_period(open_period, acting_user=people.office)


def test_publishing_turns_the_reports_into_registry_statements_with_provenance(open_period, people, cycle_projects):
    report = _report(open_period, "13-03")
    services.save_report(
        report,
        acting_user=people.editor,
        data={
            "status": "completed",
            "result": "Die Mobilitätszentrale ist im Regelbetrieb.",
            "funding_text": "2,4 Millionen Euro bis zum 31.12.2025",
            "volume_eur": Decimal("2400000"),
            "milestones": [
                *report.milestones,
                {"year": 2025, "year_end": None, "month": 5, "day": None, "text": "Regelbetrieb", "subproject": ""},
            ],
            "local_references": [{"ags": "05913000", "name": "Dortmund", "description": "Kontrollraum"}],
        },
        expected_version=1,
    )
    report = services.add_indicator(
        _report(open_period, "13-03"),
        acting_user=people.editor,
        data={"name": "Lichtsignalanlagen angebunden", "unit": "Anlagen"},
        value={"value": Decimal("120")},
        expected_version=2,
    )
    approve_all(open_period, people.office)
    period = services.publish_period(open_period, acting_user=people.office)

    assert period.state == PeriodState.PUBLISHED and period.published_by == people.office
    document = period.document
    assert document.kind == DocumentKind.PROGRESS_REPORT and document.as_of == date(2025, 12, 31)
    assert document.title == "Fortschrittsbericht 2025"
    assert ImportRun.objects.filter(document=document, acting_user=people.office).exists()
    lines = document.text.splitlines()

    mz = Project.objects.get(code="13-03")
    assert mz.status == "completed"  # the registry now follows the published report
    funding = mz.current_funding()
    assert funding.document == document and funding.volume_eur == Decimal("2400000")
    assert "2,4 Millionen Euro" in lines[funding.start_line - 1]
    status = StatusRecord.objects.get(project=mz, document=document)
    assert lines[status.start_line - 1] == "Mobilitätszentrale (13-03)"
    result = ProjectSection.objects.get(project=mz, document=document, key="result")
    assert "Regelbetrieb" in "\n".join(lines[result.start_line - 1 : result.end_line])
    milestone = Milestone.objects.get(project=mz, document=document, year=2025)
    # the month is printed and read back: nothing of the milestone's date is lost on publication
    assert lines[milestone.start_line - 1] == "- 05/2025: Regelbetrieb"
    assert milestone.month == 5 and milestone.text == "Regelbetrieb"
    value = IndicatorValue.objects.get(indicator__project=mz, document=document)
    assert value.value == 120 and "Lichtsignalanlagen angebunden" in lines[value.start_line - 1]
    reference = mz.local_references.get(municipality__name="Dortmund")
    prov = Provenance.objects.for_record(reference).get(document=document, field="mention")
    assert "Dortmund" in lines[prov.start_line - 1]
    # what the row says happens there is printed on a line of its own, which the description cites
    described = Provenance.objects.for_record(reference).get(document=document, field="description")
    assert lines[described.start_line - 1] == "- Dortmund: Kontrollraum"
    title = Provenance.objects.for_record(mz).get(field="title", document=document)
    assert lines[title.start_line - 1].startswith("Mobilitätszentrale")
    # the programme counts are frozen on the period: one more completed, one fewer in progress
    assert period.status_counts["completed"] == 43 and period.status_counts["in_progress"] == 15
    assert set(period.reports.values_list("state", flat=True)) == {ReportState.PUBLISHED}


def test_a_published_period_is_frozen_for_every_service(published_period, people):
    report = _report(published_period, "13-03")
    office = people.office
    attempts = [
        lambda: services.save_report(
            report, acting_user=office, data={"outlook": "x"}, expected_version=report.version
        ),
        lambda: services.submit_report(report, acting_user=office),
        lambda: services.request_changes(report, acting_user=office, comment="x"),
        lambda: services.approve_report(report, acting_user=office),
        lambda: services.comment_report(report, acting_user=office, comment="x"),
        lambda: services.restore_report_version(
            report, history_id=report.history.last().history_id, acting_user=office, expected_version=report.version
        ),
        lambda: services.publish_period(published_period, acting_user=office),
        lambda: services.send_reminders(published_period, acting_user=office),
        lambda: services.save_period_texts(published_period, acting_user=office, data={"editorial": "x"}),
    ]
    for attempt in attempts:
        with pytest.raises(services.PeriodFrozen):
            attempt()
    # and below the services: the model refuses to save a published report at all
    report.outlook = "heimlich geändert"
    with pytest.raises(FrozenReportError):
        report.save()
    assert ProjectReport.objects.get(pk=report.pk).outlook != "heimlich geändert"


def test_corrections_go_into_a_visible_erratum(published_period, people):
    project = Project.objects.get(code="13-03")
    erratum = services.add_erratum(
        published_period, acting_user=people.office, text="Volumen richtig: 2,5 Mio. Euro.", project=project
    )
    assert Erratum.objects.get() == erratum and erratum.created_by == people.office
    with pytest.raises(PermissionDenied):
        services.add_erratum(published_period, acting_user=people.editor, text="x")
    assert ReportEvent.objects.filter(action=EventAction.ERRATUM).exists()


def test_programme_changes_since_the_last_report(published_period, people):
    from reporting.comparison import programme_changes

    nxt = services.open_period(
        title="Fortschrittsbericht 2026", cut_off=date(2026, 12, 31), due=date(2099, 1, 1), acting_user=people.office
    )
    for code in ("13-01", "13-02"):
        report = _report(nxt, code)
        services.save_report(
            report,
            acting_user=people.editor,
            expected_version=report.version,
            data={"status": "completed", "result": "Erledigt."},
        )
    changes = programme_changes(nxt)
    assert changes.previous_label == "Fortschrittsbericht 2025"
    assert changes.headline == "+2 abgeschlossen, -2 in Umsetzung"
    assert {m.code for m in changes.moves} == {"13-01", "13-02"}


def test_the_period_of_an_imported_report_states_the_change_it_reports(report_path):
    from importers import ProgressReportImporter
    from reporting.comparison import programme_changes
    from reporting.from_document import create_period_from_document

    document = ProgressReportImporter().run(report_path).document
    period, created = create_period_from_document(document, acting_user=SYSTEM)
    again, created_again = create_period_from_document(document, acting_user=SYSTEM)
    assert created and not created_again and again == period
    assert period.state == PeriodState.PUBLISHED and period.reports.count() == 23
    assert period.status_counts == {"completed": 42, "in_progress": 16, "not_pursued": 15, "total": 73}
    assert period.editorial_heading == "Auf der Zielgeraden"
    assert period.outlook_heading == "Ein neues Selbstverständnis der Metropolregion Ruhr"
    assert "Jürgensplatz 1" in period.imprint
    assert programme_changes(period).headline.startswith("+18 abgeschlossen")
    start4chem = period.reports.get(project__code="05-02a")
    assert start4chem.volume_eur == Decimal("3304000")
    assert start4chem.responsible.startswith("Ministerium für Wirtschaft")
    assert ReportingPeriod.objects.published().count() == 1
    assert SourceDocument.objects.count() == 1  # nothing new written to the registry
    assert FundingStatement.objects.filter(document=document).count() == FundingStatement.objects.count()
