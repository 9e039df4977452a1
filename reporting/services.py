"""State changes of the reporting cycle: one named function per change.

Each is atomic, takes the acting user as a keyword, checks the same rules the views show
(reporting/rules.py), writes the version history (django-simple-history, with a change reason) and
an audit event, and tells people through reporting/notifications.py (a digest row in this transaction,
or a mail queued when it commits). Views, commands and any API
call these and nothing else. A published period is frozen: every function refuses to touch it.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.rules import is_programme_office, is_reviewer
from operations.caching import changes_public_data
from operations.errors import ServiceError
from programmes.models import Project

from . import notifications
from .indicator_entries import DEFINITION_FIELDS, entries, entry, store_date, store_decimal
from .models import (
    Erratum,
    EventAction,
    PeriodState,
    ProjectReport,
    ReportEvent,
    ReportingPeriod,
    ReportState,
)
from .prefill import CONTENT_FIELDS, content_from_registry, content_from_report
from .rules import submitted_by_self

log = logging.getLogger(__name__)

PERIOD_TEXT_FIELDS = (
    "subtitle",
    "editorial_heading",
    "editorial",
    "overview_heading",
    "overview",
    "outlook_heading",
    "outlook",
    "imprint",
)
# What an editor's form may change; `responsible` is derived from the ministry and set by the office.
# Indicators change only through the indicator functions below, one entry at a time.
EDITABLE_FIELDS = tuple(f for f in CONTENT_FIELDS if f not in ("responsible", "indicators"))


class WorkflowError(ServiceError):
    """A state change that is not possible now; the message is German and says why."""


class PeriodFrozen(WorkflowError):
    pass


class FourEyes(WorkflowError):
    """Whoever submitted a report may not approve it too."""


class EditConflict(WorkflowError):
    """Someone else saved the report since the form was loaded. `current` is the report as stored now."""

    def __init__(self, message: str, current: ProjectReport):
        super().__init__(message)
        self.current = current


def _authorize(user, perm: str, obj=None) -> None:
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(_("Dafür fehlt Ihnen die Berechtigung."))


def _refuse_if_frozen(period: ReportingPeriod) -> None:
    if period.state == PeriodState.PUBLISHED:
        raise PeriodFrozen(
            _("„%(title)s“ ist veröffentlicht und damit eingefroren. Korrekturen erscheinen als Erratum.")
            % {"title": period.title}
        )


def _locked(report: ProjectReport) -> ProjectReport:
    """Re-read the report under a row lock so two state changes cannot interleave."""
    return ProjectReport.objects.select_for_update().select_related("period", "project").get(pk=report.pk)


def _event(period, action, actor, *, report=None, comment: str = "") -> ReportEvent:
    return ReportEvent.objects.create(
        period=period,
        report=report,
        action=action,
        actor=actor,
        comment=comment,
        version=report.version if report is not None else None,
    )


def _save_with_history(report: ProjectReport, actor, reason: str) -> None:
    report._history_user = actor
    report._change_reason = reason
    report.save()


# --- periods -----------------------------------------------------------------------------------------


@transaction.atomic
def open_period(*, title: str, cut_off: date, due: date, acting_user, subtitle: str = "") -> ReportingPeriod:
    """Open a reporting period and give every published project a draft, prefilled.

    The draft starts from the project's report in the previous published period; a project that was
    not in it (or the very first period) starts from what the registry states about it.
    """
    _authorize(acting_user, "reporting.open_period")
    title = " ".join(title.split())
    if not title:
        raise WorkflowError(_("Bitte einen Titel angeben."))
    current = ReportingPeriod.objects.open().first()
    if current is not None:
        raise WorkflowError(
            _("„%(title)s“ ist noch offen. Es kann immer nur eine Berichtsperiode offen sein.")
            % {"title": current.title}
        )
    if ReportingPeriod.objects.filter(title=title).exists():
        raise WorkflowError(_("Eine Berichtsperiode „%(title)s“ gibt es schon.") % {"title": title})
    previous = ReportingPeriod.objects.published().newest_first().first()
    if previous is not None and cut_off <= previous.cut_off:
        raise WorkflowError(
            _("Der Stichtag muss nach dem Stichtag von „%(title)s“ (%(date)s) liegen.")
            % {"title": previous.title, "date": previous.cut_off.strftime("%d.%m.%Y")}
        )
    if due < cut_off:
        # Figures as of the cut-off cannot be reported before it.
        raise WorkflowError(_("Die Abgabefrist darf nicht vor dem Stichtag liegen."))

    period = ReportingPeriod(
        title=title,
        slug=_unique_slug(title),
        subtitle=subtitle or (previous.subtitle if previous else ""),
        cut_off=cut_off,
        due=due,
        previous=previous,
        opened_by=acting_user,
    )
    if previous is not None:
        for name in PERIOD_TEXT_FIELDS:
            if name != "subtitle":
                setattr(period, name, getattr(previous, name))
    else:
        period.imprint = DEFAULT_IMPRINT
    period._history_user = acting_user
    period._change_reason = _("eröffnet")
    period.save()

    previous_reports = (
        {r.project_id: r for r in previous.reports.select_related("action_field")} if previous is not None else {}
    )
    projects = list(
        Project.objects.published()
        .select_related("action_field", "ministry")
        .order_by("action_field__position", "code")
    )
    # Keep the order of the previous edition; projects new to the report follow in registry order.
    projects.sort(key=lambda p: (0, previous_reports[p.pk].position) if p.pk in previous_reports else (1, 0))
    reports = []
    for position, project in enumerate(projects, start=1):
        before = previous_reports.get(project.pk)
        content = content_from_report(before) if before is not None else content_from_registry(project)
        reports.append(
            ProjectReport(
                period=period,
                project=project,
                position=position,
                action_field=project.action_field,
                previous_status=content.get("status") or "",
                **content,
            )
        )
    bulk_create_with_history(
        reports, ProjectReport, default_user=acting_user, default_change_reason=_("aus dem Vorbericht übernommen")
    )
    _event(period, EventAction.OPENED, acting_user, comment=_("%(n)d Projektberichte angelegt") % {"n": len(reports)})
    notifications.period_opened(period, actor=acting_user)
    from .tasks import schedule_reminders

    schedule_reminders(period, acting_user=acting_user)
    return period


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "berichtsperiode"
    slug, n = base, 2
    while ReportingPeriod.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


DEFAULT_IMPRINT = (
    "Herausgeber\n\nMinisterium für Heimat, Kommunales, Bau und Digitalisierung des Landes Nordrhein-Westfalen\n"
    "Jürgensplatz 1\n40219 Düsseldorf\n\nKontakt\n\nProjektgruppe Ruhr-Konferenz\nE-Mail: info@ruhr-konferenz.nrw"
)


@transaction.atomic
def save_period_texts(period: ReportingPeriod, *, acting_user, data: dict[str, Any]) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    _refuse_if_frozen(period)
    _authorize(acting_user, "reporting.edit_period_texts", period)
    changed = [name for name in PERIOD_TEXT_FIELDS if name in data and getattr(period, name) != data[name]]
    if not changed:
        return period
    for name in changed:
        setattr(period, name, data[name])
    period._history_user = acting_user
    period._change_reason = _("Berichtstexte geändert")
    period.save()
    _event(period, EventAction.TEXTS_SAVED, acting_user)
    return period


@transaction.atomic
def send_reminders(period: ReportingPeriod, *, acting_user, only_overdue: bool = False) -> int:
    """Remind each ministry that still owes reports and has someone to read the mail.

    Returns the number of ministries a mail goes to: ministries without an editor's account are not
    counted (`reminder_plan` names them), so the office's confirmation never claims mails that were not sent.
    """
    _refuse_if_frozen(period)
    _authorize(acting_user, "reporting.send_reminders", period)
    plan = reminder_plan(period, only_overdue=only_overdue)
    by_ministry = {row["ministry"].pk: row["reports"] for row in plan if row["ministry"] and row["recipients"]}
    for reports in by_ministry.values():
        ministry = reports[0].project.ministry
        _event(
            period,
            EventAction.REMINDED,
            acting_user,
            comment=f"{ministry.abbreviation}: " + ", ".join(r.project.code for r in reports),
        )
    notifications.reminders(period, by_ministry, actor=acting_user)
    return len(by_ministry)


# --- project reports ---------------------------------------------------------------------------------


def _write(
    report: ProjectReport,
    *,
    acting_user,
    data: dict[str, Any],
    expected_version: int,
    reason: str,
    action,
    comment: str = "",
):
    """Apply content changes under the optimistic lock; the caller holds the transaction."""
    changed = {name: value for name, value in data.items() if getattr(report, name) != value}
    if not changed:
        return report, False
    # Compare-and-swap on the version: of two saves that started from the same version exactly
    # one wins, on SQLite and PostgreSQL alike, whatever the timing.
    won = ProjectReport.objects.filter(pk=report.pk, version=expected_version).update(version=expected_version + 1)
    if not won:
        current = ProjectReport.objects.select_related("updated_by").get(pk=report.pk)
        editor = current.updated_by
        who = (editor.get_full_name() or editor.username) if editor is not None else _("jemand anderem")
        raise EditConflict(
            _(
                "Dieser Bericht wurde inzwischen von %(who)s geändert (%(when)s). Ihre Eingaben wurden nicht "
                "gespeichert, sind aber unten erhalten: Bitte vergleichen Sie sie mit der aktuellen Fassung, "
                "übernehmen Sie, was fehlt, und speichern Sie erneut."
            )
            % {"who": who, "when": timezone.localtime(current.updated_at).strftime("%d.%m.%Y, %H:%M Uhr")},
            current,
        )
    for name, value in changed.items():
        setattr(report, name, value)
    report.version = expected_version + 1
    report.updated_by = acting_user
    _save_with_history(report, acting_user, reason)
    _event(report.period, action, acting_user, report=report, comment=comment)
    return report, True


@transaction.atomic
def save_report(report: ProjectReport, *, acting_user, data: dict[str, Any], expected_version: int) -> ProjectReport:
    """Save an editor's changes. Raises EditConflict when the report changed since `expected_version`."""
    report = _locked(report)
    _refuse_if_frozen(report.period)
    _authorize(acting_user, "reporting.change_report", report)
    allowed = EDITABLE_FIELDS + (("responsible",) if acting_user.has_perm("reporting.open_period") else ())
    unknown = set(data) - set(allowed)
    if unknown:
        raise WorkflowError(_("Diese Felder können hier nicht geändert werden: %s") % ", ".join(sorted(unknown)))
    report, _changed = _write(
        report,
        acting_user=acting_user,
        data=data,
        expected_version=expected_version,
        reason=_("gespeichert"),
        action=EventAction.SAVED,
    )
    return report


