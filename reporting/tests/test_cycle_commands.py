"""Management commands of the reporting cycle."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from reporting.models import RenderJob, RenderState, ReportingPeriod

pytestmark = pytest.mark.django_db


def test_create_period_from_document_is_idempotent_and_prints_json(report_path, capsys):
    call_command("import_progress_report", str(report_path))
    capsys.readouterr()
    call_command("create_period_from_document", str(report_path), "--format", "json")
    first = json.loads(capsys.readouterr().out)
    assert first["period"] == "Fortschrittsbericht 2024" and first["reports"] == 23 and first["created"] is True
    assert first["cut_off"] == "2024-12-31" and first["state"] == "published"
    call_command("create_period_from_document", str(report_path), "--format", "json")
    assert json.loads(capsys.readouterr().out)["created"] is False
    assert ReportingPeriod.objects.count() == 1


def test_create_period_from_document_needs_an_imported_file(tmp_path):
    path = tmp_path / "fremd.txt"
    path.write_text("nicht importiert", encoding="utf-8")
    with pytest.raises(CommandError, match="noch nicht importiert"):
        call_command("create_period_from_document", str(path))


def test_send_report_reminders(open_period, people, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_report_reminders", "--user", "leitstelle", "--format", "json")
    assert json.loads(capsys.readouterr().out)["ministries_reminded"] == 2
    assert len(mail.outbox) == 3  # two MUNV editors, one MKW editor
    with pytest.raises(CommandError):
        call_command("send_report_reminders", "--user", "munv")


def test_render_reports_finishes_queued_jobs_and_writes_files(open_period, tmp_path, capsys):
    job = RenderJob.objects.create(period=open_period, fmt="docx", draft=True, content_hash="x")
    call_command("render_reports", "--format", "json")
    assert json.loads(capsys.readouterr().out)[0]["state"] == RenderState.DONE
    job.refresh_from_db()
    assert job.state == RenderState.DONE
    out = tmp_path / "bericht.docx"
    call_command("render_reports", "--period", open_period.slug, "--out", str(out))
    assert out.read_bytes()[:2] == b"PK"
