"""Set-up shared by the benchmarks: Django on a throw-away database, filled from the real source documents.

Each benchmark runs as a plain script (`.venv/bin/python bench/NAME.py`), so
this module puts the project on sys.path itself.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
REPORT = SOURCES / "fortschrittsbericht-2024.txt"
PROPOSALS = SOURCES / "ihk-hwk-projektideen-ruhrkonferenz.txt"
ANSWER = SOURCES / "kleine-anfrage-4284-bochum.txt"


def setup_django(database_url: str = "sqlite://:memory:") -> None:
    """Configure Django on `database_url` (default: in-memory SQLite) and create the tables."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def import_sources(*, report: bool = True, proposals: bool = True, answer: bool = True) -> None:
    """The same importers `make data` runs, on the documents shipped under data/sources/."""
    from importers import ParliamentaryAnswerImporter, ProgressReportImporter, ProposalListImporter

    if report:
        ProgressReportImporter().run(REPORT)
    if proposals:
        ProposalListImporter().run(PROPOSALS)
    if answer:
        ParliamentaryAnswerImporter().run(ANSWER)
