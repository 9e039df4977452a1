"""An import killed (kill -9) or failing after it stored its file leaves no orphan in the media folder."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sources.models import SourceDocument

ROOT = Path(__file__).resolve().parents[2]


def files(media: Path) -> set[str]:
    return {p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file() and ".imports" not in p.parts}


def test_a_killed_import_leaves_no_orphan_after_the_next_import(tmp_path, report_path, proposals_path):
    media, database = tmp_path / "media", tmp_path / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(media), "LOG_LEVEL": "ERROR"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)

    assert manage("migrate", "--noinput").returncode == 0
    killed = textwrap.dedent(
        f"""
        import os, signal, django
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        django.setup()
        from importers import ProposalListImporter
        def die(self, parsed, document):  # the file is stored, the transaction still open
            os.kill(os.getpid(), signal.SIGKILL)
        ProposalListImporter.apply = die
        ProposalListImporter().run({str(proposals_path)!r})
        """
    )
    process = subprocess.run([sys.executable, "-c", killed], cwd=ROOT, env=env, capture_output=True, text=True)
    assert process.returncode == -9, process.stderr
    assert len(files(media)) == 1  # the orphan

    assert manage("import_progress_report", str(report_path)).returncode == 0
    referenced = {row[0] for row in sqlite3.connect(database).execute("SELECT file FROM sources_sourcedocument")}
    assert files(media) == referenced and len(referenced) == 1


@pytest.mark.django_db
def test_a_failing_import_removes_its_file(settings, tmp_path, report_path, monkeypatch):
    from importers import ProgressReportImporter

    settings.MEDIA_ROOT = tmp_path / "media"

    def broken(self, parsed, document):
        raise RuntimeError("Festplatte voll")

    monkeypatch.setattr(ProgressReportImporter, "apply", broken)
    with pytest.raises(CommandError, match="nichts wurde gespeichert"):
        call_command("import_progress_report", str(report_path))
    assert not SourceDocument.objects.exists()
    assert files(settings.MEDIA_ROOT) == set()