@transaction.atomic
def restore_report_version(report: ProjectReport, *, history_id: int, acting_user, expected_version: int):
    """Make an earlier version's content the current one (as a new version: nothing is lost)."""
    report = _locked(report)
    _refuse_if_frozen(report.period)
    _authorize(acting_user, "reporting.restore_report_version", report)
    old = report.history.filter(history_id=history_id).first()
    if old is None:
        raise WorkflowError(_("Diese Version gibt es nicht."))
    data = {name: getattr(old, name) for name in CONTENT_FIELDS}
    report, changed = _write(
        report,
        acting_user=acting_user,
        data=data,
        expected_version=expected_version,
        reason=_("Version %(version)d vom %(when)s wiederhergestellt")
        % {"version": old.version, "when": timezone.localtime(old.history_date).strftime("%d.%m.%Y %H:%M")},
        action=EventAction.RESTORED,
    )
    if not changed:
        raise WorkflowError(_("Diese Version entspricht bereits dem aktuellen Stand."))
    return report


# --- indicators of a project report ------------------------------------------------------------------


def _indicator_report(report: ProjectReport, acting_user) -> ProjectReport:
    report = _locked(report)
    _refuse_if_frozen(report.period)
    _authorize(acting_user, "reporting.change_indicators", report)
    return report


