"""Who hears of what in the reporting cycle. The services call these inside their transaction; each event goes
through operations.digests.notify: into the person's daily digest, or as a single mail once the change commits
(operations.mail), so nobody is told about a change that was rolled back and no request waits for a mail server.

Opening a period, reminders and a returned report are urgent and always mailed at once (operations.models.URGENT_KINDS).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from operations.digests import notify
from operations.models import NotificationKind
from operations.site import absolute


def _users(**filters):
    return list(get_user_model().objects.filter(is_active=True, **filters).exclude(email=""))


def editors_of(ministry_ids) -> list:
    return _users(role__in=[Role.MINISTRY_EDITOR, Role.MINISTRY_COORDINATOR], ministry_id__in=list(ministry_ids))


def office_and_reviewers() -> list:
    return _users(role__in=[Role.PROGRAMME_OFFICE, Role.REVIEWER])


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else _("das System")


def _item(report) -> str:
    return f"{report.project.code} {report.title}"


def period_opened(period, *, actor=None) -> int:
    ministry_ids = set(period.reports.values_list("project__ministry_id", flat=True)) - {None}
    return notify(
        editors_of(ministry_ids),
        kind=NotificationKind.PERIOD_OPENED,
        subject=_("%(period)s: Berichtsperiode eröffnet") % {"period": period.title},
        template="reporting/cycle/mail/period_opened.txt",
        context={"period": period, "url": absolute(reverse("reporting:tasks"))},
        group=period.title,
        text=_("Berichtsperiode eröffnet, Abgabefrist %(due)s") % {"due": f"{period.due:%d.%m.%Y}"},
        link=reverse("reporting:tasks"),
        actor=actor,
    )


def reminders(period, by_ministry: dict, *, actor=None) -> int:
    told = 0
    for ministry_id, reports in by_ministry.items():
        due = reports[0].due  # the ministry's own deadline, if the office set one
        told += notify(
            editors_of([ministry_id]),
            kind=NotificationKind.REMINDER,
            subject=_("%(period)s: Erinnerung an die Abgabe bis %(due)s")
            % {"period": period.title, "due": f"{due:%d.%m.%Y}"},
            template="reporting/cycle/mail/reminder.txt",
            context={
                "period": period,
                "reports": list(reports),
                "due": due,
                "url": absolute(reverse("reporting:tasks")),
            },
            group=period.title,
            text=_("Erinnerung an die Abgabe bis %(due)s") % {"due": f"{due:%d.%m.%Y}"},
            link=reverse("reporting:tasks"),
            actor=actor,
        )
    return told


def report_submitted(report, *, actor=None) -> int:
    return notify(
        office_and_reviewers(),
        kind=NotificationKind.REPORT_SUBMITTED,
        subject=_("%(period)s: %(code)s eingereicht") % {"period": report.period.title, "code": report.project.code},
        template="reporting/cycle/mail/report_submitted.txt",
        context={"report": report, "url": absolute(report.get_absolute_url())},
        group=report.period.title,
        item=_item(report),
        text=_("eingereicht von %(name)s, wartet auf Prüfung") % {"name": _name(report.submitted_by)},
        link=report.get_absolute_url(),
        actor=actor,
    )


def changes_requested(report, comment: str, *, actor=None) -> int:
    return notify(
        editors_of([report.project.ministry_id]),
        kind=NotificationKind.CHANGES_REQUESTED,
        subject=_("%(period)s: Änderungen an %(code)s erbeten")
        % {"period": report.period.title, "code": report.project.code},
        template="reporting/cycle/mail/changes_requested.txt",
        context={"report": report, "comment": comment, "url": absolute(report.get_absolute_url())},
        group=report.period.title,
        item=_item(report),
        text=_("Änderungen erbeten: %(comment)s") % {"comment": comment},
        link=report.get_absolute_url(),
        actor=actor,
    )


def report_approved(report, *, actor=None) -> int:
    return notify(
        editors_of([report.project.ministry_id]),
        kind=NotificationKind.REPORT_APPROVED,
        subject=_("%(period)s: %(code)s freigegeben") % {"period": report.period.title, "code": report.project.code},
        template="reporting/cycle/mail/report_approved.txt",
        context={"report": report, "url": absolute(report.get_absolute_url())},
        group=report.period.title,
        item=_item(report),
        text=_("freigegeben von %(name)s") % {"name": _name(report.approved_by)},
        link=report.get_absolute_url(),
        actor=actor,
    )


def report_commented(report, comment: str, *, actor=None) -> int:
    return notify(
        editors_of([report.project.ministry_id]) + office_and_reviewers(),
        kind=NotificationKind.REPORT_COMMENTED,
        subject=_("%(period)s: Kommentar zu %(code)s") % {"period": report.period.title, "code": report.project.code},
        template="reporting/cycle/mail/report_commented.txt",
        context={
            "report": report,
            "comment": comment,
            "author": _name(actor),
            "url": absolute(report.get_absolute_url()),
        },
        group=report.period.title,
        item=_item(report),
        text=_("Kommentar von %(name)s: %(comment)s") % {"name": _name(actor), "comment": comment},
        link=report.get_absolute_url(),
        actor=actor,
    )


def period_published(period, *, actor=None) -> int:
    ministry_ids = set(period.reports.values_list("project__ministry_id", flat=True)) - {None}
    return notify(
        editors_of(ministry_ids) + office_and_reviewers(),
        kind=NotificationKind.PERIOD_PUBLISHED,
        subject=_("%(period)s veröffentlicht") % {"period": period.title},
        template="reporting/cycle/mail/period_published.txt",
        context={"period": period, "url": absolute(period.get_absolute_url())},
        group=period.title,
        text=_("veröffentlicht; der Bericht steht als PDF und Word-Datei bereit"),
        link=period.get_absolute_url(),
        actor=actor,
    )
