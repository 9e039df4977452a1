"""Rendering report files in the background, with progress.

A 73-project PDF takes WeasyPrint longer than a person should stare at a spinning browser
(bench/report_rendering.py), so the download views hand long renders to a worker thread and show a
page with the progress instead. The thread only reads the period and writes the file into the
content-hash cache; if the server stops meanwhile, `manage.py render_reports` finishes queued jobs.
Progress comes from WeasyPrint's own progress log ("Creating layout - Page N"), per thread.
"""

from __future__ import annotations

import errno
import logging
import re
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from .models import RenderJob, RenderState
from .report_content import build_content
from .report_documents import GENERATORS, ReportStorageError, cached, is_cached

log = logging.getLogger(__name__)

_progress_logger = logging.getLogger("weasyprint.progress")  # configured in report_documents
_PAGE = re.compile(r"Creating layout - Page (\d+)(?! \(up-to-date\))")


class _Progress(logging.Handler):
    """Turns the page messages of one thread's render into a percentage on its job row."""

    def __init__(self, job: RenderJob, expected_pages: int):
        super().__init__(level=logging.INFO)
        self.job = job
        self.thread = threading.get_ident()
        self.expected = max(expected_pages, 1)
        self.last = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        message = record.getMessage()
        match = _PAGE.search(message)
        if match:
            percent = min(90, 5 + int(85 * int(match[1]) / self.expected))
            text = f"Seite {match[1]} gesetzt"
        elif "Creating PDF" in message:
            percent, text = 93, "PDF wird geschrieben"
        else:
            return
        if percent >= self.last + 3 or percent >= 90:
            self.last = percent
            RenderJob.objects.filter(pk=self.job.pk).update(progress=percent, message=text)


def expected_pages(content) -> int:
    # Measured on the 2024 report: about 2.2 pages per project plus cover, contents and chapters.
    return 12 + round(2.2 * len(content.entries))


def _public_message(exc: BaseException) -> str:
    if isinstance(exc, ReportStorageError):
        if exc.errno == errno.ENOSPC:
            return "Kein Speicherplatz mehr auf dem Server; bitte später erneut versuchen"
        return "Die Datei konnte nicht gespeichert werden; bitte später erneut versuchen"
    return "fehlgeschlagen"


def needs_background(generator) -> bool:
    return generator.extension == "pdf" and not is_cached(generator)


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
    # After commit, so the worker's own connection can see the job row.
    transaction.on_commit(lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start())


def _run_in_thread(pk: int) -> None:
    close_old_connections()
    try:
        run(pk)
    finally:
        connection.close()


def run(pk: int) -> RenderJob:
    job = RenderJob.objects.select_related("period").get(pk=pk)
    RenderJob.objects.filter(pk=pk).update(state=RenderState.RUNNING, progress=2, message="Inhalte zusammenstellen")
    handler = None
    try:
        content = build_content(job.period, draft=job.draft)
        generator = GENERATORS[job.fmt](content)
        handler = _Progress(job, expected_pages(content))
        _progress_logger.addHandler(handler)
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
    finally:
        if handler is not None:
            _progress_logger.removeHandler(handler)
    job.refresh_from_db()
    return job
