"""Pages of the reporting cycle. Thin: permissions from reporting.rules, changes through reporting.services.

Public pages read published periods only (`ReportingPeriod.objects.published()`); everything under
/berichte/arbeit/ needs a log-in and the matching rule.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Count, Prefetch
from django.forms import HiddenInput
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from operations.uploads import attachment_headers
from programmes.models import Indicator, Ministry, Project

from . import jobs, services
from .comparison import compare_content, counts_rows, programme_changes, programme_counts
from .cycle_forms import (
    AssignMinistryForm,
    DecisionForm,
    ErratumForm,
    IndicatorForm,
    IndicatorValueForm,
    MinistryDeadlinesForm,
    OpenPeriodForm,
    PeriodTextsForm,
    ProjectReportForm,
    ReportSelectionForm,
)
from .field_help import add_section_help
from .indicator_entries import as_date, describe, entries, format_date, format_number
from .milestone_forms import PREFIX as MILESTONE_PREFIX
from .milestone_forms import milestone_formset
from .models import (
    OPEN_TASK_STATES,
    Erratum,
    ProjectReport,
    RenderJob,
    RenderState,
    ReportEvent,
    ReportingPeriod,
    ReportState,
)
from .place_forms import ADD_ROW as ADD_PLACE_ROW
from .place_forms import PREFIX as PLACE_PREFIX
from .place_forms import place_formset
from .plausibility import check_period_texts, check_report
from .report_content import build_content, place_figure
from .report_documents import GENERATORS, PeriodOverviewXlsx, cached
from .rules import drafted_by_another_editor, is_own_ministry_editor, submitted_by_self
from .tasks import failed_tasks


def _require(request, perm: str, obj=None):
    """Anonymous visitors are sent to the log-in; signed-in users without the right get 403."""
    if not request.user.is_authenticated:
        raise _LoginRequired
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


class _LoginRequired(Exception):
    pass


def login_guard(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _download(generator) -> HttpResponse:
    response = HttpResponse(cached(generator), content_type=generator.content_type)
    response["Content-Disposition"] = f'attachment; filename="{generator.filename()}"'
    return response


# --- public ------------------------------------------------------------------------------------------


def period_list(request):
    periods = ReportingPeriod.objects.published().newest_first()
    return render(request, "reporting/cycle/period_list.html", {"periods": periods})


def period_detail(request, slug: str):
    period = get_object_or_404(ReportingPeriod.objects.published(), slug=slug)
    counts = programme_counts(period)
    return render(
        request,
        "reporting/cycle/period_detail.html",
        {
            "period": period,
            "counts": counts_rows(counts),
            "total": counts["total"],
            "changes": programme_changes(period),
            "reports": period.reports.for_listing(),
            "errata": period.errata.select_related("project"),
            "formats": [("pdf", "PDF"), ("docx", "Word"), ("txt", _("Text"))],
        },
    )


def period_download(request, slug: str, fmt: str):
    period = get_object_or_404(ReportingPeriod.objects.published(), slug=slug)
    generator = GENERATORS.get(fmt)
    if generator is None:
        raise Http404
    generator = generator(build_content(period))
    if jobs.needs_background(generator):
        job = jobs.request_render(period, fmt=fmt, draft=False, user=request.user)
        return redirect("cycle:render_job", key=job.key)
    return _download(generator)


def _job_access(request, job: RenderJob) -> None:
    if job.draft or not job.period.is_published:
        _require(request, "reporting.preview_period", job.period)


@login_guard
def render_job(request, key):
    """Progress of a background render; JSON for the page's script, HTML with a refresh link without it."""
    job = get_object_or_404(RenderJob.objects.select_related("period"), key=key)
    _job_access(request, job)
    file_url = reverse("cycle:render_job_file", args=[job.key]) if job.state == RenderState.DONE else ""
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "state": job.state,
                "label": job.get_state_display(),
                "progress": job.progress,
                "message": job.message,
                "file": file_url,
            }
        )
    return render(request, "reporting/cycle/render_job.html", {"job": job, "file_url": file_url})


@login_guard
def render_job_file(request, key):
    job = get_object_or_404(RenderJob.objects.select_related("period"), key=key, state=RenderState.DONE)
    _job_access(request, job)
    path = f"{settings.REPORT_CACHE_DIR}/{job.content_hash}.{job.fmt}"
    if not default_storage.exists(path):
        raise Http404
    generator = GENERATORS[job.fmt]
    suffix = "-entwurf" if job.draft else ""
    response = FileResponse(default_storage.open(path, "rb"), content_type=generator.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.period.slug}{suffix}.{job.fmt}"'
    return attachment_headers(response)