def _entry_at(items: list[dict[str, Any]], index: int) -> dict[str, Any]:
    if not 0 <= index < len(items):
        raise WorkflowError(_("Diese Kennzahl gibt es in diesem Bericht nicht."))
    return items[index]


def _definition(items: list[dict[str, Any]], data: dict[str, Any], *, index: int | None = None) -> dict[str, Any]:
    """Check and convert a definition; the form checks the same, this guards every other caller."""
    unknown = set(data) - set(DEFINITION_FIELDS)
    if unknown:
        raise WorkflowError(_("Diese Felder gehören nicht zu einer Kennzahl: %s") % ", ".join(sorted(unknown)))
    name = " ".join(str(data.get("name") or "").split())
    if not name:
        raise WorkflowError(_("Name: Bitte einen Namen für die Kennzahl angeben."))
    if any(i != index and item["name"].casefold() == name.casefold() for i, item in enumerate(items)):
        raise WorkflowError(_("Name: Eine Kennzahl „%(name)s“ gibt es in diesem Bericht schon.") % {"name": name})
    baseline_date, target_date = data.get("baseline_date"), data.get("target_date")
    if baseline_date and target_date and target_date <= baseline_date:
        raise WorkflowError(_("Ziel, bis: Das Zieldatum muss nach dem Datum des Ausgangswerts liegen."))
    return {
        "name": name,
        "unit": " ".join(str(data.get("unit") or "").split()),
        "direction": data.get("direction") or "increase",
        "baseline": store_decimal(data.get("baseline")),
        "baseline_date": store_date(baseline_date),
        "target": store_decimal(data.get("target")),
        "target_qualifier": data.get("target_qualifier") or "",
        "target_date": store_date(target_date),
    }


