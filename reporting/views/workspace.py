"""The workspace of editors and reviewers under /berichte/arbeit/: one's tasks, a project's report (form,
milestone and place rows, a save that lost a race), its decisions (submit, request changes, approve, comment),
its versions and its print preview, and the selection of several reports at once.

Each page names its rule in `@permission_required`; a second rule for what a POST does is checked in the view
through `accounts.actors.require`, and the services check their own rules again.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.db.models import Prefetch
from django.forms import HiddenInput
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.actors import require
from accounts.permissions import permission_required

from .. import services
from ..comparison import compare_content
from ..documents.content import place_figure
from ..field_help import add_section_help
from ..forms import DecisionForm, ProjectReportForm, ReportSelectionForm
from ..milestone_forms import PREFIX as MILESTONE_PREFIX
from ..milestone_forms import milestone_formset
from ..models import OPEN_TASK_STATES, ProjectReport, ReportEvent, ReportingPeriod, ReportState
from ..place_forms import ADD_ROW as ADD_PLACE_ROW
from ..place_forms import PREFIX as PLACE_PREFIX
from ..place_forms import place_formset
from ..plausibility import check_report
from ..rules import drafted_by_another_editor, is_own_ministry_editor, submitted_by_self
from .common import as_int, period_of, report_of
from .indicators import indicator_rows

BULK_ACTIONS = {
    "freigeben": ("reporting.approve_report", services.approve_reports),
    "unveraendert": ("reporting.submit_report", services.carry_over_unchanged),
}


@permission_required("reporting.view_tasks")
def tasks(request):
    """What the signed-in person must do: an editor's own reports, a reviewer's queue, the office's periods."""
    period = ReportingPeriod.objects.open().first()
    user = request.user
    context = {"period": period, "today": timezone.localdate()}
    if period is not None:
        reports = (
            period.reports.visible_to(user)
            .for_listing()
            .prefetch_related(
                Prefetch(
                    "events",
                    queryset=ReportEvent.objects.filter(action="changes_requested").order_by("-created_at"),
                    to_attr="change_requests",
                )
            )
        )
        # Only what this person can work on: a reviewer is not shown thirty drafts she cannot touch.
        context["todo"] = [
            r for r in reports if r.state in OPEN_TASK_STATES and user.has_perm("reporting.change_report", r)
        ]
        submitted = [r for r in reports if r.state == ReportState.SUBMITTED]
        # A reviewer's queue starts with what she can decide now: submitted by others, oldest first.
        context["for_me"] = sorted(
            (r for r in submitted if user.has_perm("reporting.approve_report", r)),
            key=lambda r: r.submitted_at or timezone.now(),
        )
        context["waiting"] = [r for r in submitted if r not in context["for_me"]]
        context["reviewer_first"] = user.has_perm("reporting.view_dashboard") and not user.has_perm(
            "reporting.open_period"
        )
        context["approved"] = [r for r in reports if r.state == ReportState.APPROVED]
    context["published"] = ReportingPeriod.objects.published().newest_first()
    context["can_open"] = user.has_perm("reporting.open_period") and period is None
    context["can_dashboard"] = user.has_perm("reporting.view_dashboard")
    context["can_programme_indicators"] = user.has_perm("programmes.change_programme_indicator")
    return render(request, "reporting/cycle/tasks.html", context)


