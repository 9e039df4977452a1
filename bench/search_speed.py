"""The search alone under concurrent load: searches nobody asked before, count and first page, p95 against 150 ms.

Usage (PostgreSQL filled by bench/synthetic_programme.py --projects 100000):
  DATABASE_URL=postgres://… .venv/bin/python bench/search_speed.py [--clients 5] [--seconds 30] [--format json]

`--clients` processes (as gunicorn's workers are) each take the next query from a shared list of distinct
searches (`bench/load.py`'s `unique_searches`: one to three title words, whole or a compound's head or tail,
some with a filter; none repeated), and do what the project list and the API do for it: the one search of
`portal.search` through `portal.filters.apply`, the count (capped) and the first page of 50 projects loaded.
No HTTP, no template: what remains is the search's own time, the part that grows with the programme
(`bench/load.py --case "neue Suchbegriffe" --clients 5` measures the whole request). Prints median, p95 and
maximum per kind of search and overall, the share of capped counts ("mehr als 10.000 Treffer"), and the load
average of the machine before and after (a shared machine inflates every figure).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 150
PAGE = 50


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("RUHR_MONITOR_DEVELOPMENT", "1")  # a read-only bench with the development key
    # As in production, the form's reference lists (ministries with projects: 200 ms at 100,000 projects) are
    # kept per publication; a per-process memory cache does that here. The search itself is never cached.
    os.environ.setdefault("PAGE_CACHE_ENABLED", "True")
    os.environ.setdefault("PAGE_CACHE_URL", "locmemcache://search-bench")
    import django

    django.setup()


def queries(count: int) -> list[dict]:
    """Distinct searches as the load bench builds them, as filter-form data (portal and API take the same)."""
    from urllib.parse import parse_qsl, urlsplit

    sys.path.insert(0, str(ROOT / "bench"))
    from load import unique_searches

    from programmes.models import ActionField, Project

    titles = Project.objects.published().values_list("title", flat=True)[:20000]
    vocabulary = sorted({w for t in titles for w in t.split() if len(w) >= 4 and w.isalpha()})
    fields = list(ActionField.objects.values_list("slug", flat=True))
    out = []
    for url in unique_searches(vocabulary, fields, count):
        parts = urlsplit(url)
        data = dict(parse_qsl(parts.query))
        data.pop("page_size", None)
        out.append({"data": data, "kind": kind_of(data)})
    return out


def kind_of(data: dict) -> str:
    words = len(data["q"].split())
    filtered = any(name in data for name in ("handlungsfeld", "status"))
    return f"{words} Wort{'e' if words > 1 else ''}{' + Filter' if filtered else ''}"


def one_search(data: dict) -> tuple[float, bool, int]:
    from portal.filters import ProjectFilterForm, ResultPaginator, apply

    started = time.perf_counter()
    result = apply(ProjectFilterForm(data))
    paginator = ResultPaginator(result.projects, PAGE)
    page = paginator.get_page(1)
    shown = list(page.object_list)
    took = time.perf_counter() - started
    return took, bool(getattr(result.projects, "capped", False)), len(shown)


_COUNTER = None  # the next query's number, shared by the forked workers (a lock-protected integer)


def worker(args) -> list[tuple[str, float, bool, dict]]:
    work, stop_at = args
    counter = _COUNTER
    setup_django()
    from django.db import connection

    connection.ensure_connection()
    one_search({"q": "Projekt"})  # connection and first-use costs outside the measurement
    measured = []
    while time.perf_counter() < stop_at:
        with counter.get_lock():
            n = counter.value
            counter.value += 1
        if n >= len(work):
            break
        took, capped, _shown = one_search(work[n]["data"])
        measured.append((work[n]["kind"], took, capped, work[n]["data"]))
    return measured


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[int(share * (len(values) - 1))]


def summary(times: list[float]) -> dict:
    return {
        "searches": len(times),
        "median_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(percentile(times, 0.95) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--searches", type=int, default=5000, help="Vorrat verschiedener Suchen")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        sys.exit("DATABASE_URL fehlt (PostgreSQL mit Daten, z. B. aus bench/synthetic_programme.py).")
    setup_django()
    from django.db import connection

    from programmes.models import Project

    work = queries(args.searches)
    projects = Project.objects.published().count()
    vendor = connection.vendor
    connection.close()  # the workers open their own

    load_before = os.getloadavg()
    global _COUNTER
    context = multiprocessing.get_context("fork")
    _COUNTER = context.Value("i", 0)
    stop_at = time.perf_counter() + args.seconds
    with context.Pool(args.clients) as pool:
        parts = pool.map(worker, [(work, stop_at)] * args.clients, chunksize=1)
    load_after = os.getloadavg()

    rows = [row for part in parts for row in part]
    if not rows:
        sys.exit("Keine Suche gemessen.")
    by_kind: dict[str, list[float]] = {}
    for kind, took, _capped, _data in rows:
        by_kind.setdefault(kind, []).append(took)
    overall = summary([row[1] for row in rows])
    slowest = sorted(rows, key=lambda row: -row[1])[:8]
    report = {
        "database": vendor,
        "published_projects": projects,
        "clients": args.clients,
        "seconds": args.seconds,
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "overall": overall,
        "capped_share": round(sum(1 for r in rows if r[2]) / len(rows), 3),
        "by_kind": {kind: summary(times) for kind, times in sorted(by_kind.items())},
        "slowest": [{"ms": round(row[1] * 1000, 1), "search": row[3]} for row in slowest],
        "target_p95_ms": TARGET_P95_MS,
        "target_met": overall["p95_ms"] < TARGET_P95_MS,
    }
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print(
        f"Suche allein ({vendor}, {projects} veröffentlichte Projekte), {args.clients} Clients, "
        f"{args.seconds:g} s, {os.cpu_count()} CPUs; Last vorher {report['load_before'][0]}, "
        f"nachher {report['load_after'][0]}"
    )
    print(f"{'Art':22} {'Suchen':>7} {'Median':>9} {'p95':>9} {'Max':>9}")
    for kind, s in [*report["by_kind"].items(), ("alle", overall)]:
        print(f"{kind:22} {s['searches']:>7} {s['median_ms']:>7} ms {s['p95_ms']:>7} ms {s['max_ms']:>7} ms")
    print("langsamste: " + "; ".join(f"{r['search']} {r['ms']:.0f} ms" for r in report["slowest"]))
    print(f"gekappte Zählung (mehr als 10.000 Treffer): {report['capped_share']:.0%} der Suchen")
    verdict = "erreicht" if report["target_met"] else "nicht erreicht"
    print(f"Ziel p95 < {TARGET_P95_MS} ms: {verdict}")


if __name__ == "__main__":
    main()
