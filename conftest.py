"""Fixtures shared by all apps' tests: the real source documents shipped under data/sources/."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SOURCES = ROOT / "data" / "sources"
REPORT_2024 = SOURCES / "fortschrittsbericht-2024.txt"
BOCHUM_ANSWER = SOURCES / "kleine-anfrage-4284-bochum.txt"
PRESS_RELEASE_2025 = SOURCES / "pressemitteilung-2025-11-26.txt"
PROPOSALS = SOURCES / "ihk-hwk-projektideen-ruhrkonferenz.txt"


@pytest.fixture
def report_path() -> Path:
    return REPORT_2024


@pytest.fixture
def proposals_path() -> Path:
    return PROPOSALS


@pytest.fixture
def answer_path() -> Path:
    return BOCHUM_ANSWER


# --- people ------------------------------------------------------------------------------------------------------


@pytest.fixture
def people(db):
    """The accounts of the reporting cycle: people.office (Leitstelle), people.reviewer, people.editor (MUNV),
    people.editor_b (MUNV), people.editor_other (MKW), people.no_role, people.anonymous; people.coordinator
    (MUNV), people.deputy (an MKW editor standing in for MUNV) and people.superuser on first use
    (tests/factories.py: People)."""
    from tests.factories import People

    return People.create()


# --- mail -----------------------------------------------------------------------------------------------------


IMMEDIATE_TASKS = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}


@pytest.fixture(autouse=True)
def _mail_at_once(settings):
    """Mails leave through the task queue (operations/mail.py). In tests an immediate backend of their own sends
    them when the transaction commits, into Django's locmem outbox, while renders and reminders stay on the
    database queue; operations/tests/test_mail.py runs the mails through the database queue and its worker."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {**settings.TASKS, "mail": IMMEDIATE_TASKS}
    settings.MAIL_TASK_BACKEND = "mail"


# --- reliability tests (tests/test_fault_*.py, tests/test_concurrent_edits.py, tests/test_soak.py) ---------------


def pytest_configure(config):
    _compile_messages(config)
    config.addinivalue_line(
        "markers",
        "postgres: needs a real PostgreSQL server; skipped on SQLite, runs in the PostgreSQL pass of make test",
    )
    config.addinivalue_line("markers", "soak: a one-minute soak against gunicorn (bench/soak.py; `make soak` is long)")


def _compile_messages(config) -> None:
    """The English pages need the .mo files, which are built (`make install`), never committed: a test run
    started by hand builds the ones that are missing or older than their .po. Only the main process does, before
    pytest-xdist starts its workers, so no worker reads a file another is writing."""
    if hasattr(config, "workerinput"):
        return
    stale = [
        po
        for po in ROOT.glob("**/locale/*/LC_MESSAGES/*.po")
        if not any(part in (".venv", "node_modules", "var") for part in po.relative_to(ROOT).parts)
        and (not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime)
    ]
    if not stale:
        return
    from django.core.management import call_command

    with contextlib.chdir(ROOT):  # compilemessages looks for locale folders below the working directory
        call_command("compilemessages", ignore_patterns=[".venv", "node_modules", "var"], verbosity=0)


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