@require_POST
@permission_required("reporting.view_tasks")
def bulk_action(request, slug: str):
    """Approve the selected reports, or carry the selected drafts over unchanged (after one confirmation)."""
    period = period_of(request, slug)
    back = "reporting:dashboard" if request.user.has_perm("reporting.view_dashboard", period) else "reporting:tasks"
    back_args = [period.slug] if back == "reporting:dashboard" else []
    action = request.POST.get("aktion", "")
    if action not in BULK_ACTIONS:
        raise Http404
    perm, service = BULK_ACTIONS[action]
    form = ReportSelectionForm(request.POST, period=period)
    if not form.is_valid():
        messages.error(request, _("Bitte mindestens einen Bericht auswählen."))
        return redirect(back, *back_args)
    reports = list(form.cleaned_data["reports"].order_by("position", "project__code"))
    allowed = [r for r in reports if request.user.has_perm(perm, r)]
    if action == "unveraendert" and not form.cleaned_data["confirmed"]:
        return render(
            request,
            "reporting/cycle/carry_over_confirm.html",
            {
                "period": period,
                "reports": allowed,
                "not_allowed": [r for r in reports if r not in allowed],
                "back": reverse(back, args=back_args),
            },
        )
    result = service(reports, acting_user=request.user)
    if result.done:
        text = (
            _("%(n)d Berichte freigegeben.") if action == "freigeben" else _("%(n)d Berichte unverändert eingereicht.")
        )
        messages.success(request, text % {"n": len(result.done)})
    for report, reason in result.refused:
        messages.error(
            request, _("%(code)s nicht geändert: %(reason)s") % {"code": report.project.code, "reason": reason}
        )
    return redirect("reporting:dashboard", slug=period.slug)


def _report_context(request, report, form=None, **extra):
    user = request.user
    previous = None
    if report.period.previous_id:
        previous = ProjectReport.objects.filter(period_id=report.period.previous_id, project=report.project).first()
    can = {
        name: user.has_perm(f"reporting.{name}", report)
        for name in (
            "change_report",
            "change_indicators",
            "submit_report",
            "request_changes",
            "approve_report",
            "comment_report",
        )
    }
    return {
        "report": report,
        "period": report.period,
        "form": form,
        "can": can,
        "events": report.events.select_related("actor").order_by("created_at"),
        "previous": previous,
        "changes_since_previous": compare_content(previous, report, only_changed=True) if previous else [],
        "indicator_rows": indicator_rows(report),
        "report_places": [
            (r.get("name", ""), r.get("description", ""), place_figure(r))
            for r in report.local_references or []
            if r.get("name")
        ],
        "decision_form": extra.pop("decision_form", None) or DecisionForm(),
        "submitted_by_self": submitted_by_self(user, report),
        # An editor may edit a colleague's draft but not submit it: say why and how, instead of no button at all.
        "drafted_by_colleague": report.updated_by
        if (
            not can["submit_report"]
            and can["change_report"]
            and is_own_ministry_editor(user, report)
            and drafted_by_another_editor(user, report)
        )
        else None,
        "checks": check_report(report) if can["submit_report"] else [],
        **extra,
    }


@permission_required("reporting.view_report", obj=report_of)
def report_detail(request, pk: int):
    """Read a report; those who may edit it get the form. A save that lost a race gets 409 and keeps its text."""
    report = report_of(request, pk)
    can_edit = request.user.has_perm("reporting.change_report", report)
    can_set_responsible = request.user.has_perm("reporting.open_period")
    if request.method == "POST":
        require(request.user, "reporting.change_report", report, message=_("Dafür fehlt Ihnen die Berechtigung."))
        data, rows = _with_milestone_rows(request.POST, report)
        places = _place_rows(request.POST, report)
        form = ProjectReportForm(
            data, report=report, can_set_responsible=can_set_responsible, place_rows=places is not None
        )
        if places is not None and ADD_PLACE_ROW in request.POST:
            # "Weitere Zeile": the page comes back with everything typed and one more empty row; nothing is saved.
            messages.info(
                request, _("Eine weitere Zeile für einen Ort steht bereit. Gespeichert wird mit „Speichern“.")
            )
            context = _report_context(
                request, report, _rows_instead_of_text(form, rows), milestone_rows=rows, place_rows=places
            )
            return render(request, "reporting/cycle/report.html", context)
        if form.is_valid() and (rows is None or rows.is_valid()) and (places is None or places.is_valid()):
            content = form.content()
            if places is not None:
                content["local_references"] = places.entries()
            try:
                services.save_report(
                    report,
                    acting_user=request.user,
                    data=content,
                    expected_version=form.cleaned_data["version"],
                )
            except services.EditConflict as exc:
                current = exc.current
                theirs = SimpleNamespace(**{**{n: getattr(current, n) for n in content}, **content})
                # Keep the editor's text in the form, but let the next save name the current version.
                data = data.copy()
                data["version"] = str(current.version)
                form = ProjectReportForm(
                    data, report=current, can_set_responsible=can_set_responsible, place_rows=places is not None
                )
                form.is_valid()
                context = _report_context(
                    request,
                    current,
                    _rows_instead_of_text(form, rows),
                    conflict=str(exc),
                    conflict_rows=compare_content(current, theirs, only_changed=True),
                    milestone_rows=rows,
                    place_rows=places,
                )
                return render(request, "reporting/cycle/report.html", context, status=409)
            except services.WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Gespeichert."))
                return redirect("reporting:report", pk=report.pk)
        context = _report_context(
            request, report, _rows_instead_of_text(form, rows), milestone_rows=rows, place_rows=places
        )
        return render(request, "reporting/cycle/report.html", context, status=400)
    form, rows, places = None, None, None
    if can_edit:
        form, rows, places = _edit_form(report, can_set_responsible)
    context = _report_context(request, report, form, milestone_rows=rows, place_rows=places)
    return render(request, "reporting/cycle/report.html", context)