def project_comparison(request, code: str):
    """A project side by side in two periods: published periods for everyone, the open one for those
    who may read its draft."""
    project = get_object_or_404(Project, code=code)
    reports = list(
        ProjectReport.objects.filter(project=project).select_related("period", "project").order_by("period__cut_off")
    )
    visible = [
        r
        for r in reports
        if r.period.is_published
        or (request.user.is_authenticated and request.user.has_perm("reporting.view_report", r))
    ]
    if not visible:
        raise Http404
    by_slug = {r.period.slug: r for r in visible}
    right = by_slug.get(request.GET.get("bis")) or visible[-1]
    left = by_slug.get(request.GET.get("von")) or (visible[-2] if len(visible) > 1 else None)
    return render(
        request,
        "reporting/cycle/project_comparison.html",
        {
            "project": project,
            "left": left,
            "right": right,
            "choices": visible,
            "rows": compare_content(left, right),
        },
    )


# --- workspace ---------------------------------------------------------------------------------------


@login_guard
def tasks(request):
    """What the signed-in person must do: an editor's own reports, a reviewer's queue, the office's periods."""
    _require(request, "reporting.view_tasks")
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


@login_guard
def open_period_view(request):
    _require(request, "reporting.open_period")
    form = OpenPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.open_period(acting_user=request.user, **form.cleaned_data)
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("„%(title)s“ ist eröffnet; %(n)d Projektberichte sind angelegt.")
                % {"title": period.title, "n": period.reports.count()},
            )
            return redirect("cycle:dashboard", slug=period.slug)
    return render(request, "reporting/cycle/open_period.html", {"form": form})


def _period(slug: str) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, slug=slug)


@login_guard
def dashboard(request, slug: str):
    period = _period(slug)
    _require(request, "reporting.view_dashboard", period)
    today = timezone.localdate()
    state = request.GET.get("stand", "")
    reports = period.reports.for_listing()
    if state in ReportState.values:
        reports = reports.filter(state=state)
    per_ministry = list(period.reports.counts_per_ministry(today=today))
    totals = {
        key: sum(row[key] for row in per_ministry)
        for key in ("total", "draft", "submitted", "changes_requested", "approved", "published", "overdue")
    }
    counts = programme_counts(period)
    return render(
        request,
        "reporting/cycle/dashboard.html",
        {
            "period": period,
            "per_ministry": per_ministry,
            "totals": totals,
            "reports": reports,
            "states": ReportState.choices,
            "state": state,
            "today": today,
            "counts": counts_rows(counts),
            "total": counts["total"],
            "changes": programme_changes(period),
            "events": period.events.select_related("actor", "report", "report__project").order_by("-created_at")[:30],
            "failed_tasks": failed_tasks(),
            "unowned": [
                (r, AssignMinistryForm(prefix=f"ressort-{r.pk}"))
                for r in period.reports.without_ministry().for_listing()
            ]
            if request.user.has_perm("reporting.assign_ministry", period)
            else list(period.reports.without_ministry().for_listing()),
            "can_assign": request.user.has_perm("reporting.assign_ministry", period),
            "can_bulk": period.is_open,
        },
    )


@login_guard
def send_reminders_view(request, slug: str):
    """GET: who would get a reminder for which reports, and which ministries have nobody to mail.
    POST: send them; the message counts the ministries that really got a mail."""
    period = _period(slug)
    _require(request, "reporting.send_reminders", period)
    only_overdue = bool(request.POST.get("nur_ueberfaellig") or request.GET.get("nur_ueberfaellig"))
    if request.method == "POST":
        try:
            n = services.send_reminders(period, acting_user=request.user, only_overdue=only_overdue)
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Erinnerungen an %(n)d Ressorts versandt.") % {"n": n})
            unreachable = [
                row for row in services.reminder_plan(period, only_overdue=only_overdue) if not row["recipients"]
            ]
            if unreachable:
                messages.warning(
                    request,
                    _("Nicht erreicht (kein Konto mit E-Mail-Adresse): %(names)s.")
                    % {
                        "names": ", ".join(
                            (row["ministry"].abbreviation if row["ministry"] else _("ohne Ressort"))
                            for row in unreachable
                        )
                    },
                )
        return redirect("cycle:dashboard", slug=period.slug)
    plan = services.reminder_plan(period, only_overdue=only_overdue)
    return render(
        request,
        "reporting/cycle/remind.html",
        {
            "period": period,
            "plan": plan,
            "only_overdue": only_overdue,
            "reachable": sum(1 for row in plan if row["recipients"]),
            "mails": sum(len(row["recipients"]) for row in plan),
        },
    )


