"""A crash during an import or a publish leaves no half-written state: the process is killed (SIGKILL).

The real management command (import) or the real service in a `manage.py shell` (publish; there is
no command for it) runs in a subprocess against its own database: a file-based SQLite in the SQLite
pass, a PostgreSQL database in the PostgreSQL pass. A complete run is timed first; then the process
is killed at points spread over that time. After each kill every table holds exactly as many rows as
before the run or as after a complete one, and a rerun completes with the complete result.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connections
from psycopg import sql

# Kills real subprocesses mid-import: long, so `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "sources" / "fortschrittsbericht-2024.txt"
# Fractions of a complete run's wall-clock time. Every kill costs a run and a rerun of the command, so
# `make test` kills once mid-run (besides inside the transaction); `make test LONG_TESTS=1` at four points.
KILL_AT = (0.3, 0.5, 0.7, 0.9) if os.environ.get("LONG_TESTS") == "1" else (0.5,)

# Rendering the published PDF starts after the publication committed, in a thread of its own; a job the
# process could not finish stays queued or running and `render_reports` finishes it (checked below).
# sqlite_sequence is SQLite's own bookkeeping of AUTOINCREMENT keys, no data.
AFTER_COMMIT = {"reporting_renderjob", "sqlite_sequence"}

PREPARE_PUBLISH = """
from datetime import date
from accounts.models import Role, User
from reporting import services
from reporting.models import ReportState
office = User.objects.create_user(username="leitstelle", password="x" * 20, role=Role.PROGRAMME_OFFICE)
period = services.open_period(title="Fortschrittsbericht 2025", cut_off=date(2025, 12, 31), due=date(2099, 3, 31),
                              acting_user=office)
from programmes.models import Ministry
# publishing needs an owner for every project; the imported report leaves some without
for report in period.reports.without_ministry():
    services.assign_ministry(report, ministry=Ministry.objects.order_by("pk").first(), acting_user=office)
reviewer = User.objects.create_user(username="pruefung", password="x" * 20, role=Role.REVIEWER)
for report in period.reports.all():
    report = services.submit_report(report, acting_user=office)
    services.approve_report(report, acting_user=reviewer)  # four-eyes: not the one who submitted
"""

PUBLISH = """
from accounts.models import User
from reporting import services
from reporting.models import ReportingPeriod
period = ReportingPeriod.objects.get(title="Fortschrittsbericht 2025")
if period.is_published:  # a rerun after a kill that came after the commit: nothing left to do
    print("bereits veröffentlicht")
else:
    services.publish_period(period, acting_user=User.objects.get(username="leitstelle"))
    print("veröffentlicht")