def _edit_form(report, can_set_responsible: bool):
    """The editor's form as loaded: the report's content, milestones and places as rows."""
    form = ProjectReportForm(
        initial=ProjectReportForm.initial_for(report),
        report=report,
        can_set_responsible=can_set_responsible,
        place_rows=True,
    )
    rows = milestone_formset(report)
    return _rows_instead_of_text(form, rows), rows, place_formset(report)


def _place_rows(post, report):
    """The place rows of the page; None for a post without them (a script, an older page), which then names its
    places by the checkbox field as before."""
    if f"{PLACE_PREFIX}-TOTAL_FORMS" not in post:
        return None
    return place_formset(report, post, add_row=ADD_PLACE_ROW in post)


@permission_required("reporting.view_report", obj=report_of)
def report_preview(request, pk: int):
    """The project's page as it will print in the progress report: the same markup the PDF is made of."""
    from ..documents.content import entry_for
    from ..documents.pdf import _project_headings

    report = report_of(request, pk)
    entry = entry_for(report, outlook_year=report.period.outlook_year)
    return render(
        request,
        "reporting/cycle/report_preview.html",
        {"report": report, "period": report.period, "e": entry, "headings": _project_headings()},
    )


def _with_milestone_rows(post, report):
    """The milestone rows of the page, turned into the lines the report form reads. A post without rows (a
    script, an older page) is taken as it is."""
    if f"{MILESTONE_PREFIX}-TOTAL_FORMS" not in post:
        return post, None
    rows = milestone_formset(report, post)
    data = post.copy()
    if rows.is_valid():
        data["milestones"] = rows.as_lines()
    return data, rows


def _rows_instead_of_text(form, rows):
    """The editor's page: milestones as rows (the text field becomes hidden) and a hint under each section."""
    if rows is not None and "milestones" in form.fields:
        form.fields["milestones"].widget = HiddenInput()
    add_section_help(form)
    return form


def _workflow_action(request, pk: int, perm: str, action, success: str, *, with_comment=False, comment_required=""):
    """One decision on a report. When it cannot be taken, the report page comes back with what was typed still
    in the box and the reason at the top: a reviewer's text is never dropped by a redirect."""
    report = report_of(request, pk)
    kwargs = {}
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    if not request.user.has_perm(perm, report):
        # Typically a page older than the report's state (someone else decided meanwhile) or four-eyes:
        # refuse, but hand the page back with the text still in the box.
        if report.state == ReportState.SUBMITTED and submitted_by_self(request.user, report):
            reason = _(
                "Sie haben diesen Bericht selbst eingereicht; nach dem Vier-Augen-Prinzip gibt ihn eine andere Person frei."
            )
        else:
            reason = _("Dieser Schritt ist beim Bearbeitungsstand „%(state)s“ nicht möglich.") % {
                "state": report.get_state_display()
            }
        form.add_error(None, reason)
        return _decision_refused(request, report, form, status=403)
    if with_comment:
        kwargs["comment"] = comment
    if comment_required and not comment.strip():
        form.add_error("comment", comment_required)
        return _decision_refused(request, report, form)
    try:
        action(report, acting_user=request.user, **kwargs)
    except services.WorkflowError as exc:
        form.add_error(None, str(exc))
        return _decision_refused(request, report, form)
    messages.success(request, success)
    return redirect("reporting:report", pk=report.pk)


