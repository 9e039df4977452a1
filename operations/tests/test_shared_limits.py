"""Limits that limit: counted in a cache all workers share, per real client behind the proxy; log-in lock-out per
account and address with a growing delay, so a stranger cannot lock the office out."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import RequestFactory

from accounts.models import Role, User
from operations.clients import client_ip, lockout_delay

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "6.6.6.6, 203.0.113.5", "127.0.0.1"),  # no trusted proxy: the header is the client's word
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # nginx appended the address it saw; the left one is forged
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),  # two proxies
        (1, "kein-ip", "127.0.0.1"),  # garbage falls back to the connection
    ],
)
def test_client_address_is_taken_behind_the_trusted_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_the_default_cache_is_shared_by_separate_processes(tmp_path):
    """Two worker processes count into the same embedded database cache (created by migrate)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": "dbcache://django_cache",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert migrate.returncode == 0, migrate.stderr
    worker = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup()\n"
        "from django.core.cache import cache\n"
        "cache.add('zaehler', 0, timeout=600)\n"
        "for _ in range(25): cache.incr('zaehler')\n"
        "print(cache.get('zaehler'))"
    )
    results = [
        subprocess.run([sys.executable, "-c", worker], cwd=ROOT, env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert [r.returncode for r in results] == [0, 0], results[0].stderr
    assert int(results[1].stdout.strip()) == 50


@pytest.mark.django_db
def test_a_stranger_cannot_lock_the_office_out_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    User.objects.create_user("leitstelle", "l@example.org", "richtiges-passwort-2026", role=Role.PROGRAMME_OFFICE)
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post(
            "/konto/login/",
            {"username": "leitstelle", "password": "falsch"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
    office = client.post(
        "/konto/login/",
        {"username": "leitstelle", "password": "richtiges-passwort-2026"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert office.status_code == 302  # logged in from the office's own address
    stranger = client.post(
        "/konto/login/",
        {"username": "leitstelle", "password": "richtiges-passwort-2026"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.66",
    )
    assert stranger.status_code == 429  # the guessing address waits


@pytest.mark.django_db
def test_the_lockout_delay_grows_with_every_further_failure(settings):
    from axes.models import AccessAttempt

    settings.LOGIN_DELAY_SECONDS = 60
    request = RequestFactory().post("/konto/login/", {"username": "leitstelle"}, REMOTE_ADDR="192.0.2.1")
    assert lockout_delay(request) == timedelta(seconds=60)
    attempt = AccessAttempt.objects.create(
        username="leitstelle", ip_address="192.0.2.1", failures_since_start=settings.AXES_FAILURE_LIMIT + 3
    )
    assert lockout_delay(request) == timedelta(seconds=480)
    attempt.failures_since_start = 100
    attempt.save()
    assert lockout_delay(request) == timedelta(seconds=settings.LOGIN_DELAY_MAX_SECONDS)


@pytest.fixture
def redis_url(tmp_path):
    """A throw-away redis-server (Debian package redis-server), like the PostgreSQL of the tests."""
    import shutil
    import socket
    import time

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server nicht installiert (Debian-Paket redis-server; `make test` installiert es)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def test_redis_as_the_shared_cache(redis_url):
    """Production's cache: CACHE_URL=redis://… through django-environ and Django's own Redis backend."""
    import environ
    from django.core.cache.backends.redis import RedisCache

    config = environ.Env.cache_url_config(redis_url)
    workers = [RedisCache(config["LOCATION"], {}) for _ in range(2)]
    workers[0].add("zaehler", 0, timeout=60)
    for _ in range(10):
        for worker in workers:
            worker.incr("zaehler")
    assert workers[1].get("zaehler") == 20
