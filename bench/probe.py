"""Probe a production-style installation as an attacker would, and print the figures (issue 21).

    .venv/bin/python bench/probe.py [--workers 5] [--requests 450]

Starts gunicorn (DEBUG off, several workers, the embedded shared cache, TRUSTED_PROXY_COUNT=1 as behind nginx) on a
throw-away SQLite filled like `make data`, then:

1. the bad-input corpus (SQL injection, script tags, formulas, control characters, bidi overrides, path traversal,
   100 KB parameters) against the search, the API parameters, the downloads and the feeds: no answer may be a 500,
   show a traceback or a server path, or echo a script tag unescaped;
2. the API rate limit under concurrent load across all workers from one client address: the 429s must start at the
   configured limit (per-worker counting let 2,572 a minute through a limit of 300);
3. the log-in lock-out behind the proxy: a stranger's wrong passwords must not lock the office out.

sqlmap and wapiti are not installable from PyPI or Debian's main archive on this machine; this probe is the
equivalent that `make` can repeat. Exit status 1 if any check fails.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402

PAYLOADS = (
    "' OR '1'='1",
    "1; DROP TABLE programmes_project;--",
    '" UNION SELECT username, password FROM accounts_user--',
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example","x")',
    "\x1b[31m\x07",
    "\u202eexe.txt",
    "../../../../etc/passwd",
    "%00",
    "A" * 100_000,
)
TARGETS = (
    "/projekte/?q={}",
    "/projekte/?status={}",
    "/api/v1/projects?q={}",
    "/api/v1/projects?status={}&limit={}",
    "/api/v1/projects/{}",
    "/daten/download/projects.csv?q={}",
    "/daten/feeds/suche.atom?q={}",
    "/anfragen/abfrage/?kommune={}",
    "/kommunen/{}/",
)
LEAKS = re.compile(r"Traceback|OperationalError|/work/|/srv/|/home/|" + re.escape(str(ROOT)))


def request(port: int, method: str, path: str, *, headers=None, body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def bad_inputs(port: int) -> tuple[dict[int, int], list[str]]:
    statuses: dict[int, int] = {}
    problems = []
    for target in TARGETS:
        for payload in PAYLOADS:
            quoted = urllib.parse.quote(payload, safe="")
            path = target.replace("{}", quoted)
            status, _headers, data = request(port, "GET", path, headers={"X-Forwarded-For": "198.51.100.1"})
            statuses[status] = statuses.get(status, 0) + 1
            text = data.decode("utf-8", "replace")
            if status >= 500:
                problems.append(f"{status} für {target} mit {payload[:30]!r}")
            if LEAKS.search(text):
                problems.append(f"Interna sichtbar: {target} mit {payload[:30]!r}")
            if "<script>alert(1)</script>" in text and "html" in _headers.get("Content-Type", ""):
                problems.append(f"Skript unmaskiert zurückgegeben: {target}")
    return statuses, problems


def rate_limit(port: int, total: int, limit: int) -> tuple[int, int]:
    def one(_n):
        return request(port, "GET", "/api/v1/action-fields", headers={"X-Forwarded-For": "203.0.113.77"})[0]

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(one, range(total)))
    return statuses.count(200), statuses.count(429)


def lockout(port: int) -> tuple[int, int]:
    def login(address: str, password: str) -> int:
        _status, headers, data = request(port, "GET", "/konto/login/", headers={"X-Forwarded-For": address})
        cookie = headers.get("Set-Cookie", "").split(";")[0]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', data).group(1).decode()
        body = urllib.parse.urlencode({"username": "leitstelle", "password": password, "csrfmiddlewaretoken": token})
        return request(
            port,
            "POST",
            "/konto/login/",
            body=body,
            headers={
                "X-Forwarded-For": address,
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{port}/konto/login/",
            },
        )[0]

    for _ in range(7):
        login("198.51.100.66", "falsch")
    return login("203.0.113.10", "richtiges-passwort-2026"), login("198.51.100.66", "richtiges-passwort-2026")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--requests", type=int, default=450)
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ruhr-probe-") as tmp:
        static_root = Path(tmp) / "static"
        env = load.server_env(static_root)
        env.update(
            DATABASE_URL=f"sqlite:///{Path(tmp) / 'probe.sqlite3'}",
            MEDIA_ROOT=str(Path(tmp) / "media"),
            CACHE_URL="dbcache://django_cache",
            TRUSTED_PROXY_COUNT="1",
            API_RATE_LIMIT=str(args.limit),
            API_RATE_WINDOW="120",
            PAGE_CACHE_URL=f"filecache://{Path(tmp) / 'pages'}",
        )
        settings_dir = Path(tmp) / "settings"
        settings_dir.mkdir()
        (settings_dir / "bench_settings.py").write_text(
            "from config.settings import *  # noqa\nimport os\nSTATIC_ROOT = os.environ['BENCH_STATIC_ROOT']\n"
        )
        env["PYTHONPATH"] = os.pathsep.join([str(settings_dir), str(ROOT)])
        env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        sources = ROOT / "data" / "sources"
        for command in (
            ["migrate", "--noinput"],
            ["load_municipalities"],
            ["import_progress_report", str(sources / "fortschrittsbericht-2024.txt")],
            ["import_proposals", str(sources / "ihk-hwk-projektideen-ruhrkonferenz.txt")],
            ["import_parliamentary_answer", str(sources / "kleine-anfrage-4284-bochum.txt")],
            ["collectstatic", "--noinput", "-v", "0"],
        ):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
        load.django_shell(
            env,
            "from accounts.models import User, Role; User.objects.create_user('leitstelle', 'l@example.org', "
            "'richtiges-passwort-2026', role=Role.PROGRAMME_OFFICE)",
        )
        server = load.Server(env, args.workers)
        failures = []
        try:
            started = time.monotonic()
            statuses, problems = bad_inputs(server.port)
            print(
                f"Schadeingaben: {sum(statuses.values())} Anfragen in {time.monotonic() - started:.1f} s, Status {statuses}"
            )
            for problem in problems[:20]:
                print("  FEHLER", problem)
            failures += problems

            started = time.monotonic()
            allowed, refused = rate_limit(server.port, args.requests, args.limit)
            print(
                f"Ratenbegrenzung: {args.requests} API-Anfragen einer Adresse über {args.workers} Worker in "
                f"{time.monotonic() - started:.1f} s: {allowed} beantwortet, {refused} × 429 (Grenze {args.limit})"
            )
            # the database cache increments by get and set, so heavy concurrency loses a few counts; Redis is atomic
            if allowed > args.limit * 1.15 or refused == 0:
                failures.append("Ratenbegrenzung wirkt nicht über alle Worker")

            office, stranger = lockout(server.port)
            print(f"Sperre: Leitstelle nach 7 Fehlversuchen eines Fremden → {office}, Fremder → {stranger}")
            if office != 302:
                failures.append("die Leitstelle wurde durch Fehlversuche eines Fremden ausgesperrt")
        finally:
            server.stop()
    print(f"\n{len(failures)} Befunde")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
