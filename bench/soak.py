"""Soak: a steady request rate against gunicorn for a long time; zero server errors, no memory growth.

Usage:
  .venv/bin/python bench/soak.py [--minutes 30] [--rate 10] [--workers 2] [--format json]
  DATABASE_URL=postgres://… .venv/bin/python bench/soak.py --use-database   # a database already filled

Without --use-database the soak fills a throw-away SQLite file from the real source documents (as
`make data` does). It starts gunicorn with the production settings (bench/load.py: DEBUG=False,
collectstatic into a temporary STATIC_ROOT) and sends --rate requests per second on a fixed schedule
(open loop: a slow answer does not slow the schedule down), a mix of public pages, municipality answers,
API lists and static files. Per --interval (default one minute) it prints requests, server errors (5xx
and broken connections), client errors (4xx), latency percentiles and the resident memory (RSS) of the
gunicorn workers. The verdict on memory fits a straight line to the workers' RSS after the warm-up
(the first third, at least one interval) and fails when it rises faster than --max-growth MiB per
hour and by more than --max-rise MiB in all (a short run's slope alone is noise: caches still fill), or
when any server error occurred. Exit status 1 on a failed verdict.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # bench/load.py: server start, URL selection, one request

ROOT = load.ROOT


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: the master's child processes."""
    children = Path(f"/proc/{master}/task/{master}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def slope_per_hour(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MiB) samples, in MiB per hour."""
    if len(samples) < 2:
        return 0.0
    xs, ys = [t for t, _ in samples], [m for _, m in samples]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    if den == 0:
        return 0.0
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den * 3600


def percentile(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    return round(sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))] * 1000, 1)


def fill_sqlite(env: dict, path: Path) -> None:
    """The data of `make data` in a throw-away SQLite file (about half a minute)."""
    sources = ROOT / "data" / "sources"
    steps = [
        ["migrate", "--noinput", "-v", "0"],
        ["load_municipalities"],
        ["import_progress_report", str(sources / "fortschrittsbericht-2024.txt")],
        ["create_period_from_document", str(sources / "fortschrittsbericht-2024.txt")],
        ["import_proposals", str(sources / "ihk-hwk-projektideen-ruhrkonferenz.txt")],
        ["import_parliamentary_answer", str(sources / "kleine-anfrage-4284-bochum.txt")],
    ]
    for step in steps:
        done = subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=ROOT,
            env={**env, "DATABASE_URL": f"sqlite:///{path}", "DEBUG": "True"},
            capture_output=True,
            text=True,
        )
        if done.returncode:
            sys.exit(f"manage.py {' '.join(step)} fehlgeschlagen:\n{done.stderr}")


def mixed_paths(env: dict) -> list[str]:
    """Weighted like real traffic: mostly project and municipality pages, some lists, API and static files."""
    cases = load.pick_urls(env)
    fixed = ["/", "/projekte/", "/kommunen/", "/handlungsfelder/", "/ressorts/", "/quellen/", "/daten/"]
    static = ["/static/portal/portal.css", "/static/vendor/kern/kern.min.css"]
    mix: list[str] = []
    mix += cases["Projektseite"] * 3
    mix += cases["Kommunen-Antwort"] * 3
    mix += cases["Projektliste (Filter + Suche)"][:20]
    mix += cases["API-Liste"] * 3
    mix += fixed * 2
    mix += static
    return mix