"""

IMPORT = ["import_progress_report", str(REPORT)]
PUBLISH_CMD = ["shell", "-c", PUBLISH]


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


class SQLite:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp

    def url(self, name: str) -> str:
        return f"sqlite:///{self.tmp / name}.sqlite3"

    def clone(self, source: str, name: str) -> str:
        shutil.copyfile(self.tmp / f"{source}.sqlite3", self.tmp / f"{name}.sqlite3")
        return name

    def counts(self, name: str) -> dict[str, int]:
        with sqlite3.connect(self.tmp / f"{name}.sqlite3") as db:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            # Table names come from the database's own catalogue, quoted.
            return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608

    def query(self, name: str, statement: str) -> list[tuple]:
        with sqlite3.connect(self.tmp / f"{name}.sqlite3") as db:
            return db.execute(statement).fetchall()

    def writing(self, name: str) -> bool:
        # SQLite's rollback journal exists exactly while a write transaction is open.
        return (self.tmp / f"{name}.sqlite3-journal").exists()

    def close(self) -> None:
        pass


class PostgreSQL:
    def __init__(self) -> None:
        s = connections["default"].settings_dict
        self.server = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}"
        self.prefix = f"crash_{_worker()}_{os.getpid()}_"
        self.made: list[str] = []
        self.admin = psycopg.connect(f"{self.server}/postgres", autocommit=True)

    def url(self, name: str) -> str:
        if self.prefix + name not in self.made:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{self.prefix}{name}" WITH (FORCE)')
            self.admin.execute(f'CREATE DATABASE "{self.prefix}{name}"')
            self.made.append(self.prefix + name)
        return f"{self.server}/{self.prefix}{name}"

    def clone(self, source: str, name: str) -> str:
        self.admin.execute(f'DROP DATABASE IF EXISTS "{self.prefix}{name}" WITH (FORCE)')
        self.admin.execute(f'CREATE DATABASE "{self.prefix}{name}" TEMPLATE "{self.prefix}{source}"')
        self.made.append(self.prefix + name)
        return name

    def counts(self, name: str) -> dict[str, int]:
        with psycopg.connect(f"{self.server}/{self.prefix}{name}") as db:
            tables = [r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            count = sql.SQL("SELECT count(*) FROM {}")
            return {t: db.execute(count.format(sql.Identifier(t))).fetchone()[0] for t in tables}

    def query(self, name: str, statement: str) -> list[tuple]:
        with psycopg.connect(f"{self.server}/{self.prefix}{name}") as db:
            return db.execute(statement).fetchall()

    def writing(self, name: str) -> bool:
        # A backend has a transaction id only once its transaction has written something.
        return bool(
            self.admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL",
                [self.prefix + name],
            ).fetchone()[0]
        )

    def close(self) -> None:
        for name in self.made:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.close()


@pytest.fixture
def database(request, tmp_path):
    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    if request.param == "postgresql" and not on_postgres:
        pytest.skip("braucht einen PostgreSQL-Server: läuft im PostgreSQL-Durchgang von `make test`")
    if request.param == "sqlite" and on_postgres:
        pytest.skip("SQLite-Fall läuft im SQLite-Durchgang von `make test`")
    db = PostgreSQL() if request.param == "postgresql" else SQLite(tmp_path)
    yield db
    db.close()


def _env(db, name: str, tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=db.url(name), MEDIA_ROOT=str(tmp / "media"), LOG_LEVEL="ERROR", DEBUG="True")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def manage(db, name: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=_env(db, name, tmp), capture_output=True, text=True
    )


def _ok(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 0, done.stderr[-3000:]


def _compare(counts: dict[str, int], before: dict[str, int], after: dict[str, int]) -> str:
    counts = {t: n for t, n in counts.items() if t not in AFTER_COMMIT}
    before = {t: n for t, n in before.items() if t not in AFTER_COMMIT}
    after = {t: n for t, n in after.items() if t not in AFTER_COMMIT}
    if counts == before:
        return "nichts"
    if counts == after:
        return "alles"
    mixed = {t: (before[t], n, after[t]) for t, n in counts.items() if before[t] != after[t] or n != before[t]}
    raise AssertionError(f"halb geschriebener Zustand; Zeilen je Tabelle (vorher, jetzt, nachher): {mixed}")


def _kill_scenario(db, tmp: Path, prepare, command: list[str]) -> list[str]:
    prepare("base")
    before = db.counts("base")

    runtimes = []
    for name in ("full", "full2"):  # twice: the first run may be slowed by cold caches
        db.clone("base", name)
        started = time.perf_counter()
        _ok(manage(db, name, tmp, *command))
        runtimes.append(time.perf_counter() - started)
    runtime = min(runtimes)
    after = db.counts("full")
    assert _compare(after, before, after) == "alles" and after != before

    outcomes = []
    # Kill points spread over the run's time, and one the moment its write transaction is open.
    for i, fraction in enumerate([*KILL_AT, None]):
        name = db.clone("base", f"kill{i}")
        process = subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=_env(db, name, tmp),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if fraction is None:
            deadline = time.monotonic() + 5 * runtime + 30
            while not db.writing(name) and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            assert process.poll() is None, "the run ended before its transaction was seen"
            time.sleep(0.1)
        else:
            time.sleep(runtime * fraction)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
        outcome = _compare(db.counts(name), before, after)
        when = "in der Transaktion" if fraction is None else f"{fraction:.0%}"
        outcomes.append(f"{when}: {outcome} (Exit {process.returncode})")
        if fraction is None:
            assert (outcome, process.returncode) == ("nichts", -9), outcomes
        # No run is left behind as "running": an ImportRun is written only with its (successful) import.
        statuses = {row[0] for row in db.query(name, "SELECT status FROM sources_importrun")}
        assert statuses <= {"succeeded"}, statuses
        rerun = manage(db, name, tmp, *command)
        _ok(rerun)
        assert _compare(db.counts(name), before, after) == "alles"
    return outcomes


@pytest.mark.parametrize("database", ["sqlite", "postgresql"], indirect=True)
def test_a_killed_import_leaves_all_or_nothing_and_a_rerun_completes(database, tmp_path):
    def prepare(name):
        _ok(manage(database, name, tmp_path, "migrate", "--noinput"))
        _ok(manage(database, name, tmp_path, "load_municipalities"))

    outcomes = _kill_scenario(database, tmp_path, prepare, IMPORT)
    print("Import:", "; ".join(outcomes))
    # The kills really hit the run: at least one left nothing, i.e. died before the commit.
    assert any("nichts" in o and "Exit -9" in o for o in outcomes), outcomes


@pytest.mark.parametrize("database", ["sqlite", "postgresql"], indirect=True)
def test_a_killed_publication_leaves_all_or_nothing_and_a_rerun_completes(database, tmp_path):
    def prepare(name):
        _ok(manage(database, name, tmp_path, "migrate", "--noinput"))
        _ok(manage(database, name, tmp_path, "load_municipalities"))
        _ok(manage(database, name, tmp_path, *IMPORT))
        _ok(manage(database, name, tmp_path, "shell", "-c", PREPARE_PUBLISH))

    outcomes = _kill_scenario(database, tmp_path, prepare, PUBLISH_CMD)
    print("Veröffentlichung:", "; ".join(outcomes))
    assert any("nichts" in o and "Exit -9" in o for o in outcomes), outcomes
    # Publishing queued the edition's files in its own transaction: the task worker renders them, and a render
    # the dying process left queued or running is finished by `render_reports`.
    name = "full"
    _ok(manage(database, name, tmp_path, "db_worker", "--batch", "--no-startup-delay"))
    _ok(manage(database, name, tmp_path, "render_reports"))
    states = {row[0] for row in database.query(name, "SELECT state FROM reporting_renderjob")}
    assert states == {"done"}, states