@login_guard
@require_POST
def assign_ministry_view(request, pk: int):
    report = _report(pk)
    _require(request, "reporting.assign_ministry", report)
    form = AssignMinistryForm(request.POST, prefix=f"ressort-{report.pk}")
    if not form.is_valid():
        messages.error(request, _("%(code)s: Bitte ein Ressort wählen.") % {"code": report.project.code})
    else:
        try:
            services.assign_ministry(report, ministry=form.cleaned_data["ministry"], acting_user=request.user)
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(code)s gehört jetzt zu %(ministry)s.")
                % {"code": report.project.code, "ministry": form.cleaned_data["ministry"].name},
            )
    return redirect(f"{reverse('cycle:dashboard', args=[report.period.slug])}#ohne-ressort")


BULK_ACTIONS = {
    "freigeben": ("reporting.approve_report", services.approve_reports),
    "unveraendert": ("reporting.submit_report", services.carry_over_unchanged),
}


@login_guard
@require_POST
def bulk_action(request, slug: str):
    """Approve the selected reports, or carry the selected drafts over unchanged (after one confirmation)."""
    period = _period(slug)
    _require(request, "reporting.view_tasks")
    back = "cycle:dashboard" if request.user.has_perm("reporting.view_dashboard", period) else "cycle:tasks"
    back_args = [period.slug] if back == "cycle:dashboard" else []
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
    return redirect("cycle:dashboard", slug=period.slug)


@login_guard
def deadlines(request, slug: str):
    """The office gives single ministries their own deadline (an extension); empty means the period's."""
    period = _period(slug)
    _require(request, "reporting.send_reminders", period)
    ministries = list(Ministry.objects.filter(projects__reports__period=period).distinct().order_by("name"))
    own = {d.ministry_id: d.due for d in period.ministry_deadlines.all()}
    form = MinistryDeadlinesForm(
        request.POST or None, ministries=ministries, initial={f"frist_{m.pk}": own.get(m.pk) for m in ministries}
    )
    if request.method == "POST" and form.is_valid():
        try:
            for ministry in ministries:
                due = form.cleaned_data[f"frist_{ministry.pk}"]
                if due != own.get(ministry.pk):
                    services.set_ministry_deadline(period, ministry=ministry, due=due, acting_user=request.user)
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Abgabefristen gespeichert."))
            return redirect("cycle:dashboard", slug=period.slug)
    return render(request, "reporting/cycle/deadlines.html", {"period": period, "form": form})


@login_guard
def cockpit(request):
    """The programme office's start page: everything it does, one click away."""
    _require(request, "reporting.open_period")
    period = ReportingPeriod.objects.open().first()
    context = {"period": period, "today": timezone.localdate()}
    if period is not None:
        today = timezone.localdate()
        context.update(
            counts={row["state"]: row["n"] for row in period.reports.values("state").annotate(n=Count("pk"))},
            unowned=period.reports.without_ministry().count(),
            overdue=period.reports.overdue(today=today).count(),
            waiting=period.reports.filter(state=ReportState.SUBMITTED).exclude(submitted_by=request.user).count(),
        )
    context["published"] = ReportingPeriod.objects.published().newest_first()[:5]
    context["people_url"] = reverse("accounts:people")
    context["ministries_url"] = reverse("accounts:ministries")
    return render(request, "reporting/cycle/cockpit.html", context)


@login_guard
def period_texts(request, slug: str):
    period = _period(slug)
    _require(request, "reporting.edit_period_texts", period)
    initial = {name: getattr(period, name) for name in PeriodTextsForm.base_fields}
    form = PeriodTextsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_period_texts(period, acting_user=request.user, data=form.cleaned_data)
        messages.success(request, _("Berichtstexte gespeichert."))
        return redirect("cycle:dashboard", slug=period.slug)
    return render(
        request,
        "reporting/cycle/period_texts.html",
        {"period": period, "form": form, "checks": check_period_texts(period)},
    )