def _save_indicators(report, items, *, acting_user, expected_version, reason, action, comment):
    report, _changed = _write(
        report,
        acting_user=acting_user,
        data={"indicators": items},
        expected_version=expected_version,
        reason=reason,
        action=action,
        comment=comment,
    )
    return report


@transaction.atomic
def add_indicator(
    report: ProjectReport, *, acting_user, data: dict[str, Any], expected_version: int, value: dict | None = None
) -> ProjectReport:
    """Add an indicator to the report (it becomes a registry indicator only when the period is published)."""
    report = _indicator_report(report, acting_user)
    items = entries(report.indicators)
    item = {**entry({}), **_definition(items, data)}
    if value and value.get("value") is not None:
        item.update(_value(value, report))
    items.append(item)
    return _save_indicators(
        report,
        items,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=_("Kennzahl angelegt"),
        action=EventAction.INDICATOR_ADDED,
        comment=item["name"],
    )


def _change_entry(report, index, change, *, acting_user, expected_version, reason, action) -> ProjectReport:
    """Apply `change(items, item)` to the report's indicator at `index` and save it as a new version."""
    report = _indicator_report(report, acting_user)
    items = entries(report.indicators)
    item = _entry_at(items, index)
    change(items, item)
    return _save_indicators(
        report,
        items,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason,
        action=action,
        comment=item["name"],
    )


@transaction.atomic
def change_indicator(
    report: ProjectReport, index: int, *, acting_user, data: dict[str, Any], expected_version: int
) -> ProjectReport:
    """Change the definition of one indicator (name, unit, direction, baseline, target)."""
    return _change_entry(
        report,
        index,
        lambda items, item: item.update(_definition(items, data, index=index)),
        acting_user=acting_user,
        expected_version=expected_version,
        reason=_("Kennzahl geändert"),
        action=EventAction.INDICATOR_CHANGED,
    )


def _value(data: dict[str, Any], report: ProjectReport) -> dict[str, Any]:
    if data.get("value") is None:
        raise WorkflowError(_("Wert: Bitte einen Wert angeben."))
    qualifier = data.get("qualifier") or ""
    if qualifier not in ("", "approx", "more_than", "at_least", "up_to"):
        raise WorkflowError(_("Angabe: „%(q)s“ ist keine bekannte Angabe.") % {"q": qualifier})
    as_of = data.get("as_of") or report.period.cut_off
    return {"value": store_decimal(data["value"]), "qualifier": qualifier, "as_of": store_date(as_of), "sentence": ""}


@transaction.atomic
def set_indicator_value(
    report: ProjectReport, index: int, *, acting_user, data: dict[str, Any], expected_version: int
) -> ProjectReport:
    """Enter or correct the value this period states for one indicator (value, qualifier, "Stand")."""
    return _change_entry(
        report,
        index,
        lambda items, item: item.update(_value(data, report)),
        acting_user=acting_user,
        expected_version=expected_version,
        reason=_("Wert einer Kennzahl eingetragen"),
        action=EventAction.INDICATOR_VALUE_SET,
    )


def _clear_value(items: list[dict[str, Any]], item: dict[str, Any]) -> None:
    if item["value"] is None:
        raise WorkflowError(_("Für „%(name)s“ ist kein Wert eingetragen.") % {"name": item["name"]})
    item.update({"value": None, "qualifier": "", "as_of": None, "sentence": ""})


