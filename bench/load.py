"""Latency under concurrent load: the app under gunicorn on loopback, against the physical floor.

Usage (PostgreSQL filled by bench/synthetic_programme.py, or by `make data`):
  DATABASE_URL=postgres://… .venv/bin/python bench/load.py [--clients 20] [--seconds 20] [--workers 4] [--format json]

Starts gunicorn (DEBUG=False, production settings, collectstatic into a temporary STATIC_ROOT) on a free
loopback port, then for each case keeps --clients threads busy for --seconds, each sending one request
after the other (http.client, a new connection per request as gunicorn's sync workers close them), and
prints requests/s, median and p95 latency, errors, and the ratio to a static file of the same size served
by the same gunicorn (whitenoise): the floor of what this server, this machine and this client can do.
Cases: project list with filters and search, project page, municipality answer, API list; the search
once more with every request new to the page cache (a parameter of its own that the page ignores); and
searches that nobody has asked before at all: every request a query of its own (one to three words of the
projects' titles, some with a filter, portal and API), never repeated during the run, so neither the page
cache nor any result the database or the app might keep helps. `--case` runs only the cases whose name
contains the text (e.g. `--case "neue Suchbegriffe" --clients 5`).
Before the load: per case, one request at a time in-process with the page cache off (service time and
number of queries). Under load the page cache is on (a file cache shared by the workers, as in production
with a shared cache) unless --no-page-cache; the share of answers served from it is printed. The server
keeps database connections open (conn_max_age=60).
Bounded in time: about 2 × cases × --seconds, plus start-up.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(static_root: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="False",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        API_RATE_LIMIT="0",  # one client address sends everything here
        LOG_LEVEL="WARNING",
        BENCH_STATIC_ROOT=str(static_root),
        # The page cache must be shared by the gunicorn workers: a file cache in the run's temporary folder.
        PAGE_CACHE_ENABLED="True",
        PAGE_CACHE_URL=f"filecache://{static_root.parent / 'page-cache'}",
    )
    url = env.get("DATABASE_URL", "")
    if url and "conn_max_age" not in url:  # persistent connections: no connect per request
        env["DATABASE_URL"] = url + ("&" if "?" in url else "?") + "conn_max_age=60"
    return env


def django_shell(env: dict, code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def unique_searches(vocabulary: list[str], fields: list[str], count: int = 20000) -> list[str]:
    """`count` distinct search URLs: one to three title words (whole, or a compound's head or tail), some
    filtered by action field or status, every fifth through the API; deterministic, so runs compare."""
    rng = random.Random(7)
    seen: set[str] = set()
    urls: list[str] = []
    attempts = 0
    while len(urls) < count and attempts < count * 20:
        attempts += 1
        chosen = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            word = rng.choice(vocabulary)
            if len(word) > 9 and rng.random() < 0.3:  # part of a compound: prefix and infix matches
                cut = rng.randint(5, len(word) - 4)
                word = word[:cut] if rng.random() < 0.5 else word[cut:]
            chosen.append(word)
        query = " ".join(chosen)
        if query.lower() in seen:
            continue
        seen.add(query.lower())
        kind = rng.random()
        if kind < 0.2:
            urls.append(f"/api/v1/projects?q={query}&page_size=20")
        elif kind < 0.35:
            urls.append(f"/projekte/?q={query}&handlungsfeld={rng.choice(fields)}")
        elif kind < 0.45:
            urls.append(f"/projekte/?q={query}&status=in_progress")
        else:
            urls.append(f"/projekte/?q={query}")
    return urls


def pick_urls(env: dict) -> dict[str, list[str]]:
    """Real URLs from the data: a few of each kind, so caches do not see a single key only."""
    code = """
import json, random
from programmes.models import Project, ActionField
from places.models import Municipality
rng = random.Random(1)
ids = list(Project.objects.published().values_list('slug', flat=True)[:5000])
munis = list(Municipality.objects.filter(local_references__isnull=False).distinct().values_list('slug', flat=True)[:200])
fields = list(ActionField.objects.values_list('slug', flat=True))
titles = Project.objects.published().values_list('title', flat=True)[:20000]
title_words = sorted({w for t in titles for w in t.split() if len(w) >= 4 and w.isalpha()})
print(json.dumps({'projects': rng.sample(ids, min(50, len(ids))), 'municipalities': rng.sample(munis, min(20, len(munis))), 'fields': fields, 'title_words': title_words}))
"""
    data = json.loads(django_shell(env, code).strip().splitlines()[-1])
    new_searches = unique_searches(data["title_words"], data["fields"])
    words = ["Mobilität", "Wasserstoff", "Gründerzentrum", "Klima", "Bildung", "Hafen", "Radschnellweg", "Campus"]
    return {
        "Projektliste (Filter + Suche)": [
            f"/projekte/?q={w}&handlungsfeld={f}&status=in_progress" for w in words for f in data["fields"]
        ],
        "Projektseite": [f"/projekte/{slug}/" for slug in data["projects"]],
        "Kommunen-Antwort": [f"/anfragen/kommune/{slug}/" for slug in data["municipalities"]],
        "API-Liste": [f"/api/v1/projects?page_size=50&status=in_progress&page={p}" for p in (1, 2, 3, 11)],
        NEW_SEARCHES: new_searches,
    }


NEW_SEARCHES = "Suche, nur neue Suchbegriffe"


SERVICE_CODE = """
import json, sys, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
cases = json.loads(sys.argv[1])
client = Client(HTTP_HOST="127.0.0.1")
result = {}
for name, paths in cases.items():
    rows = []
    for path in paths[:3]:
        best, queries = None, None
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(path)
                took = time.perf_counter() - started
            best = took if best is None else min(best, took)
            queries = len(captured)
        rows.append((best, queries))
    result[name] = {
        "service_ms": round(sorted(r[0] for r in rows)[len(rows) // 2] * 1000, 1),
        "queries": max(r[1] for r in rows),
    }
print(json.dumps(result))
"""


def service_times(env: dict, cases: dict[str, list[str]]) -> dict:
    """One request at a time, in-process, page cache off: service time (median of 3 URLs, best of 3) and queries."""
    first = {name: paths[:3] for name, paths in cases.items()}  # all it measures; the full lists are long
    out = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{SERVICE_CODE}", json.dumps(first)],
        cwd=ROOT,
        env={**env, "PAGE_CACHE_ENABLED": "False", "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"},
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.exit(f"Messung der Einzelanfragen fehlgeschlagen:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def quote_path(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/?&=%")


def fetch(port: int, path: str, *, cache_state: list | None = None) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", quote_path(path), headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        body = response.read()
        if cache_state is not None:
            cache_state.append(response.getheader("X-Page-Cache") == "hit")
        return response.status, len(body)
    finally:
        conn.close()


def load(
    port: int, paths: list[str], clients: int, seconds: float, *, fresh: bool = False, unique: bool = False
) -> dict:
    """`clients` threads busy for `seconds`; with `fresh`, every request carries a parameter of its own.

    The pages ignore that parameter, the page cache does not: each request is a miss and is computed,
    as for a search nobody has asked before. With `unique`, the clients take `paths` one after the other
    from a shared queue, so no path is asked twice; a client stops when the list is used up.
    """
    queue = iter(paths)
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    hits: list[bool] = []

    def client(n: int) -> None:
        rng = random.Random(n)
        mine, bad, cached = [], 0, []
        while time.perf_counter() < stop_at:
            if unique:
                with lock:
                    path = next(queue, None)
                if path is None:
                    break
            else:
                path = rng.choice(paths)
            if fresh:
                path += f"{'&' if '?' in path else '?'}neu={n}-{len(mine)}"
            started = time.perf_counter()
            try:
                status, _ = fetch(port, path, cache_state=cached)
                if status >= 400:
                    bad += 1
            except OSError:
                bad += 1
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors.append(bad)
            hits.extend(cached)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": sum(errors),
        "rps": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1) if latencies else None,
        "cache_hit_share": round(sum(hits) / len(hits), 3) if hits else None,
    }


class Server:
    def __init__(self, env: dict, workers: int) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "config.wsgi:application",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(workers),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                fetch(self.port, "/static/portal/portal.css")
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--case", help="nur die Fälle, deren Name diesen Text enthält")
    parser.add_argument(
        "--no-page-cache", dest="page_cache", action="store_false", help="ohne Seiten-Cache (jede Anfrage rechnet)"
    )
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        sys.exit("DATABASE_URL fehlt (PostgreSQL mit Daten, z. B. aus bench/synthetic_programme.py).")

    with tempfile.TemporaryDirectory(prefix="ruhr-load-") as tmp:
        static_root = Path(tmp) / "static"
        env = server_env(static_root)
        if not args.page_cache:
            env["PAGE_CACHE_ENABLED"] = "False"
        # STATIC_ROOT is fixed in settings (var/static); a settings override keeps the repository untouched.
        settings_dir = Path(tmp) / "settings"
        settings_dir.mkdir()
        (settings_dir / "bench_settings.py").write_text(
            "from config.settings import *  # noqa\nimport os\nSTATIC_ROOT = os.environ['BENCH_STATIC_ROOT']\n"
        )
        env["PYTHONPATH"] = os.pathsep.join([str(settings_dir), str(ROOT)])
        env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        cases = pick_urls({**env, "DJANGO_SETTINGS_MODULE": "config.settings"})

        # sizes first, then one static file per case of the same size (whitenoise indexes files at start-up)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        single = service_times(env, cases)
        server = Server(env, args.workers)
        try:
            sizes = {}
            for name, paths in cases.items():
                measured = [fetch(server.port, p) for p in paths[:5]]
                bad = [p for p, (status, _) in zip(paths, measured, strict=False) if status != 200]
                if bad:
                    sys.exit(f"{name}: {bad[0]} answers {measured[0][0]}")
                sizes[name] = int(statistics.median(size for _, size in measured))
        finally:
            server.stop()
        floor_dir = static_root / "bench"
        floor_dir.mkdir(parents=True, exist_ok=True)
        for size in sizes.values():
            (floor_dir / f"{size}.html").write_bytes(b"x" * size)

        server = Server(env, args.workers)
        results = []
        try:
            runs = [(name, name, paths, False) for name, paths in cases.items()]
            search_case = "Projektliste (Filter + Suche)"
            runs.insert(1, (f"{search_case}, jede Anfrage neu", search_case, cases[search_case], True))
            if args.case:
                runs = [run for run in runs if args.case.lower() in run[0].lower()]
                if not runs:
                    sys.exit(f"--case {args.case!r}: kein Fall dieses Namens")
            for name, size_of, paths, fresh in runs:
                unique = name == NEW_SEARCHES
                # the single requests and the size measurement asked the first five already
                load_before = os.getloadavg()[0]  # a shared machine inflates every figure: printed beside it
                app = load(
                    server.port, paths[5:] if unique else paths, args.clients, args.seconds, fresh=fresh, unique=unique
                )
                app["load_before"], app["load_after"] = round(load_before, 2), round(os.getloadavg()[0], 2)
                floor = load(server.port, [f"/static/bench/{sizes[size_of]}.html"], args.clients, args.seconds)
                ratio = round(app["p95_ms"] / floor["p95_ms"], 1) if app["p95_ms"] and floor["p95_ms"] else None
                results.append(
                    {
                        "case": name,
                        "bytes": sizes[size_of],
                        "single": single[size_of],
                        "app": app,
                        "static": floor,
                        "p95_ratio": ratio,
                    }
                )
                if args.format == "text":
                    print(f"  {name}: fertig", file=sys.stderr, flush=True)
        finally:
            server.stop()

    counts = json.loads(
        django_shell(
            {**os.environ, "DEBUG": "True", "RUHR_MONITOR_DEVELOPMENT": "1"},  # a read with the development key
            "import json;from programmes.models import Project, Milestone;from places.models import Municipality;"
            "print(json.dumps({'projects': Project.objects.count(), 'milestones': Milestone.objects.count(),"
            " 'municipalities': Municipality.objects.count()}))",
        )
        .strip()
        .splitlines()[-1]
    )
    report = {
        "data": counts,
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "page_cache": args.page_cache,
        "cpus": os.cpu_count(),
        "results": results,
    }
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print(
        f"Daten: {counts}; {args.clients} Clients, {args.seconds:g} s je Fall, gunicorn -w {args.workers}, "
        f"{os.cpu_count()} CPUs, Seiten-Cache {'an' if args.page_cache else 'aus'}"
    )
    print(
        f"{'Fall':44} {'Bytes':>8} {'einzeln':>9} {'Abfr.':>5} | {'req/s':>7} {'Median':>8} {'p95':>8} {'Fehler':>6} "
        f"{'Cache':>6} | {'statisch p95':>12} {'req/s':>7} | {'p95/statisch':>12}"
    )
    for r in results:
        a, s, one = r["app"], r["static"], r["single"]
        hit = f"{a['cache_hit_share']:.0%}" if a["cache_hit_share"] is not None else "-"
        print(
            f"{r['case']:44} {r['bytes']:>8} {one['service_ms']:>6} ms {one['queries']:>5} | "
            f"{a['rps']:>7} {a['median_ms']:>6} ms {a['p95_ms']:>6} ms {a['errors']:>6} {hit:>6} | "
            f"{s['p95_ms']:>9} ms {s['rps']:>7} | {r['p95_ratio']:>12} | Last {a['load_before']} → {a['load_after']}"
        )


if __name__ == "__main__":
    main()