@login_guard
def preview(request, slug: str, fmt: str):
    """The office's draft preview while the period is open: watermarked, never cached as final."""
    period = _period(slug)
    _require(request, "reporting.preview_period", period)
    generator = GENERATORS.get(fmt)
    if generator is None:
        raise Http404
    generator = generator(build_content(period, draft=True))
    if jobs.needs_background(generator):
        job = jobs.request_render(period, fmt=fmt, draft=True, user=request.user)
        return redirect("cycle:render_job", key=job.key)
    return _download(generator)


@login_guard
def overview_xlsx(request, slug: str):
    period = _period(slug)
    _require(request, "reporting.export_period_overview", period)
    xlsx = PeriodOverviewXlsx(period)
    response = HttpResponse(xlsx.render(), content_type=xlsx.content_type)
    response["Content-Disposition"] = f'attachment; filename="{xlsx.filename()}"'
    return response


@login_guard
def publish(request, slug: str):
    period = _period(slug)
    _require(request, "reporting.publish_period", period)
    pending = period.reports.exclude(state=ReportState.APPROVED).select_related("project")
    if request.method == "POST":
        try:
            services.publish_period(period, acting_user=request.user)
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("„%(title)s“ ist veröffentlicht.") % {"title": period.title})
            return redirect("cycle:period", slug=period.slug)
    unowned = period.reports.without_ministry().select_related("project")
    return render(request, "reporting/cycle/publish.html", {"period": period, "pending": pending, "unowned": unowned})


@login_guard
def erratum(request, slug: str):
    period = _period(slug)
    _require(request, "reporting.add_erratum", period)
    form = ErratumForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_erratum(
                period, acting_user=request.user, text=form.cleaned_data["text"], project=form.cleaned_data["project"]
            )
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Erratum veröffentlicht."))
            return redirect("cycle:period", slug=period.slug)
    return render(
        request,
        "reporting/cycle/erratum.html",
        {"period": period, "form": form, "errata": Erratum.objects.filter(period=period)},
    )


def _report(pk: int) -> ProjectReport:
    return get_object_or_404(
        ProjectReport.objects.select_related("period", "project", "project__ministry", "action_field", "updated_by"),
        pk=pk,
    )


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
        "indicator_rows": _indicator_rows(report),
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


@login_guard
def report_detail(request, pk: int):
    """Read a report; those who may edit it get the form. A save that lost a race gets 409 and keeps its text."""
    report = _report(pk)
    _require(request, "reporting.view_report", report)
    can_edit = request.user.has_perm("reporting.change_report", report)
    can_set_responsible = request.user.has_perm("reporting.open_period")
    if request.method == "POST":
        _require(request, "reporting.change_report", report)
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
                return redirect("cycle:report", pk=report.pk)
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


@login_guard
def report_preview(request, pk: int):
    """The project's page as it will print in the progress report: the same markup the PDF is made of."""
    from .report_content import entry_for
    from .report_documents import _project_headings

    report = _report(pk)
    _require(request, "reporting.view_report", report)
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
    report = _report(pk)
    _require(request, "reporting.view_report", report)
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
    return redirect("cycle:report", pk=report.pk)


def _decision_refused(request, report, form, status: int = 400):
    edit_form, rows, places = None, None, None
    if request.user.has_perm("reporting.change_report", report):
        edit_form, rows, places = _edit_form(report, request.user.has_perm("reporting.open_period"))
    context = _report_context(request, report, edit_form, decision_form=form, milestone_rows=rows, place_rows=places)
    return render(request, "reporting/cycle/report.html", context, status=status)


@login_guard
@require_POST
def submit(request, pk: int):
    report = _report(pk)
    _require(request, "reporting.submit_report", report)
    if check_report(report) and not request.POST.get("hinweise_geprueft"):
        form = DecisionForm(request.POST)
        form.is_valid()
        form.add_error(
            None,
            _("Noch nicht eingereicht: Bitte die Hinweise unter „Nächste Schritte“ prüfen und bestätigen."),
        )
        return _decision_refused(request, report, form)
    return _workflow_action(request, pk, "reporting.submit_report", services.submit_report, _("Eingereicht."))


@login_guard
@require_POST
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


@login_guard
@require_POST
def approve(request, pk: int):
    return _workflow_action(
        request, pk, "reporting.approve_report", services.approve_report, _("Freigegeben."), with_comment=True
    )


@login_guard
@require_POST
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


