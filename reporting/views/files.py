"""Files of the reporting cycle: the published report's downloads, the office's draft previews and period
overview, and the background renders of large reports (their progress page and the finished file)."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.permissions import permission_required
from operations.uploads import attachment_headers

from ..documents import jobs
from ..documents.content import build_content
from ..documents.generators import GENERATORS
from ..documents.overview_xlsx import PeriodOverviewXlsx
from ..models import RenderJob, RenderState, ReportingPeriod
from .common import download, period_of


def period_download(request, slug: str, fmt: str):
    period = get_object_or_404(ReportingPeriod.objects.published(), slug=slug)
    generator = GENERATORS.get(fmt)
    if generator is None:
        raise Http404
    generator = generator(build_content(period))
    if jobs.needs_background(generator):
        job = jobs.request_render(period, fmt=fmt, draft=False, user=request.user)
        return redirect("reporting:render_job", key=job.key)
    return download(generator)


@permission_required("reporting.preview_period", obj=period_of)
def preview(request, slug: str, fmt: str):
    """The office's draft preview while the period is open: watermarked, never cached as final."""
    period = period_of(request, slug)
    generator = GENERATORS.get(fmt)
    if generator is None:
        raise Http404
    generator = generator(build_content(period, draft=True))
    if jobs.needs_background(generator):
        job = jobs.request_render(period, fmt=fmt, draft=True, user=request.user)
        return redirect("reporting:render_job", key=job.key)
    return download(generator)


@permission_required("reporting.export_period_overview", obj=period_of)
def overview_xlsx(request, slug: str):
    period = period_of(request, slug)
    xlsx = PeriodOverviewXlsx(period)
    response = HttpResponse(xlsx.render(), content_type=xlsx.content_type)
    response["Content-Disposition"] = f'attachment; filename="{xlsx.filename()}"'
    return response


def job_access(view):
    """A render of a published period's final report is for everyone, like the download that started it; a draft
    render (or one of a period not yet published) only for those who may preview the period."""

    @wraps(view)
    def dispatch(request, key, **kwargs):
        job = get_object_or_404(RenderJob.objects.select_related("period"), key=key)
        if not job.draft and job.period.is_published:
            return view(request, key, **kwargs)
        guarded = permission_required("reporting.preview_period", obj=lambda *args, **kwargs: job.period)(view)
        return guarded(request, key, **kwargs)

    return dispatch


@job_access
def render_job(request, key):
    """Progress of a background render; JSON for the page's script, HTML with a refresh link without it."""
    job = get_object_or_404(RenderJob.objects.select_related("period"), key=key)
    file_url = reverse("reporting:render_job_file", args=[job.key]) if job.state == RenderState.DONE else ""
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


@job_access
def render_job_file(request, key):
    job = get_object_or_404(RenderJob.objects.select_related("period"), key=key, state=RenderState.DONE)
    path = f"{settings.REPORT_CACHE_DIR}/{job.content_hash}.{job.fmt}"
    if not default_storage.exists(path):
        raise Http404
    generator = GENERATORS[job.fmt]
    suffix = "-entwurf" if job.draft else ""
    response = FileResponse(default_storage.open(path, "rb"), content_type=generator.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.period.slug}{suffix}.{job.fmt}"'
    return attachment_headers(response)
