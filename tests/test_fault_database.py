"""The database going away and coming back mid-request: a clean German error page, then recovery.

On PostgreSQL the connection of a running request is really killed (pg_terminate_backend from a
second connection, while the request waits on a table lock we hold); on both databases a broken
cursor shows what the page looks like. The error pages render without a single query.
"""

from __future__ import annotations

import http.client
import logging
import os
import threading
import time

import psycopg
import pytest
from django.db import OperationalError, connection, connections
from django.db.backends.utils import CursorWrapper
from django.template import loader
from django.test import Client

SECRET = "geheimes-detail-aus-dem-treiber"


def _assert_clean_503(status: int, headers: dict[str, str], body: str) -> None:
    assert status == 503
    assert int(headers["retry-after"]) > 0
    assert "Der Ruhr-Monitor ist vorübergehend nicht erreichbar" in body
    assert 'lang="de"' in body
    for leak in (SECRET, "Traceback", "OperationalError", "InterfaceError", "psycopg", "terminating", "SELECT"):
        assert leak not in body


@pytest.mark.parametrize("template_name", ["500.html", "503.html"])
def test_error_pages_render_without_the_database(template_name, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        html = loader.get_template(template_name).render()
    assert "Ruhr-Monitor" in html and f"Fehlercode {template_name[:3]}" in html


def test_a_broken_database_gives_the_german_503_page_and_the_next_request_succeeds(db, monkeypatch, caplog):
    client = Client(raise_request_exception=False)
    assert client.get("/projekte/").status_code == 200

    def unreachable(self, sql, params=None):
        raise OperationalError(f"server closed the connection unexpectedly ({SECRET})")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", unreachable)
        with caplog.at_level(logging.ERROR, logger="django.request"):
            response = client.get("/projekte/")
    _assert_clean_503(response.status_code, {k.lower(): v for k, v in response.items()}, response.content.decode())
    # Logged for the operators, with the detail the page withholds.
    assert any(r.exc_info and SECRET in str(r.exc_info[1]) for r in caplog.records)
    assert client.get("/projekte/").status_code == 200


def test_any_other_error_gives_the_german_500_page(db, monkeypatch):
    client = Client(raise_request_exception=False)

    def bug(self, sql, params=None):
        raise ValueError(SECRET)

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", bug)
        response = client.get("/projekte/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Ein technischer Fehler ist aufgetreten" in body
    assert "Retry-After" not in response
    assert SECRET not in body and "Traceback" not in body


# --- PostgreSQL: the real thing ------------------------------------------------------------------------------


def _get(url: str, path: str) -> tuple[int, dict[str, str], str]:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
    finally:
        conn.close()


def _connect() -> psycopg.Connection:
    s = connections["default"].settings_dict
    return psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"],
        password=s["PASSWORD"] or None,
        host=s["HOST"],
        port=s["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture
def conn_settings(monkeypatch):
    """Set CONN_MAX_AGE for the live server's connections (its threads share the settings dict)."""

    def apply(max_age: int) -> None:
        monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", max_age)

    return apply


@pytest.mark.postgres
@pytest.mark.parametrize("max_age", [0, 10])
def test_connection_killed_during_a_request_gives_503_and_the_next_request_succeeds(
    live_server, transactional_db, conn_settings, max_age
):
    conn_settings(max_age)
    assert _get(live_server.url, "/projekte/")[0] == 200
    own_pid = connection.cursor().connection.info.backend_pid
    with _connect() as admin, _connect() as locker:
        locker.autocommit = False
        # The request's query waits on this lock, so it is certainly running when its connection dies.
        locker.execute("LOCK TABLE programmes_project IN ACCESS EXCLUSIVE MODE")
        result = {}
        request = threading.Thread(target=lambda: result.update(r=_get(live_server.url, "/projekte/")))
        request.start()
        victim = None
        deadline = time.monotonic() + 15
        while victim is None and time.monotonic() < deadline:
            row = admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                " AND pid NOT IN (pg_backend_pid(), %s, %s)",
                [own_pid, locker.info.backend_pid],
            ).fetchone()
            victim = row[0] if row else None
            time.sleep(0.05)
        assert victim is not None, "the request never reached the database"
        admin.execute("SELECT pg_terminate_backend(%s)", [victim])
        locker.rollback()
        request.join(30)
    _assert_clean_503(*result["r"])
    for _ in range(3):
        assert _get(live_server.url, "/projekte/")[0] == 200


@pytest.fixture
def gunicorn(tmp_path):
    """One sync gunicorn worker on the test database: unlike the live server (a thread per request), it keeps
    its connection between requests when CONN_MAX_AGE says so."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import load  # bench/load.py: gunicorn with the production settings on a free port

    servers = []

    def start(query: str):
        s = connections["default"].settings_dict
        env = load.server_env(tmp_path / "static")
        env["DATABASE_URL"] = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}?{query}"
        # Production settings, but static files unhashed: no collectstatic (and its manifest) needed here.
        (tmp_path / "fault_settings.py").write_text(
            "from config.settings import *  # noqa\n"
            "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
        )
        env["PAGE_CACHE_ENABLED"] = "False"  # every request must reach the database here
        env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(load.ROOT)])
        env["DJANGO_SETTINGS_MODULE"] = "fault_settings"
        server = load.Server(env, 1)
        servers.append(server)
        return f"http://127.0.0.1:{server.port}"

    yield start
    for server in servers:
        server.stop()


@pytest.mark.postgres
@pytest.mark.parametrize("health_checks", [True, False])
def test_a_persistent_connection_killed_between_requests(gunicorn, transactional_db, health_checks):
    """A database restart kills idle persistent connections. With CONN_HEALTH_CHECKS (our default) no request
    notices; without, one request gets the 503 answer, and the next one has a new connection."""
    url = gunicorn("conn_max_age=60" + ("" if health_checks else "&conn_health_checks=False"))
    path = "/projekte/"
    assert _get(url, path)[0] == 200
    own_pid = connection.cursor().connection.info.backend_pid
    with _connect() as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), %s)",
            [own_pid],
        ).fetchone()[0]
    assert killed == 1  # the worker's persistent connection
    time.sleep(0.2)
    first = _get(url, path)
    if health_checks:
        assert first[0] == 200
    else:
        _assert_clean_503(*first)
    assert _get(url, path)[0] == 200


# Every URL family, not only pages and API: downloads, dumps, feeds and the catalogue too.
EVERY_FAMILY = (
    "/",
    "/projekte/",
    "/sitemap.xml",
    "/ideen/",
    "/kennzahlen/",
    "/quellen/1/datei/",
    "/api/v1/projects",
    "/daten/download/projects.csv",
    "/daten/download/projects.xlsx",
    "/daten/download/ruhr-monitor.zip",
    "/daten/download/berichte/1.zip",
    "/daten/feeds/aenderungen.atom",
    "/catalog.ttl",
    "/catalog.jsonld",
)


@pytest.mark.parametrize("url", EVERY_FAMILY)
def test_every_url_family_answers_503_with_retry_after_during_an_outage(url, db, monkeypatch):
    client = Client(raise_request_exception=False)

    def unreachable(self, sql, params=None):
        raise OperationalError(f"server closed the connection unexpectedly ({SECRET})")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", unreachable)
        response = client.get(url)
    assert response.status_code == 503, url
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert SECRET not in body and "Traceback" not in body and "/work/" not in body