@login_guard
def versions(request, pk: int):
    """Every saved version with who and when; two of them side by side."""
    report = _report(pk)
    _require(request, "reporting.view_report", report)
    history = list(report.history.select_related("history_user").order_by("-history_date", "-history_id"))
    by_id = {h.history_id: h for h in history}
    a = by_id.get(_int(request.GET.get("a")))
    b = by_id.get(_int(request.GET.get("b")))
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


@login_guard
@require_POST
def restore(request, pk: int, history_id: int):
    report = _report(pk)
    _require(request, "reporting.restore_report_version", report)
    try:
        services.restore_report_version(
            report, history_id=history_id, acting_user=request.user, expected_version=_int(request.POST.get("version"))
        )
    except services.EditConflict as exc:
        messages.error(request, str(exc))
        return redirect(reverse("cycle:versions", args=[report.pk]))
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("cycle:versions", args=[report.pk]))
    messages.success(request, _("Frühere Version wiederhergestellt (als neue Version)."))
    return redirect("cycle:report", pk=report.pk)


# --- indicators of a report ---------------------------------------------------------------------------


def _indicator_rows(report) -> list[dict]:
    rows = []
    for index, item in enumerate(entries(report.indicators)):
        previous = item["previous"] or {}
        rows.append(
            {
                "index": index,
                "item": item,
                "value": format_number(item["value"], item["qualifier"]),
                "as_of": format_date(item["as_of"]) or format_date(report.period.cut_off),
                "baseline": format_number(item["baseline"]),
                "baseline_date": format_date(item["baseline_date"]),
                "target": format_number(item["target"], item["target_qualifier"]),
                "target_date": format_date(item["target_date"]),
                "previous": format_number(previous.get("value"), previous.get("qualifier", "")),
                "previous_as_of": format_date(previous.get("as_of")),
                "line": describe(item, default_as_of=report.period.cut_off),
            }
        )
    return rows


def _registry_only(report) -> list[Indicator]:
    """Indicators the registry knows for the project (e.g. confirmed by the office) that the report lacks."""
    named = {item["name"].casefold() for item in entries(report.indicators)}
    return [
        i for i in Indicator.objects.filter(project=report.project).order_by("name") if i.name.casefold() not in named
    ]


def _is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def _indicator_page(request, report, *, add_form=None, status=200, notice="", conflict=""):
    can_edit = request.user.has_perm("reporting.change_indicators", report)
    if add_form is None and can_edit:
        add_form = IndicatorForm(initial=_add_initial(request, report), report=report, with_value=True, prefix="neu")
    context = {
        "report": report,
        "period": report.period,
        "rows": _indicator_rows(report),
        "registry_only": _registry_only(report) if can_edit else [],
        "can_edit": can_edit,
        "add_form": add_form if can_edit else None,
        "notice": notice,
        "conflict": conflict,
    }
    template = "reporting/cycle/_indicator_editor.html" if _is_htmx(request) else "reporting/cycle/indicators.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _add_initial(request, report) -> dict:
    initial = {"version": report.version}
    source = _int(request.GET.get("uebernehmen"))
    indicator = Indicator.objects.filter(project=report.project, pk=source).first() if source else None
    if indicator is not None:
        initial.update(
            name=indicator.name,
            unit=indicator.unit,
            direction=indicator.direction,
            baseline=indicator.baseline,
            baseline_date=indicator.baseline_date,
            target=indicator.target,
            target_qualifier=indicator.target_qualifier,
            target_date=indicator.target_date,
        )
    return initial


def _conflict_form(form_class, request, current, **kwargs):
    """The editor's input kept after a lost race, with the lock moved to the version stored now."""
    data = request.POST.copy()
    data[f"{kwargs['prefix']}-version" if kwargs.get("prefix") else "version"] = str(current.version)
    form = form_class(data, report=current, **kwargs)
    form.is_valid()
    return form


@login_guard
def indicators(request, pk: int):
    """The report's Kennzahlen: definition, baseline, target and this period's value; add one (htmx or not)."""
    report = _report(pk)
    _require(request, "reporting.view_report", report)
    if request.method != "POST":
        return _indicator_page(request, report)
    _require(request, "reporting.change_indicators", report)
    form = IndicatorForm(request.POST, report=report, with_value=True, prefix="neu")
    if not form.is_valid():
        return _indicator_page(request, report, add_form=form, status=200 if _is_htmx(request) else 400)
    try:
        report = services.add_indicator(
            report,
            acting_user=request.user,
            data=form.definition(),
            value=form.value_data(),
            expected_version=form.cleaned_data["version"],
        )
    except services.EditConflict as exc:
        form = _conflict_form(IndicatorForm, request, exc.current, with_value=True, prefix="neu")
        return _indicator_page(
            request, exc.current, add_form=form, conflict=str(exc), status=200 if _is_htmx(request) else 409
        )
    except services.WorkflowError as exc:
        form.add_error(None, str(exc))
        return _indicator_page(request, report, add_form=form, status=200 if _is_htmx(request) else 400)
    notice = _("Kennzahl „%(name)s“ angelegt.") % {"name": form.cleaned_data["name"]}
    if _is_htmx(request):
        return _indicator_page(request, report, notice=notice)
    messages.success(request, notice)
    return redirect("cycle:indicators", pk=report.pk)


