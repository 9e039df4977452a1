"""Background work on the database queue: enqueue → `db_worker` → result, once; failures on the dashboard;
the edition pre-rendered at publication; the overdue reminder scheduled at opening."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reporting.documents import jobs
from reporting.documents.content import build_content
from reporting.documents.pdf import ProgressReportPdf
from reporting.documents.storage import is_cached
from reporting.models import RenderJob, RenderState

pytestmark = pytest.mark.django_db

RENDER = "reporting.tasks.render_report"


@pytest.fixture
def queued(settings):
    """Renders go to the queue as in production, whatever the report's size."""
    settings.REPORT_RENDER_SYNC = False
    settings.REPORT_INLINE_MAX_PROJECTS = 0


def _work() -> None:
    # The worker closes "old" connections between tasks; inside the test's transaction the connection looks
    # so (autocommit off) and PostgreSQL would lose it. A worker process of its own never runs in one.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_a_render_waits_in_the_queue_and_the_worker_runs_it_once(open_period, queued):
    generator = ProgressReportPdf(build_content(open_period, draft=True))
    assert jobs.needs_background(generator)
    job = jobs.request_render(open_period, fmt="pdf", draft=True)
    assert job.state == RenderState.QUEUED and not is_cached(generator)
    task = DBTaskResult.objects.get(task_path=RENDER)
    assert task.status == "READY" and task.args_kwargs["args"] == [job.pk]

    _work()
    job.refresh_from_db()
    task.refresh_from_db()
    assert job.state == RenderState.DONE and is_cached(generator)
    assert task.status == "SUCCESSFUL" and task.return_value == generator.cache_key()
    assert len(task.worker_ids) == 1

    _work()  # a second worker run finds nothing to do: the task ran once
    task.refresh_from_db()
    assert len(task.worker_ids) == 1 and DBTaskResult.objects.filter(task_path=RENDER).count() == 1
    # the same content asks for no second render
    assert jobs.request_render(open_period, fmt="pdf", draft=True).pk == job.pk


def test_a_failed_task_is_listed_on_the_office_dashboard(client, open_period, people, queued, monkeypatch):
    def broken(self):
        raise RuntimeError("Schriftart fehlt")

    monkeypatch.setattr(ProgressReportPdf, "render", broken)
    job = jobs.request_render(open_period, fmt="pdf", draft=True)
    _work()
    job.refresh_from_db()
    assert job.state == RenderState.FAILED and "Schriftart fehlt" in job.error
    task = DBTaskResult.objects.get(task_path=RENDER)
    assert task.status == "FAILED"

    client.force_login(people.office)
    page = client.get(reverse("reporting:dashboard", args=[open_period.slug])).content.decode()
    assert "Fehlgeschlagene Hintergrundaufgaben" in page
    assert "reporting.tasks.render_report" in page


def test_small_reports_render_in_the_request(open_period, settings):
    settings.REPORT_RENDER_SYNC = False
    assert not jobs.needs_background(ProgressReportPdf(build_content(open_period, draft=True)))


def test_publication_queues_every_file_of_the_edition(published_period, settings):
    settings.REPORT_RENDER_SYNC = False
    task = DBTaskResult.objects.get(task_path="reporting.tasks.prerender_edition")
    assert task.args_kwargs["args"] == [published_period.pk]
    _work()
    formats = set(RenderJob.objects.filter(period=published_period, draft=False).values_list("fmt", flat=True))
    assert formats == {"pdf", "docx", "txt"}
    assert RenderJob.objects.filter(period=published_period).exclude(state=RenderState.DONE).count() == 0


def test_opening_a_period_schedules_the_overdue_reminder(open_period, people):
    task = DBTaskResult.objects.get(task_path="reporting.tasks.remind_overdue")
    assert task.args_kwargs["args"] == [open_period.pk, people.office.pk]
    expected = datetime.datetime.combine(open_period.due + datetime.timedelta(days=1), datetime.time(8))
    assert timezone.localtime(task.run_after).replace(tzinfo=None) == expected