def _decision_refused(request, report, form, status: int = 400):
    edit_form, rows, places = None, None, None
    if request.user.has_perm("reporting.change_report", report):
        edit_form, rows, places = _edit_form(report, request.user.has_perm("reporting.open_period"))
    context = _report_context(request, report, edit_form, decision_form=form, milestone_rows=rows, place_rows=places)
    return render(request, "reporting/cycle/report.html", context, status=status)


@require_POST
@permission_required("reporting.submit_report", obj=report_of)
def submit(request, pk: int):
    report = report_of(request, pk)
    if check_report(report) and not request.POST.get("hinweise_geprueft"):
        form = DecisionForm(request.POST)
        form.is_valid()
        form.add_error(
            None,
            _("Noch nicht eingereicht: Bitte die Hinweise unter „Nächste Schritte“ prüfen und bestätigen."),
        )
        return _decision_refused(request, report, form)
    return _workflow_action(request, pk, "reporting.submit_report", services.submit_report, _("Eingereicht."))


@require_POST
@permission_required("reporting.view_report", obj=report_of)
def request_changes_view(request, pk: int):
    return _workflow_action(
        request,
        pk,
        "reporting.request_changes",
        services.request_changes,
        _("Änderungen erbeten."),
        with_comment=True,
        comment_required=_("Kommentar: Bitte schreiben Sie dazu, was geändert werden soll."),
    )


@require_POST
@permission_required("reporting.view_report", obj=report_of)
def approve(request, pk: int):
    return _workflow_action(
        request, pk, "reporting.approve_report", services.approve_report, _("Freigegeben."), with_comment=True
    )


@require_POST
@permission_required("reporting.view_report", obj=report_of)
def comment(request, pk: int):
    return _workflow_action(
        request,
        pk,
        "reporting.comment_report",
        services.comment_report,
        _("Kommentar gespeichert."),
        with_comment=True,
        comment_required=_("Kommentar: Bitte einen Kommentar schreiben."),
    )


@permission_required("reporting.view_report", obj=report_of)
def versions(request, pk: int):
    """Every saved version with who and when; two of them side by side."""
    report = report_of(request, pk)
    history = list(report.history.select_related("history_user").order_by("-history_date", "-history_id"))
    by_id = {h.history_id: h for h in history}
    a = by_id.get(as_int(request.GET.get("a")))
    b = by_id.get(as_int(request.GET.get("b")))
    if b is None and history:
        b = history[0]
    if a is None and b is not None:
        # Open on the last change of content, not on an empty comparison after a mere state change
        # (submitted, approved): the newest older version whose content differs.
        older = [h for h in history if (h.history_date, h.history_id) < (b.history_date, b.history_id)]
        a = next((h for h in older if compare_content(h, b, only_changed=True)), older[0] if older else None)
    return render(
        request,
        "reporting/cycle/versions.html",
        {
            "report": report,
            "period": report.period,
            "history": history,
            "a": a,
            "b": b,
            "rows": compare_content(a, b) if a and b else [],
            "can_restore": request.user.has_perm("reporting.restore_report_version", report),
        },
    )


@require_POST
@permission_required("reporting.restore_report_version", obj=report_of)
def restore(request, pk: int, history_id: int):
    report = report_of(request, pk)
    try:
        services.restore_report_version(
            report,
            history_id=history_id,
            acting_user=request.user,
            expected_version=as_int(request.POST.get("version")),
        )
    except services.EditConflict as exc:
        messages.error(request, str(exc))
        return redirect(reverse("reporting:versions", args=[report.pk]))
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("reporting:versions", args=[report.pk]))
    messages.success(request, _("Frühere Version wiederhergestellt (als neue Version)."))
    return redirect("reporting:report", pk=report.pk)
