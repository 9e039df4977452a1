"""A short soak (bench/soak.py) against gunicorn: zero server errors and bounded worker memory.

The long run is `make soak` (30 minutes); this one keeps a steady rate for 45 seconds on a throw-away
SQLite filled from the source documents. It needs no test database, so it runs in the SQLite pass only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# A minute against gunicorn: `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SECONDS, RATE = 45, 8


@pytest.mark.soak
def test_short_soak_has_no_server_errors_and_bounded_memory():
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("läuft im SQLite-Durchgang von `make test` (eigene Wegwerf-Datenbank)")
    done = subprocess.run(
        [sys.executable, "bench/soak.py", "--minutes", str(SECONDS / 60), "--rate", str(RATE), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.stdout, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["server_alive_at_end"]
    assert report["server_errors"] == 0, report["intervals"]
    assert report["client_errors"] == 0, report["intervals"]
    # Open loop: every scheduled request was sent and answered.
    assert report["requests"] == SECONDS * RATE
    memory = report["memory"]
    assert memory["rss_after_warmup_mib"] is not None
    assert memory["growth_after_warmup_mib"] <= memory["max_rise_mib"] or (
        memory["slope_mib_per_hour"] <= memory["max_slope_mib_per_hour"]
    ), memory
    assert report["verdict"] == "ok"
    assert done.returncode == 0
