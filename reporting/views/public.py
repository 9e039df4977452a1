"""Public pages of the reporting cycle: the published periods, their counts and changes, a project compared
across periods. They read published periods only (`ReportingPeriod.objects.published()`); the comparison shows an
open period's draft only to those who may read it (rule `reporting.view_report`)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from programmes.models import Project

from ..comparison import compare_content, counts_rows, programme_changes, programme_counts
from ..models import ProjectReport, ReportingPeriod


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
