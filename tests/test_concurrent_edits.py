"""No lost updates under concurrent editing, with real parallel HTTP requests on PostgreSQL.

Two editors of the same ministry open the same project report (same version) and submit the form at
the same moment (a barrier releases both threads; the live server answers each request in a thread of
its own, on a connection of its own). Round after round exactly one save wins, the other gets 409 with
the German conflict message and keeps the text typed, and the database holds the winner's text.
"""

from __future__ import annotations

import http.client
import secrets
import threading
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Role, User
from importers import ProgressReportImporter
from reporting import services
from reporting.forms import ProjectReportForm
from reporting.models import ProjectReport

# Threads racing on real transactions: long, so `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "sources" / "fortschrittsbericht-2024.txt"
ROUNDS = 12
CONFLICT = "wurde inzwischen von"


@pytest.fixture
def editing(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ProgressReportImporter().run(REPORT)
    office = User.objects.create_user(username="leitstelle", password="x" * 20, role=Role.PROGRAMME_OFFICE)
    period = services.open_period(
        title="Fortschrittsbericht 2025", cut_off=date(2025, 12, 31), due=date(2099, 3, 31), acting_user=office
    )
    report = period.reports.filter(project__ministry__isnull=False).select_related("project__ministry").first()
    ministry = report.project.ministry
    editors = [
        User.objects.create_user(
            username=f"redaktion{n}", password="x" * 20, role=Role.MINISTRY_EDITOR, ministry=ministry, first_name=name
        )
        for n, name in enumerate(["Anna", "Bernd"])
    ]
    return report, editors


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _post(url: str, path: str, session: str, form: dict) -> tuple[int, str]:
    token = secrets.token_hex(16)  # a CSRF secret of our own, as cookie and as form field
    body = urlencode({**form, "csrfmiddlewaretoken": token}, doseq=True)
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={token}",
            },
        )
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def _form(report: ProjectReport, text: str) -> dict:
    form = ProjectReportForm(initial=ProjectReportForm.initial_for(report))
    # as the browser sends them: amounts and dates in the German notation the form shows
    data = {k: form[k].value() for k in form.initial if k in form.fields}
    data.pop("responsible", None)  # the office's field; editors do not get it
    data["recent_development"] = text
    return {k: ("" if v is None else v) for k, v in data.items()}


@pytest.mark.postgres
def test_two_editors_saving_the_same_version_at_once_never_lose_an_update(live_server, editing):
    report, editors = editing
    sessions = [_session(e) for e in editors]
    path = f"/berichte/arbeit/bericht/{report.pk}/"
    wins = {0: 0, 1: 0}
    for round_no in range(ROUNDS):
        report.refresh_from_db()
        start_version = report.version
        texts = [f"Runde {round_no}: Fassung von {e.first_name} {secrets.token_hex(4)}" for e in editors]
        forms = [_form(report, t) for t in texts]
        barrier = threading.Barrier(2)
        results: dict[int, tuple[int, str]] = {}

        def submit(i: int, forms=forms, barrier=barrier, results=results) -> None:
            barrier.wait()
            results[i] = _post(live_server.url, path, sessions[i], forms[i])

        threads = [threading.Thread(target=submit, args=(i,)) for i in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)

        statuses = sorted(status for status, _ in results.values())
        assert statuses == [302, 409], (round_no, statuses)
        winner = next(i for i, (status, _) in results.items() if status == 302)
        loser = 1 - winner
        wins[winner] += 1
        page = results[loser][1]
        assert CONFLICT in page
        assert texts[loser] in page  # the loser's text is kept in the form
        report.refresh_from_db()
        assert report.recent_development == texts[winner]
        assert report.version == start_version + 1
        assert report.updated_by == editors[winner]
    # Every round saved exactly one version: nothing was overwritten silently in between.
    assert report.history.filter(version__gt=1).count() == ROUNDS
    print("Gewinne je Redakteur:", wins)
