"""Who may do what in the reporting cycle: named rules built from small predicates (django-rules).

Every rule that changes something also names the state it needs, so a button is shown exactly when
the action would succeed; the services check the same rules, so views, commands and any API agree.
A published period is frozen: no rule that changes a report or a period holds for it.
"""

from __future__ import annotations

import rules

from accounts.models import MINISTRY_ROLES
from accounts.rules import acts_for, is_ministry_coordinator, is_ministry_editor, is_programme_office, is_reviewer


def _period(obj):
    return getattr(obj, "period", obj)


@rules.predicate
def period_is_open(user, obj) -> bool:
    period = _period(obj)
    return period is not None and period.state == "open"


@rules.predicate
def period_is_published(user, obj) -> bool:
    period = _period(obj)
    return period is not None and period.state == "published"


@rules.predicate
def is_own_report(user, report) -> bool:
    # The project's ministry now, not a name: a renamed ministry keeps its projects and editors. A deputy
    # (Vertretung) acts for the ministry she stands in for as long as that lasts.
    return report is not None and acts_for(user, report.project.ministry_id)


@rules.predicate
def is_coordinator_of_report_ministry(user, report) -> bool:
    # Ressortkoordination: her own ministry only; standing in for another ministry makes her an editor there.
    return bool(
        report is not None
        and is_ministry_coordinator(user)
        and report.project.ministry_id is not None
        and report.project.ministry_id == user.ministry_id
    )


@rules.predicate
def drafted_by_another_editor(user, report) -> bool:
    """The last save of the report's content was another ministry editor's: submitting it is for her, or for
    the ministry's coordinator. Saves of the office (a prefill, an assignment) make nobody the author."""
    if report is None or report.updated_by_id is None or report.updated_by_id == getattr(user, "pk", None):
        return False
    return report.updated_by.role in MINISTRY_ROLES


@rules.predicate
def is_editable_by_ministry(user, report) -> bool:
    return report is not None and report.state in ("draft", "changes_requested")


@rules.predicate
def is_editable_by_office(user, report) -> bool:
    # Approved reports are locked for everyone until changes are requested again.
    return report is not None and report.state in ("draft", "submitted", "changes_requested")


@rules.predicate
def is_submitted(user, report) -> bool:
    return report is not None and report.state == "submitted"


@rules.predicate
def is_under_review(user, report) -> bool:
    return report is not None and report.state in ("submitted", "approved")


@rules.predicate
def submitted_by_self(user, report) -> bool:
    # Four-eyes: the person who submitted a report is never the one who approves it.
    return bool(
        report is not None
        and user is not None
        and user.is_authenticated
        and getattr(report, "submitted_by_id", None) is not None
        and report.submitted_by_id == user.pk
    )


is_own_ministry_editor = is_ministry_editor & is_own_report
can_view_report = is_programme_office | is_reviewer | is_own_ministry_editor
can_edit_report = period_is_open & (
    (is_own_ministry_editor & is_editable_by_ministry) | (is_programme_office & is_editable_by_office)
)

# period level
rules.add_perm("reporting.open_period", is_programme_office)
rules.add_perm("reporting.view_dashboard", is_programme_office | is_reviewer)
rules.add_perm("reporting.view_tasks", is_programme_office | is_reviewer | is_ministry_editor)
rules.add_perm("reporting.send_reminders", is_programme_office & period_is_open)
rules.add_perm("reporting.edit_period_texts", is_programme_office & period_is_open)
rules.add_perm("reporting.preview_period", is_programme_office & period_is_open)
rules.add_perm("reporting.publish_period", is_programme_office & period_is_open)
rules.add_perm("reporting.export_period_overview", is_programme_office)
rules.add_perm("reporting.add_erratum", is_programme_office & period_is_published)

# report level
rules.add_perm("reporting.view_report", can_view_report)
rules.add_perm("reporting.change_report", can_edit_report)
rules.add_perm("reporting.restore_report_version", can_edit_report)
# Indicators are part of the report: who may edit the report may maintain its indicators, in the same states.
rules.add_perm("reporting.change_indicators", can_edit_report)
rules.add_perm(
    "reporting.submit_report",
    period_is_open
    & is_editable_by_ministry
    & ((is_own_ministry_editor & ~drafted_by_another_editor) | is_coordinator_of_report_ministry | is_programme_office),
)
rules.add_perm("reporting.request_changes", period_is_open & is_under_review & (is_reviewer | is_programme_office))
rules.add_perm(
    "reporting.approve_report",
    period_is_open & is_submitted & (is_reviewer | is_programme_office) & ~submitted_by_self,
)
rules.add_perm("reporting.assign_ministry", is_programme_office & period_is_open)
rules.add_perm("reporting.comment_report", period_is_open & can_view_report)
