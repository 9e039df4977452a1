"""Disk full while writing a report is reported, not swallowed, and leaves no partial file behind.

Real full devices: /dev/full for a command's output, and a tiny tmpfs (mounted here, as root) for the
report cache under MEDIA_ROOT and for an output file.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.actors import SYSTEM
from accounts.models import Role, User
from importers import ProgressReportImporter
from reporting.documents.content import build_content
from reporting.documents.jobs import request_render
from reporting.documents.pdf import ProgressReportPdf
from reporting.documents.storage import cached
from reporting.from_document import create_period_from_document
from reporting.models import RenderJob, RenderState

# Fills a real file system: long, so `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "sources" / "fortschrittsbericht-2024.txt"


@pytest.fixture
def period(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_RENDER_SYNC = True
    result = ProgressReportImporter().run(REPORT)
    period, _created = create_period_from_document(result.document, acting_user=SYSTEM)
    return period


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB tmpfs: far too small for the progress report's PDF."""
    if os.geteuid() != 0:
        pytest.skip("braucht root, um ein winziges tmpfs einzuhängen")
    mount = tmp_path / "voll"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"tmpfs lässt sich hier nicht einhängen: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def test_command_output_to_dev_full_fails_with_a_german_message_naming_the_path(period, tmp_path, caplog):
    out = tmp_path / "bericht.pdf"  # the command takes the format from the name; the device is /dev/full
    out.symlink_to("/dev/full")
    with caplog.at_level(logging.ERROR), pytest.raises(CommandError) as failure:
        call_command("render_reports", period=period.slug, out=str(out))
    assert str(out) in str(failure.value)
    assert "Kein Speicherplatz mehr" in str(failure.value)
    assert any(str(out) in r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert Path("/dev/full").is_char_device()  # written through, never replaced


def test_command_output_on_a_full_disk_leaves_no_file(period, tiny_disk):
    out = tiny_disk / "bericht.pdf"
    with pytest.raises(CommandError) as failure:
        call_command("render_reports", period=period.slug, out=str(out))
    assert str(out) in str(failure.value) and "Kein Speicherplatz mehr" in str(failure.value)
    assert list(tiny_disk.iterdir()) == []  # neither the file nor a temporary part of it


def test_command_output_still_works_where_there_is_room(period, tmp_path):
    out = tmp_path / "bericht.pdf"
    call_command("render_reports", period=period.slug, out=str(out))
    assert out.read_bytes()[:4] == b"%PDF"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_background_render_on_a_full_disk_fails_visibly_and_stores_nothing(period, tiny_disk, settings, client, caplog):
    settings.MEDIA_ROOT = tiny_disk
    with caplog.at_level(logging.ERROR):
        job = request_render(period, fmt="pdf", draft=False)
    assert job.state == RenderState.FAILED
    assert "Kein Speicherplatz mehr" in job.message
    # the page is public for published reports: the path stays in the log and the admin's error field
    assert str(tiny_disk) not in job.message and settings.REPORT_CACHE_DIR in job.error
    assert any(r.exc_info for r in caplog.records if r.levelno >= logging.ERROR)
    # No truncated PDF stays in the cache to be served later as if complete.
    assert [p for p in tiny_disk.rglob("*") if p.is_file()] == []

    office = User.objects.create_user(username="leitstelle", password="x" * 20, role=Role.PROGRAMME_OFFICE)
    client.force_login(office)
    page = client.get(reverse("reporting:render_job", args=[job.key]))
    assert page.status_code == 200
    assert "Kein Speicherplatz mehr" in page.content.decode()
    status = client.get(reverse("reporting:render_job", args=[job.key]), {"format": "json"}).json()
    assert status["state"] == RenderState.FAILED and "Kein Speicherplatz mehr" in status["message"]
    assert str(tiny_disk) not in page.content.decode() and str(tiny_disk) not in str(status)


def test_a_failed_render_is_not_started_again_by_every_request(period, tiny_disk, settings):
    """On a full disk each anonymous request started a new render; now the fresh failure is the answer."""
    settings.MEDIA_ROOT = tiny_disk
    first = request_render(period, fmt="pdf", draft=False)
    assert first.state == RenderState.FAILED
    assert request_render(period, fmt="pdf", draft=False).pk == first.pk
    assert RenderJob.objects.count() == 1
    settings.REPORT_RENDER_RETRY_SECONDS = 0  # once the failure is old, a request may try again
    assert request_render(period, fmt="pdf", draft=False).pk != first.pk


def test_a_download_on_a_full_disk_still_gets_its_bytes_and_leaves_no_partial_file(period, tiny_disk, settings, caplog):
    settings.MEDIA_ROOT = tiny_disk
    with caplog.at_level(logging.ERROR):
        data = cached(ProgressReportPdf(build_content(period)))
    assert data[:4] == b"%PDF" and len(data) > 64 * 1024
    assert [p for p in tiny_disk.rglob("*") if p.is_file()] == []
    assert any("Kein Speicherplatz mehr" in r.getMessage() for r in caplog.records)
