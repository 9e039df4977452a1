"""Fixtures shared by all apps' tests: the real source documents shipped under data/sources/."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SOURCES = ROOT / "data" / "sources"


@pytest.fixture
def report_path() -> Path:
    return SOURCES / "fortschrittsbericht-2024.txt"


@pytest.fixture
def proposals_path() -> Path:
    return SOURCES / "ihk-hwk-projektideen-ruhrkonferenz.txt"


@pytest.fixture
def answer_path() -> Path:
    return SOURCES / "kleine-anfrage-4284-bochum.txt"


# --- reliability tests (tests/test_fault_*.py, tests/test_concurrent_edits.py, tests/test_soak.py) ---------------


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "postgres: needs a real PostgreSQL server; skipped on SQLite, runs in the PostgreSQL pass of make test",
    )
    config.addinivalue_line("markers", "soak: a one-minute soak against gunicorn (bench/soak.py; `make soak` is long)")


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") is None:
        return
    from django.conf import settings

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("braucht einen PostgreSQL-Server: läuft im PostgreSQL-Durchgang von `make test`")


# Tests that touch no database (parsers, fuzzing, template checks) say nothing new on a second engine:
# the PostgreSQL pass of `make test` leaves them to the SQLite pass. A test uses a database when it has the
# django_db mark or needs one of these fixtures (directly or through others; "database" is the crash
# tests' own, which runs a database per engine).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
    "database",
}


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return
    kept, dropped = [], []
    for item in items:
        uses_database = (
            item.get_closest_marker("django_db") is not None
            or item.get_closest_marker("postgres") is not None
            or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (kept if uses_database else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
