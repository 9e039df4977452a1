"""Background work of the reporting cycle, on Django's tasks API (django-tasks, database backend).

A task is a row in the database (django_tasks_db), written in the same transaction as the change
that asks for it and run by `manage.py db_worker`, which `make run` starts beside the web server.
So a job survives a restart of either process, a worker claims each row exactly once (on
PostgreSQL with SELECT … FOR UPDATE SKIP LOCKED, so several workers can share the queue), and a
failure stays in the table, where the office's dashboard lists it (`failed_tasks`).

Tasks take primary keys, never model objects: they run later, in another process, and must read
what is current then.
"""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)

# How often an overdue period reminds the ministries again while it stays open.
REMINDER_INTERVAL = datetime.timedelta(days=7)


@task()
def render_report(job_pk: int) -> str:
    """Render one report file into the content-hash cache (reporting.documents.jobs.run) and say which."""
    from .documents.jobs import run
    from .models import RenderState

    job = run(job_pk)
    if job.state != RenderState.DONE:
        # Raised so the task row is marked failed too and the office sees it beside the job's own message.
        raise RuntimeError(f"{job}: {job.message}")
    return job.content_hash


@task()
def prerender_edition(period_pk: int) -> list[str]:
    """Every file of a published edition (PDF, Word, text), so no reader waits for the first download."""
    from .documents.generators import GENERATORS
    from .documents.jobs import request_render
    from .models import ReportingPeriod

    period = ReportingPeriod.objects.get(pk=period_pk)
    return [str(request_render(period, fmt=fmt, draft=False).key) for fmt in GENERATORS]


@task()
def remind_overdue(period_pk: int, user_pk: int) -> int:
    """The scheduled reminder: after the due date, remind the ministries that still owe reports, and
    again every REMINDER_INTERVAL while the period stays open. Queued when the period is opened."""
    from django.contrib.auth import get_user_model

    from .models import ReportingPeriod
    from .services import send_reminders

    period = ReportingPeriod.objects.filter(pk=period_pk).first()
    user = get_user_model().objects.filter(pk=user_pk).first()
    if period is None or user is None or period.is_published:
        return 0
    reminded = send_reminders(period, acting_user=user, only_overdue=True)
    remind_overdue.using(run_after=timezone.now() + REMINDER_INTERVAL).enqueue(period_pk, user_pk)
    return reminded


def schedule_reminders(period, *, acting_user) -> None:
    """Queue the first overdue reminder for the morning after the due date."""
    day_after = period.due + datetime.timedelta(days=1)
    at = timezone.make_aware(datetime.datetime.combine(day_after, datetime.time(8, 0)))
    # Inside the caller's transaction: the task row commits (or not) together with the period.
    remind_overdue.using(run_after=at).enqueue(period.pk, acting_user.pk)


def failed_tasks(limit: int = 20):
    """The most recent failed background tasks, for the office's dashboard."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.failed().order_by("-finished_at")[:limit]
