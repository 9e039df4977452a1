"""E-mails of the reporting cycle, sent through Django's mail backend (console by default).

Called by the services only inside `transaction.on_commit`, so nobody is told about a change that
was rolled back. A failing mail server must not undo a committed state change: errors are logged.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from operations.site import absolute

log = logging.getLogger(__name__)


def _site_url(path: str) -> str:
    return absolute(path)


def _users(**filters):
    return list(get_user_model().objects.filter(is_active=True, **filters).exclude(email=""))


def editors_of(ministry_ids) -> list:
    return _users(role__in=[Role.MINISTRY_EDITOR, Role.MINISTRY_COORDINATOR], ministry_id__in=list(ministry_ids))


def office_and_reviewers() -> list:
    return _users(role__in=[Role.PROGRAMME_OFFICE, Role.REVIEWER])


def _send(recipients, subject: str, template: str, context: dict) -> int:
    recipients = [u for u in recipients if u.email]
    if not recipients:
        return 0
    messages = []
    for user in recipients:
        body = render_to_string(template, {**context, "user": user})
        messages.append(EmailMessage(subject=f"[Ruhr-Monitor] {subject}", body=body, to=[user.email], from_email=None))
    try:
        with get_connection() as connection:
            return connection.send_messages(messages) or 0
    except Exception:  # the state change is committed; a mail problem is for the log, not for the user
        log.exception("E-Mail „%s“ konnte nicht versandt werden", subject)
        return 0


def period_opened(period) -> int:
    ministry_ids = set(period.reports.values_list("project__ministry_id", flat=True)) - {None}
    return _send(
        editors_of(ministry_ids),
        _("%(period)s: Berichtsperiode eröffnet") % {"period": period.title},
        "reporting/cycle/mail/period_opened.txt",
        {"period": period, "url": _site_url(reverse("cycle:tasks"))},
    )


def reminders(period, by_ministry: dict) -> int:
    sent = 0
    for ministry_id, reports in by_ministry.items():
        due = reports[0].due  # the ministry's own deadline, if the office set one
        sent += _send(
            editors_of([ministry_id]),
            _("%(period)s: Erinnerung an die Abgabe bis %(due)s") % {"period": period.title, "due": f"{due:%d.%m.%Y}"},
            "reporting/cycle/mail/reminder.txt",
            {"period": period, "reports": reports, "due": due, "url": _site_url(reverse("cycle:tasks"))},
        )
    return sent


def report_submitted(report) -> int:
    return _send(
        office_and_reviewers(),
        _("%(period)s: %(code)s eingereicht") % {"period": report.period.title, "code": report.project.code},
        "reporting/cycle/mail/report_submitted.txt",
        {"report": report, "url": _site_url(report.get_absolute_url())},
    )


def changes_requested(report, comment: str) -> int:
    return _send(
        editors_of([report.project.ministry_id]),
        _("%(period)s: Änderungen an %(code)s erbeten") % {"period": report.period.title, "code": report.project.code},
        "reporting/cycle/mail/changes_requested.txt",
        {"report": report, "comment": comment, "url": _site_url(report.get_absolute_url())},
    )


def report_approved(report) -> int:
    return _send(
        editors_of([report.project.ministry_id]),
        _("%(period)s: %(code)s freigegeben") % {"period": report.period.title, "code": report.project.code},
        "reporting/cycle/mail/report_approved.txt",
        {"report": report, "url": _site_url(report.get_absolute_url())},
    )


def period_published(period) -> int:
    ministry_ids = set(period.reports.values_list("project__ministry_id", flat=True)) - {None}
    return _send(
        editors_of(ministry_ids) + office_and_reviewers(),
        _("%(period)s veröffentlicht") % {"period": period.title},
        "reporting/cycle/mail/period_published.txt",
        {"period": period, "url": _site_url(period.get_absolute_url())},
    )
