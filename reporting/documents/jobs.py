"""Rendering report files in the background, for reports too big to set while the reader waits.

Typst sets the 2024 report in well under a second and the whole programme (73 projects) in about
one (bench/report_rendering.py), so downloads and the draft preview render inside the request. Only
a report with more than REPORT_INLINE_MAX_PROJECTS projects goes to the queue (reporting.tasks,
worker `manage.py db_worker`) and shows a page with its state instead. The job row says how far it
is; the file itself goes into the content-hash cache.
"""

from __future__ import annotations

import errno
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from operations.caching import public_data_changed

from ..models import RenderJob, RenderState
from .content import build_content
from .generators import GENERATORS
from .storage import ReportStorageError, cached, is_cached

log = logging.getLogger(__name__)


def _public_message(exc: BaseException) -> str:
    if isinstance(exc, ReportStorageError):
        if exc.errno == errno.ENOSPC:
            return "Kein Speicherplatz mehr auf dem Server; bitte später erneut versuchen"
        return "Die Datei konnte nicht gespeichert werden; bitte später erneut versuchen"
    return "fehlgeschlagen"


def needs_background(generator) -> bool:
    return not is_cached(generator) and len(generator.content.entries) > settings.REPORT_INLINE_MAX_PROJECTS


def request_render(period, *, fmt: str, draft: bool, user=None) -> RenderJob:
    """A job for this file: an existing one for the same content, or a new one that starts at once."""
    generator = GENERATORS[fmt](build_content(period, draft=draft))
    key = generator.cache_key()
    existing = (
        RenderJob.objects.filter(period=period, fmt=fmt, draft=draft, content_hash=key)
        .exclude(state=RenderState.FAILED)
        .first()
    )
    if existing is not None and (existing.state != RenderState.DONE or is_cached(generator)):
        return existing
    # A render that failed a moment ago (disk full, the renderer crashed) fails again: while it is fresh, every
    # request gets that answer instead of starting one more render per anonymous visitor.
    failed = (
        RenderJob.objects.filter(
            period=period,
            fmt=fmt,
            draft=draft,
            content_hash=key,
            state=RenderState.FAILED,
            finished_at__gte=timezone.now() - timedelta(seconds=getattr(settings, "REPORT_RENDER_RETRY_SECONDS", 300)),
        )
        .order_by("-finished_at")
        .first()
    )
    if failed is not None:
        return failed
    job = RenderJob.objects.create(
        period=period,
        fmt=fmt,
        draft=draft,
        content_hash=key,
        requested_by=user if user is not None and user.is_authenticated else None,
        message="wartet auf den Start",
    )
    start(job)
    job.refresh_from_db()
    return job


def start(job: RenderJob) -> None:
    if settings.REPORT_RENDER_SYNC:
        run(job.pk)
        return
    from ..tasks import render_report

    # In the same transaction as the job row: the queue is a table in the same database, so the worker
    # sees both or neither, and no job is lost between a commit and an enqueue.
    render_report.enqueue(job.pk)


def run(pk: int) -> RenderJob:
    job = RenderJob.objects.select_related("period").get(pk=pk)
    RenderJob.objects.filter(pk=pk).update(state=RenderState.RUNNING, progress=10, message="wird gesetzt")
    try:
        content = build_content(job.period, draft=job.draft)
        generator = GENERATORS[job.fmt](content)
        cached(generator, must_store=True)  # the job hands over the stored file, so it must be there
        RenderJob.objects.filter(pk=pk).update(
            state=RenderState.DONE,
            progress=100,
            message="fertig",
            content_hash=generator.cache_key(),
            finished_at=timezone.now(),
        )
    except Exception as exc:  # the requester sees the failure on the progress page
        log.exception("Bericht %s konnte nicht erstellt werden", job)
        # The progress page is public for published reports: it says what happened, never where (the server's
        # paths stay in the log and in `error`, which only the admin shows).
        message = _public_message(exc)
        RenderJob.objects.filter(pk=pk).update(
            state=RenderState.FAILED,
            message=message,
            error=f"{type(exc).__name__}: {exc}",
            finished_at=timezone.now(),
        )
    # The progress page of a published report is public and cacheable: it must show the finished state.
    public_data_changed()
    job.refresh_from_db()
    return job