@transaction.atomic
def remove_indicator_value(report: ProjectReport, index: int, *, acting_user, expected_version: int) -> ProjectReport:
    """Take the value out of this period's report; the indicator and earlier periods' values stay."""
    return _change_entry(
        report,
        index,
        _clear_value,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=_("Wert einer Kennzahl entfernt"),
        action=EventAction.INDICATOR_VALUE_REMOVED,
    )


@transaction.atomic
def remove_indicator(report: ProjectReport, index: int, *, acting_user, expected_version: int) -> ProjectReport:
    """Take an indicator out of this period's report (entered by mistake, or no longer reported).

    Only the report changes: an indicator already in the registry keeps its earlier values and can be
    taken up again from "Im Register, noch nicht im Bericht"; earlier versions of the report can be restored.
    """
    return _change_entry(
        report,
        index,
        lambda items, _item: items.pop(index),
        acting_user=acting_user,
        expected_version=expected_version,
        reason=_("Kennzahl aus dem Bericht genommen"),
        action=EventAction.INDICATOR_REMOVED,
    )


def _transition(
    report: ProjectReport, *, acting_user, perm: str, allowed_from: tuple[str, ...], to: str
) -> ProjectReport:
    report = _locked(report)
    _refuse_if_frozen(report.period)
    if report.state not in allowed_from:
        raise WorkflowError(
            _("Der Bericht ist „%(state)s“; dieser Schritt ist jetzt nicht möglich.")
            % {"state": report.get_state_display()}
        )
    _authorize(acting_user, perm, report)
    report.state = to
    report.version += 1
    return report


@transaction.atomic
def submit_report(report: ProjectReport, *, acting_user) -> ProjectReport:
    report = _transition(
        report,
        acting_user=acting_user,
        perm="reporting.submit_report",
        allowed_from=(ReportState.DRAFT, ReportState.CHANGES_REQUESTED),
        to=ReportState.SUBMITTED,
    )
    report.submitted_at, report.submitted_by = timezone.now(), acting_user
    _save_with_history(report, acting_user, _("eingereicht"))
    _event(report.period, EventAction.SUBMITTED, acting_user, report=report)
    notifications.report_submitted(report, actor=acting_user)
    return report


@transaction.atomic
def request_changes(report: ProjectReport, *, acting_user, comment: str) -> ProjectReport:
    comment = comment.strip()
    if not comment:
        raise WorkflowError(_("Bitte schreiben Sie dazu, was geändert werden soll."))
    report = _transition(
        report,
        acting_user=acting_user,
        perm="reporting.request_changes",
        allowed_from=(ReportState.SUBMITTED, ReportState.APPROVED),
        to=ReportState.CHANGES_REQUESTED,
    )
    report.approved_at, report.approved_by = None, None
    _save_with_history(report, acting_user, _("Änderungen erbeten"))
    _event(report.period, EventAction.CHANGES_REQUESTED, acting_user, report=report, comment=comment)
    notifications.changes_requested(report, comment, actor=acting_user)
    return report


@transaction.atomic
def approve_report(report: ProjectReport, *, acting_user, comment: str = "") -> ProjectReport:
    report = _locked(report)
    # Four-eyes matters only to those who could approve at all; everyone else is refused by the rule below.
    may_decide = acting_user is not None and (is_programme_office(acting_user) or is_reviewer(acting_user))
    if report.state == ReportState.SUBMITTED and may_decide and submitted_by_self(acting_user, report):
        raise FourEyes(
            _(
                "%(code)s: Sie haben diesen Bericht selbst eingereicht. Nach dem Vier-Augen-Prinzip muss ihn "
                "eine andere Person freigeben."
            )
            % {"code": report.project.code}
        )
    report = _transition(
        report,
        acting_user=acting_user,
        perm="reporting.approve_report",
        allowed_from=(ReportState.SUBMITTED,),
        to=ReportState.APPROVED,
    )
    report.approved_at, report.approved_by = timezone.now(), acting_user
    _save_with_history(report, acting_user, _("freigegeben"))
    _event(report.period, EventAction.APPROVED, acting_user, report=report, comment=comment.strip())
    notifications.report_approved(report, actor=acting_user)
    return report