class Soak:
    """Sends requests at `rate` per second on a fixed schedule and collects them per interval."""

    def __init__(self, port: int, paths: list[str], rate: float, seconds: float, threads: int) -> None:
        self.port, self.paths, self.rate, self.seconds, self.threads = port, paths, rate, seconds, threads
        self.lock = threading.Lock()
        self.next_slot = 0
        self.records: list[tuple[float, float, int]] = []  # (start offset, seconds, status; 0 = no answer)

    def _client(self, n: int, started: float) -> None:
        rng = random.Random(n)
        total = int(self.rate * self.seconds)
        while True:
            with self.lock:
                slot = self.next_slot
                self.next_slot += 1
            if slot >= total:
                return
            due = started + slot / self.rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            t0 = time.perf_counter()
            try:
                status, _ = load.fetch(self.port, rng.choice(self.paths))
            except OSError:
                status = 0
            elapsed = time.perf_counter() - t0
            with self.lock:
                self.records.append((t0 - started, elapsed, status))

    def run(self, on_sample) -> float:
        started = time.perf_counter()
        workers = [threading.Thread(target=self._client, args=(n, started), daemon=True) for n in range(self.threads)]
        for t in workers:
            t.start()
        while any(t.is_alive() for t in workers):
            on_sample(time.perf_counter() - started)
            time.sleep(min(5.0, max(1.0, self.seconds / 30)))
        on_sample(time.perf_counter() - started)
        return started


