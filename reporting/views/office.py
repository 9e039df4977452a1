"""The programme office's pages of the cycle: the cockpit, opening a period, the dashboard and what is done
from it (ministry of a report, reminders, deadlines, texts of the report, publishing, errata)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import permission_required
from programmes.models import Ministry

from .. import services
from ..comparison import counts_rows, programme_changes, programme_counts
from ..forms import AssignMinistryForm, ErratumForm, MinistryDeadlinesForm, OpenPeriodForm, PeriodTextsForm
from ..models import Erratum, ReportingPeriod, ReportState
from ..plausibility import check_period_texts
from ..tasks import failed_tasks
from .common import period_of, report_of


@permission_required("reporting.open_period")
def cockpit(request):
    """The programme office's start page: everything it does, one click away."""
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
    context["ministries_url"] = reverse("programmes:ministries")
    return render(request, "reporting/cycle/cockpit.html", context)


@permission_required("reporting.open_period")
def open_period_view(request):
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
            return redirect("reporting:dashboard", slug=period.slug)
    return render(request, "reporting/cycle/open_period.html", {"form": form})


@permission_required("reporting.view_dashboard", obj=period_of)
def dashboard(request, slug: str):
    period = period_of(request, slug)
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


@require_POST
@permission_required("reporting.assign_ministry", obj=report_of)
def assign_ministry_view(request, pk: int):
    report = report_of(request, pk)
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
    return redirect(f"{reverse('reporting:dashboard', args=[report.period.slug])}#ohne-ressort")


@permission_required("reporting.send_reminders", obj=period_of)
def send_reminders_view(request, slug: str):
    """GET: who would get a reminder for which reports, and which ministries have nobody to mail.
    POST: send them; the message counts the ministries that really got a mail."""
    period = period_of(request, slug)
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
        return redirect("reporting:dashboard", slug=period.slug)
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


@permission_required("reporting.send_reminders", obj=period_of)
def deadlines(request, slug: str):
    """The office gives single ministries their own deadline (an extension); empty means the period's."""
    period = period_of(request, slug)
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
            return redirect("reporting:dashboard", slug=period.slug)
    return render(request, "reporting/cycle/deadlines.html", {"period": period, "form": form})


@permission_required("reporting.edit_period_texts", obj=period_of)
def period_texts(request, slug: str):
    period = period_of(request, slug)
    initial = {name: getattr(period, name) for name in PeriodTextsForm.base_fields}
    form = PeriodTextsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_period_texts(period, acting_user=request.user, data=form.cleaned_data)
        messages.success(request, _("Berichtstexte gespeichert."))
        return redirect("reporting:dashboard", slug=period.slug)
    return render(
        request,
        "reporting/cycle/period_texts.html",
        {"period": period, "form": form, "checks": check_period_texts(period)},
    )


@permission_required("reporting.publish_period", obj=period_of)
def publish(request, slug: str):
    period = period_of(request, slug)
    pending = period.reports.exclude(state=ReportState.APPROVED).select_related("project")
    if request.method == "POST":
        try:
            services.publish_period(period, acting_user=request.user)
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("„%(title)s“ ist veröffentlicht.") % {"title": period.title})
            return redirect("reporting:period", slug=period.slug)
    unowned = period.reports.without_ministry().select_related("project")
    return render(request, "reporting/cycle/publish.html", {"period": period, "pending": pending, "unowned": unowned})


@permission_required("reporting.add_erratum", obj=period_of)
def erratum(request, slug: str):
    period = period_of(request, slug)
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
            return redirect("reporting:period", slug=period.slug)
    return render(
        request,
        "reporting/cycle/erratum.html",
        {"period": period, "form": form, "errata": Erratum.objects.filter(period=period)},
    )