@transaction.atomic
def comment_report(report: ProjectReport, *, acting_user, comment: str) -> ReportEvent:
    report = _locked(report)
    _refuse_if_frozen(report.period)
    _authorize(acting_user, "reporting.comment_report", report)
    comment = comment.strip()
    if not comment:
        raise WorkflowError(_("Der Kommentar ist leer."))
    event = _event(report.period, EventAction.COMMENTED, acting_user, report=report, comment=comment)
    notifications.report_commented(report, comment, actor=acting_user)
    return event


# --- publishing --------------------------------------------------------------------------------------


@changes_public_data
@transaction.atomic
def publish_period(period: ReportingPeriod, *, acting_user) -> ReportingPeriod:
    """Publish the period: freeze it and turn its reports into public registry data with provenance.

    The plain text of the report is generated and stored as a SourceDocument (kind progress report,
    as of the cut-off); the importer machinery then writes status, milestones, funding, sections,
    indicator values and local references with the line ranges of that text, exactly as for an
    imported report. All of it happens in this one transaction or not at all.
    """
    from .publishing import import_period

    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    _refuse_if_frozen(period)
    _authorize(acting_user, "reporting.publish_period", period)
    unowned = list(period.reports.without_ministry().select_related("project"))
    if unowned:
        raise WorkflowError(
            _("%(n)d Projekte gehören noch keinem Ressort (%(codes)s). Bitte zuerst ein Ressort zuordnen.")
            % {"n": len(unowned), "codes": ", ".join(r.project.code for r in unowned[:12])}
        )
    pending = list(period.reports.exclude(state=ReportState.APPROVED).select_related("project"))
    if pending:
        raise WorkflowError(
            _("Noch nicht alle Berichte sind freigegeben (%(n)d offen: %(codes)s).")
            % {"n": len(pending), "codes": ", ".join(r.project.code for r in pending[:12])}
        )
    if not period.reports.exists():
        raise WorkflowError(_("Die Berichtsperiode enthält keine Projektberichte."))
    from .comparison import programme_counts

    now = timezone.now()
    period.status_counts = programme_counts(period)
    period.published_at, period.published_by = now, acting_user
    period.document = import_period(period, acting_user=acting_user)
    period.state = PeriodState.PUBLISHED
    period._history_user = acting_user
    period._change_reason = _("veröffentlicht")
    period.save()
    for report in period.reports.select_related("period"):
        report.state = ReportState.PUBLISHED
        report.published_at = now
        report.version += 1
        _save_with_history(report, acting_user, _("veröffentlicht"))
    _event(period, EventAction.PUBLISHED, acting_user)
    notifications.period_published(period, actor=acting_user)
    from .tasks import prerender_edition

    # Every file of the edition, in the background: queued in this transaction, so it happens exactly
    # when the publication commits; a failure shows on the dashboard and the download renders on demand.
    prerender_edition.enqueue(period.pk)
    return period


@changes_public_data
@transaction.atomic
def add_erratum(period: ReportingPeriod, *, acting_user, text: str, project=None) -> Erratum:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    _authorize(acting_user, "reporting.add_erratum", period)
    text = text.strip()
    if not text:
        raise WorkflowError(_("Bitte die Korrektur beschreiben."))
    if project is not None and not period.reports.filter(project=project).exists():
        raise WorkflowError(_("Das Projekt ist nicht Teil dieses Berichts."))
    erratum = Erratum.objects.create(period=period, project=project, text=text, created_by=acting_user)
    _event(period, EventAction.ERRATUM, acting_user, comment=text)
    return erratum


# --- the office's everyday work: owners, reminders, many reports at once ---------------------------------


@changes_public_data
@transaction.atomic
def assign_ministry(report: ProjectReport, *, ministry, acting_user) -> ProjectReport:
    """Give the project of a report its ministry, so that its editors can write it and are reminded.

    The ministry is the registry's (`Project.ministry`, versioned); the report follows it, as do access
    and reminders. Only while the period is open, and only by the office.
    """
    report = _locked(report)
    _refuse_if_frozen(report.period)
    _authorize(acting_user, "reporting.assign_ministry", report)
    project = Project.objects.select_for_update().get(pk=report.project_id)
    if project.ministry_id == ministry.pk:
        return report
    project.ministry = ministry
    project._history_user = acting_user
    project._change_reason = _("Ressort im Berichtswesen zugeordnet")
    project.save(update_fields=["ministry"])
    _event(
        report.period,
        EventAction.MINISTRY_ASSIGNED,
        acting_user,
        report=report,
        comment=f"{project.code} → {ministry.abbreviation or ministry.name}",
    )
    report.project = project
    return report