def summarise(records, memory, *, interval: float, warmup: float, max_growth: float, max_rise: float) -> dict:
    buckets = []
    end = max((start for start, _, _ in records), default=0.0)
    n_buckets = int(end // interval) + 1
    for i in range(n_buckets):
        lo, hi = i * interval, (i + 1) * interval
        mine = [r for r in records if lo <= r[0] < hi]
        lat = sorted(r[1] for r in mine)
        rss = [m for t, m in memory if lo <= t < hi]
        buckets.append(
            {
                "minute": round(hi / 60, 2),
                "requests": len(mine),
                "server_errors": sum(1 for r in mine if r[2] == 0 or r[2] >= 500),
                "client_errors": sum(1 for r in mine if 400 <= r[2] < 500),
                "p50_ms": percentile(lat, 0.50),
                "p95_ms": percentile(lat, 0.95),
                "p99_ms": percentile(lat, 0.99),
                "max_ms": percentile(lat, 1.0),
                "workers_rss_mib": round(max(rss), 1) if rss else None,
            }
        )
    after = [(t, m) for t, m in memory if t >= warmup]
    slope = slope_per_hour(after)
    server_errors = sum(b["server_errors"] for b in buckets)
    growth = (after[-1][1] - after[0][1]) if len(after) >= 2 else 0.0
    return {
        "requests": len(records),
        "server_errors": server_errors,
        "client_errors": sum(b["client_errors"] for b in buckets),
        "intervals": buckets,
        "memory": {
            "warmup_s": round(warmup, 1),
            "rss_after_warmup_mib": round(after[0][1], 1) if after else None,
            "rss_end_mib": round(after[-1][1], 1) if after else None,
            "growth_after_warmup_mib": round(growth, 1),
            "slope_mib_per_hour": round(slope, 1),
            "max_slope_mib_per_hour": max_growth,
            "max_rise_mib": max_rise,
        },
        "verdict": "ok" if server_errors == 0 and (slope <= max_growth or growth <= max_rise) else "failed",
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--rate", type=float, default=10, help="requests per second (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=8, help="client threads that keep the schedule (default 8)")
    parser.add_argument("--interval", type=float, default=60, help="seconds per printed line (default 60)")
    parser.add_argument(
        "--max-growth", type=float, default=30, help="largest acceptable RSS slope after warm-up, MiB per hour"
    )
    parser.add_argument(
        "--max-rise", type=float, default=10, help="RSS rise after warm-up that is accepted whatever the slope, MiB"
    )
    parser.add_argument("--use-database", action="store_true", help="serve DATABASE_URL as it is")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    seconds = args.minutes * 60

    with tempfile.TemporaryDirectory(prefix="ruhr-soak-") as tmp:
        static_root = Path(tmp) / "static"
        env = load.server_env(static_root)
        env["MEDIA_ROOT"] = str(Path(tmp) / "media")
        # The production page cache stays on (that is what is soaked), but in a directory of this run only.
        env["PAGE_CACHE_URL"] = f"filecache://{Path(tmp) / 'pages'}"
        if args.use_database:
            if "DATABASE_URL" not in os.environ:
                sys.exit("--use-database: DATABASE_URL fehlt.")
        else:
            db = Path(tmp) / "soak.sqlite3"
            if args.format == "text":
                print("Daten werden importiert …", file=sys.stderr, flush=True)
            fill_sqlite(env, db)
            env["DATABASE_URL"] = f"sqlite:///{db}"
        # STATIC_ROOT is fixed in settings (var/static); a settings override keeps the repository untouched.
        settings_dir = Path(tmp) / "settings"
        settings_dir.mkdir()
        (settings_dir / "soak_settings.py").write_text(
            "from config.settings import *  # noqa\nimport os\nSTATIC_ROOT = os.environ['BENCH_STATIC_ROOT']\n"
        )
        env["PYTHONPATH"] = os.pathsep.join([str(settings_dir), str(ROOT)])
        env["DJANGO_SETTINGS_MODULE"] = "soak_settings"
        paths = mixed_paths({**env, "DJANGO_SETTINGS_MODULE": "config.settings"})
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        server = load.Server(env, args.workers)
        memory: list[tuple[float, float]] = []
        printed = [0]
        try:
            soak = Soak(server.port, paths, args.rate, seconds, args.threads)

            def on_sample(t: float) -> None:
                sizes = [rss_mib(pid) for pid in worker_pids(server.process.pid)]
                sizes = [s for s in sizes if s is not None]
                if sizes:
                    memory.append((t, sum(sizes)))
                if args.format == "text" and t >= (printed[0] + 1) * args.interval:
                    printed[0] += 1
                    with soak.lock:
                        done = len(soak.records)
                        bad = sum(1 for r in soak.records if r[2] == 0 or r[2] >= 500)
                    print(
                        f"  {t / 60:5.1f} min: {done} Anfragen, {bad} Serverfehler, Worker-RSS {memory[-1][1]:.0f} MiB"
                        if memory
                        else f"  {t / 60:5.1f} min: {done} Anfragen",
                        file=sys.stderr,
                        flush=True,
                    )

            soak.run(on_sample)
            alive = server.process.poll() is None
        finally:
            server.stop()

    warmup = max(args.interval if seconds >= 3 * args.interval else 0, seconds / 3)
    report = summarise(
        soak.records, memory, interval=args.interval, warmup=warmup, max_growth=args.max_growth, max_rise=args.max_rise
    )
    report.update(
        minutes=args.minutes,
        rate=args.rate,
        workers=args.workers,
        cpus=os.cpu_count(),
        database="DATABASE_URL" if args.use_database else "SQLite (Wegwerfdatei)",
        server_alive_at_end=alive,
    )
    if not alive:
        report["verdict"] = "failed"
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(
            f"Soak: {args.minutes:g} min, {args.rate:g} Anfragen/s, gunicorn -w {args.workers}, {os.cpu_count()} CPUs, "
            f"Datenbank: {report['database']}"
        )
        print(
            f"{'bis min':>8} {'Anfr.':>6} {'5xx':>4} {'4xx':>4} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8} {'RSS MiB':>8}"
        )
        for b in report["intervals"]:
            print(
                f"{b['minute']:>8} {b['requests']:>6} {b['server_errors']:>4} {b['client_errors']:>4} "
                f"{b['p50_ms']!s:>5} ms {b['p95_ms']!s:>5} ms {b['p99_ms']!s:>5} ms {b['max_ms']!s:>5} ms "
                f"{b['workers_rss_mib']!s:>8}"
            )
        m = report["memory"]
        print(
            f"Gesamt: {report['requests']} Anfragen, {report['server_errors']} Serverfehler, "
            f"{report['client_errors']} Clientfehler"
        )
        print(
            f"Speicher nach Aufwärmen ({m['warmup_s']:g} s): {m['rss_after_warmup_mib']} → {m['rss_end_mib']} MiB, "
            f"Anstieg {m['slope_mib_per_hour']} MiB/h (Grenze {m['max_slope_mib_per_hour']:g} MiB/h, "
            f"oder insgesamt höchstens {m['max_rise_mib']:g} MiB)"
        )
        print("Urteil: " + ("bestanden" if report["verdict"] == "ok" else "NICHT bestanden"))
    return 0 if report["verdict"] == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
