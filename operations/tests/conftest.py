from __future__ import annotations

import pytest

from sources.importers import ParliamentaryAnswerImporter, ProgressReportImporter


@pytest.fixture
def imported(db, report_path, answer_path, django_capture_on_commit_callbacks):
    """The 2024 progress report and the Bochum answer, imported as in production (search index built on commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        ProgressReportImporter().run(report_path)
        ParliamentaryAnswerImporter().run(answer_path)