def _indicator_item(report, index: int) -> dict:
    items = entries(report.indicators)
    if not 0 <= index < len(items):
        raise Http404
    return items[index]


def _indicator_form(
    request, pk: int, index: int, *, form_class, form_kwargs: dict, mode: str, service, data, notice, extra=None
):
    """One indicator entry changed through `form_class` and `service(report, index, data=data(form), …)`.

    GET shows the form filled from the entry; a POST that saves goes back to the editor, a
    lost race answers 409 with the input kept (lock moved on), an invalid or refused one 400.
    """
    report = _report(pk)
    _require(request, "reporting.change_indicators", report)
    item = _indicator_item(report, index)
    status, conflict = 200, ""
    if request.method != "POST":
        form = form_class(initial=form_class.initial_for(report, item), report=report, **form_kwargs)
    else:
        form = form_class(request.POST, report=report, **form_kwargs)
        status = 400
        if form.is_valid():
            try:
                service(
                    report,
                    index,
                    acting_user=request.user,
                    data=data(form),
                    expected_version=form.cleaned_data["version"],
                )
            except services.EditConflict as exc:
                report, conflict, status = exc.current, str(exc), 409
                form = _conflict_form(form_class, request, report, **form_kwargs)
            except services.WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, notice(form, item))
                return redirect("cycle:indicators", pk=report.pk)
    context = {"report": report, "period": report.period, "item": item, "form": form, "conflict": conflict}
    return render(
        request,
        "reporting/cycle/indicator_form.html",
        {**context, "mode": mode, **(extra(item) if extra else {})},
        status=status,
    )


@login_guard
def indicator_edit(request, pk: int, index: int):
    return _indicator_form(
        request,
        pk,
        index,
        form_class=IndicatorForm,
        form_kwargs={"index": index},
        mode="edit",
        service=services.change_indicator,
        data=IndicatorForm.definition,
        notice=lambda form, item: _("Kennzahl „%(name)s“ gespeichert.") % {"name": form.cleaned_data["name"]},
    )


def _previous_value(item) -> dict:
    previous = item["previous"] or {}
    return {
        "previous": format_number(previous.get("value"), previous.get("qualifier", "")),
        "previous_as_of": format_date(as_date(previous.get("as_of"))),
        "previous_period": previous.get("period", ""),
    }


@login_guard
def indicator_value(request, pk: int, index: int):
    return _indicator_form(
        request,
        pk,
        index,
        form_class=IndicatorValueForm,
        form_kwargs={},
        mode="value",
        service=services.set_indicator_value,
        data=IndicatorValueForm.value_data,
        notice=lambda form, item: _("Wert für „%(name)s“ gespeichert.") % {"name": item["name"]},
        extra=_previous_value,
    )


def _indicator_post(request, pk: int, index: int, service, done: str):
    """A POST-only change of one indicator entry: do it or say why not, then back to the editor."""
    report = _report(pk)
    _require(request, "reporting.change_indicators", report)
    item = _indicator_item(report, index)
    try:
        service(report, index, acting_user=request.user, expected_version=_int(request.POST.get("version")) or 0)
    except services.WorkflowError as exc:  # EditConflict included: nothing changed, the message says why
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"name": item["name"]})
    return redirect("cycle:indicators", pk=report.pk)


@login_guard
@require_POST
def indicator_value_remove(request, pk: int, index: int):
    return _indicator_post(request, pk, index, services.remove_indicator_value, _("Wert für „%(name)s“ entfernt."))


@login_guard
@require_POST
def indicator_remove(request, pk: int, index: int):
    return _indicator_post(request, pk, index, services.remove_indicator, _("„%(name)s“ aus dem Bericht genommen."))


def _int(raw) -> int | None:
    return int(raw) if raw and str(raw).isdigit() else None