def reminder_plan(period: ReportingPeriod, *, only_overdue: bool = False) -> list[dict[str, Any]]:
    """Who would be reminded of what, one row per ministry that still owes reports, before anything is sent.

    A ministry without an active editor with an e-mail address gets no mail; its row says so (`recipients`
    is empty), so the office can call or give someone an account instead of believing a mail went out.
    Reports whose project has no ministry form a last row with `ministry` None.
    """
    pending = period.reports.open_tasks().select_related("project", "project__ministry").order_by("project__code")
    if only_overdue:
        pending = pending.with_due().filter(effective_due__lt=timezone.localdate())
    by_ministry: dict[int | None, list[ProjectReport]] = {}
    for report in pending:
        by_ministry.setdefault(report.project.ministry_id, []).append(report)
    rows = []
    for ministry_id, reports in by_ministry.items():
        ministry = reports[0].project.ministry
        recipients = notifications.editors_of([ministry_id]) if ministry_id else []
        rows.append({"ministry": ministry, "reports": reports, "recipients": recipients})
    rows.sort(key=lambda row: (row["ministry"] is None, row["ministry"].name if row["ministry"] else ""))
    return rows


class BulkResult:
    """What a bulk action did: the reports it changed and, per refused report, why (German)."""

    def __init__(self):
        self.done: list[ProjectReport] = []
        self.refused: list[tuple[ProjectReport, str]] = []


def _each(reports, action) -> BulkResult:
    # One savepoint per report: a refusal leaves the others done, and each step is the single-report
    # service with all its checks (rules, four-eyes, frozen period), its history row and its mail.
    result = BulkResult()
    for report in reports:
        try:
            with transaction.atomic():
                result.done.append(action(report))
        except (WorkflowError, PermissionDenied) as exc:
            result.refused.append((report, str(exc) or _("Dafür fehlt Ihnen die Berechtigung.")))
    return result


@transaction.atomic
def approve_reports(reports, *, acting_user, comment: str = "") -> BulkResult:
    """Approve the selected submitted reports; those that cannot be approved are listed with the reason."""
    return _each(reports, lambda r: approve_report(r, acting_user=acting_user, comment=comment))


@transaction.atomic
def carry_over_unchanged(reports, *, acting_user) -> BulkResult:
    """Submit drafts whose project has nothing new to report, as they stand, after one confirmation.

    Each is submitted with an event saying it was carried over unchanged, so reviewers see at a glance
    that the text is last year's on purpose.
    """

    def carry(report: ProjectReport) -> ProjectReport:
        report = submit_report(report, acting_user=acting_user)
        _event(report.period, EventAction.CARRIED_OVER, acting_user, report=report)
        return report

    return _each(reports, carry)


@transaction.atomic
def set_ministry_deadline(period: ReportingPeriod, *, ministry, due: date | None, acting_user):
    """Give a ministry its own deadline in the open period; None returns it to the period's deadline."""
    from .models import MinistryDeadline

    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    _refuse_if_frozen(period)
    _authorize(acting_user, "reporting.open_period")
    if due is None or due == period.due:
        MinistryDeadline.objects.filter(period=period, ministry=ministry).delete()
        return None
    if due < period.cut_off:
        raise WorkflowError(
            _("%(ministry)s: Die Abgabefrist darf nicht vor dem Stichtag (%(cut_off)s) liegen.")
            % {"ministry": ministry.abbreviation, "cut_off": period.cut_off.strftime("%d.%m.%Y")}
        )
    deadline, _created = MinistryDeadline.objects.update_or_create(
        period=period, ministry=ministry, defaults={"due": due, "set_by": acting_user}
    )
    _event(
        period,
        EventAction.COMMENTED,
        acting_user,
        comment=_("Abgabefrist für %(ministry)s: %(due)s")
        % {"ministry": ministry.abbreviation, "due": f"{due:%d.%m.%Y}"},
    )
    return deadline