def _uses_database(item) -> bool:
    return (
        item.get_closest_marker("django_db") is not None
        or item.get_closest_marker("postgres") is not None
        or bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
    )


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    _shared_import_last(items)
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return
    kept, dropped = [], []
    for item in items:
        (kept if _uses_database(item) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


# --- the source documents, imported once per test session ------------------------------------------------------
#
# About two hundred tests in thirty modules read the 2024 report and the Bochum answer as imported (3–5 s per import).
# `imported` does the import once per test process inside a transaction that stays open; each test's own
# transaction is a savepoint within it and is rolled back, so every test starts from the same imported state,
# exactly as Django's TestCase.setUpTestData does. A module that asks for the chambers' project ideas as well
# (`SHARED_IMPORT_WITH_PROPOSALS = True`) gets them in a savepoint of its own, rolled back after the module.
# Two rules keep that sound, and both are enforced below:
# - the tests that use the shared import run after all others (`_shared_import_last`), so no other test ever sees
#   the open transaction's rows; with pytest-xdist each worker runs its share in that order too, since it is
#   handed the sorted items in ascending order;
# - a test that commits (transaction=True, live_server) cannot nest in it: it asks for `imported_committed`.

SHARED_IMPORT = "_documents_imported_once"
_shared_import_open = False


def import_documents(report: Path, answer: Path, *, proposals: bool = False) -> None:
    """As `make data` does: the report, the press release that dates it, the Bochum answer (and, where a module
    asks for them, the chambers' project ideas)."""
    from importers import (
        ParliamentaryAnswerImporter,
        PressReleaseImporter,
        ProgressReportImporter,
        ProposalListImporter,
    )

    ProgressReportImporter().run(report)
    if report == REPORT_2024:
        PressReleaseImporter().run(PRESS_RELEASE_2025)
    if proposals:
        ProposalListImporter().run(PROPOSALS)
    ParliamentaryAnswerImporter().run(answer)


def _shared_import_last(items) -> None:
    # Modules stay together within each half, so their module-scoped fixtures are set up at most twice.
    first_of_module: dict[str, int] = {}
    for position, item in enumerate(items):
        first_of_module.setdefault(item.nodeid.split("::")[0], position)
    items.sort(
        key=lambda item: (
            SHARED_IMPORT in getattr(item, "fixturenames", ()),
            first_of_module[item.nodeid.split("::")[0]],
        )
    )


@contextlib.contextmanager
def _rolled_back_in_the_end():
    from django.db import transaction

    block = transaction.atomic()
    block.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        block.__exit__(None, None, None)


@pytest.fixture(scope="session")
def _documents_imported_once(django_db_setup, django_db_blocker):
    global _shared_import_open
    from django.test import TestCase

    with django_db_blocker.unblock(), _rolled_back_in_the_end():
        _shared_import_open = True
        try:
            # as in production: the search index is built by the import's on-commit callbacks
            with TestCase.captureOnCommitCallbacks(execute=True):
                import_documents(REPORT_2024, BOCHUM_ANSWER)
            yield
        finally:
            _shared_import_open = False


@pytest.fixture(scope="module")
def _module_shared_import(request, _documents_imported_once, django_db_blocker):
    if not getattr(request.module, "SHARED_IMPORT_WITH_PROPOSALS", False):
        yield
        return
    from django.test import TestCase

    from importers import ProposalListImporter

    with django_db_blocker.unblock(), _rolled_back_in_the_end():
        with TestCase.captureOnCommitCallbacks(execute=True):
            ProposalListImporter().run(PROPOSALS)
        yield


@pytest.fixture
def imported(request, _module_shared_import, db):
    """The 2024 progress report (dated by its press release) and the Bochum answer, imported (search index
    included); shared by the tests of a process, rolled back after each test."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        pytest.fail("Ein Test mit transaction=True kann den geteilten Import nicht nutzen: `imported_committed`.")


@pytest.fixture
def imported_committed(transactional_db, report_path, answer_path):
    """The same documents imported and committed, for tests that commit themselves (slower: one import per test)."""
    import_documents(report_path, answer_path)


@pytest.fixture(autouse=True)
def _nothing_else_sees_the_shared_import(request):
    if _shared_import_open and SHARED_IMPORT not in request.fixturenames and _uses_database(request.node):
        pytest.fail(
            "Dieser Test liefe in der offenen Transaktion des geteilten Imports: "
            "_shared_import_last hat die Reihenfolge nicht hergestellt."
        )


@pytest.fixture(autouse=True)
def _german_again_after_each_test():
    """LocaleMiddleware activates the language of each request and nothing deactivates it: after a test asked for an
    English page, reverse() and gettext in the next test of the same process would answer in English."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def back_to_newest(transactional_db):
    """For tests that migrate the database to an older state (tests/migrating.py): the newest schema afterwards,
    whatever the test did or where it failed."""
    yield
    from tests.migrating import migrate

    migrate()
