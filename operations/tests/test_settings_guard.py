"""The server refuses to start with DEBUG on or the publicly known key unless development is declared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("RUHR_MONITOR_DEVELOPMENT", "DEBUG", "SECRET_KEY")}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "SECRET_KEY fehlt"),
        ({"DEBUG": "True", "SECRET_KEY": "x" * 50}, "DEBUG=True"),
        ({"DEBUG": "False", "SECRET_KEY": "local-development-only-not-secret"}, "Entwicklungsschlüssel"),
    ],
)
def test_without_declared_development_the_server_refuses_insecure_settings(env, expected):
    result = start(**env)
    assert result.returncode != 0
    assert expected in result.stderr


def test_production_settings_start_and_development_is_explicit():
    assert start(DEBUG="False", SECRET_KEY="y" * 50).stdout.strip() == "False"
    assert start(RUHR_MONITOR_DEVELOPMENT="1").stdout.strip() == "True"
