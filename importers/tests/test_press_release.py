"""The press release importer: it dates the report it announces, refuses a release before its report and says
where a file is wrong (the parser: sources/tests/test_press_release_parser.py)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import PRESS_RELEASE_2025
from sources.models import DocumentKind, ImportRun, SourceDocument

TEXT = PRESS_RELEASE_2025.read_text(encoding="utf-8")


def test_a_release_before_its_report_is_refused_and_changes_nothing(db):
    with pytest.raises(CommandError, match="Zeile 9: Die Pressemitteilung kündigt den Fortschrittsbericht 2024 an"):
        call_command("import_press_release", str(PRESS_RELEASE_2025))
    assert not SourceDocument.objects.exists()
    assert not ImportRun.objects.exists()


def test_the_command_prints_json_and_a_second_run_changes_nothing(imported, capsys):
    # The shared fixture already imported the release (as `make data` does).
    call_command("import_press_release", str(PRESS_RELEASE_2025), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["import"]["status"] == "unchanged"
    assert data["announcement"] == {
        "kind": "progress_report",
        "year": 2024,
        "date": "2025-11-26",
        "date_line": 5,
        "line": 9,
        "text": "Das Landeskabinett hat den vierten Fortschrittsbericht der Ruhr-Konferenz beschlossen.",
    }
    assert SourceDocument.objects.filter(kind=DocumentKind.PRESS_RELEASE).count() == 1


def test_the_command_says_where_a_file_is_wrong(db, tmp_path):
    path = tmp_path / "pm.txt"
    path.write_text(TEXT.replace("26.11.2025", "26.11.205", 1), encoding="utf-8")
    with pytest.raises(CommandError, match=r"pm\.txt: Zeile 5"):
        call_command("import_press_release", str(path))
