"""Lighthouse (mobile profile) on the public pages, under the production settings.

Usage: .venv/bin/python bench/page_speed.py [--format json] [--runs N]

Fills a throw-away SQLite database from the source documents (as `make data` does), collects the static
files as production does (whitenoise: fingerprinted and compressed; the purged KERN CSS from
`npm run build:css` when it is built), starts gunicorn with DEBUG=False and runs Lighthouse (npm
`lighthouse`, in Debian's /usr/bin/chromium) on `/`, `/projekte/`, a project page,
`/anfragen/kommune/bochum/`, `/kennzahlen/` and `/daten/`. Prints, per page, the performance score and
the Largest Contentful Paint (median of N runs), and checks the targets of issue 18: performance ≥ 90
and LCP < 2.5 s; the exit status is 1 when a page misses one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import load

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
PAGES = ("/", "/projekte/", "{project}", "/anfragen/kommune/bochum/", "/kennzahlen/", "/daten/")
TARGET_SCORE, TARGET_LCP_MS = 90, 2500


def lighthouse_bin() -> str:
    path = Path(os.environ.get("LIGHTHOUSE_BIN", ROOT / "node_modules" / ".bin" / "lighthouse"))
    if not path.exists():
        sys.exit(f"Lighthouse fehlt ({path}): `npm ci` installiert es (package.json, devDependencies).")
    return str(path)


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def fill(env: dict) -> str:
    """The data of `make data` (report, answer); returns the path of one project page."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_municipalities")
    manage(env, "import_progress_report", str(SOURCES / "fortschrittsbericht-2024.txt"))
    manage(env, "import_parliamentary_answer", str(SOURCES / "kleine-anfrage-4284-bochum.txt"))
    # The shell prints its auto-imports first at higher verbosity; the path is the last line.
    return (
        manage(
            env,
            "shell",
            "-v",
            "0",
            "-c",
            "from programmes.models import Project; print(Project.objects.published().order_by('code').first()"
            ".get_absolute_url())",
        )
        .strip()
        .splitlines()[-1]
    )


def audit(url: str) -> dict:
    done = subprocess.run(
        [
            lighthouse_bin(),
            url,
            "--output=json",
            "--output-path=stdout",
            "--only-categories=performance",
            "--quiet",
            # A German reader's browser. With Chromium's default en-US, Lighthouse 12 loses the navigation start of
            # exactly "/" since the page names its English alternate (NO_NAVSTART); a browser opens it normally.
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --lang=de-DE",
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Lighthouse auf {url}: {done.stderr.strip()[-400:]}")
    report = json.loads(done.stdout)
    audits = report["audits"]
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "bytes": round(audits["total-byte-weight"]["numericValue"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    args = parser.parse_args()
    lighthouse_bin()

    with tempfile.TemporaryDirectory(prefix="ruhr-lighthouse-") as tmp:
        static_root = Path(tmp) / "static"
        env = load.server_env(static_root)
        env["DATABASE_URL"] = f"sqlite:///{tmp}/portal.sqlite3"
        # STATIC_ROOT is fixed in settings (var/static); a settings override keeps the repository untouched.
        settings_dir = Path(tmp) / "settings"
        settings_dir.mkdir()
        (settings_dir / "bench_settings.py").write_text(
            "from config.settings import *  # noqa\nimport os\nSTATIC_ROOT = os.environ['BENCH_STATIC_ROOT']\n"
        )
        env["PYTHONPATH"] = os.pathsep.join([str(settings_dir), str(ROOT)])
        env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        project = fill(env)
        manage(env, "collectstatic", "--noinput", "-v", "0")
        server = load.Server(env, workers=2)
        results = {}
        try:
            for page in PAGES:
                path = page.format(project=project)
                url = f"http://127.0.0.1:{server.port}{path}"
                audit(url)  # warm-up: page cache and gunicorn's first requests
                runs = [audit(url) for _ in range(args.runs)]
                results[path] = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
                print(f"  {path}: fertig", file=sys.stderr, flush=True)
        finally:
            server.stop()

    met = all(r["score"] >= TARGET_SCORE and r["lcp_ms"] < TARGET_LCP_MS for r in results.values())
    if args.format == "json":
        print(json.dumps({"pages": results, "targets_met": met}, ensure_ascii=False, indent=2))
        return 0 if met else 1
    print(f"Lighthouse (mobil), Ziel: Leistung ≥ {TARGET_SCORE}, LCP < {TARGET_LCP_MS / 1000:g} s")
    for path, r in results.items():
        verdict = "ok" if r["score"] >= TARGET_SCORE and r["lcp_ms"] < TARGET_LCP_MS else "VERFEHLT"
        print(
            f"  {path:<40} Leistung {r['score']:>3}  LCP {r['lcp_ms'] / 1000:4.1f} s  FCP {r['fcp_ms'] / 1000:4.1f} s  "
            f"TBT {r['tbt_ms']:>4} ms  CLS {r['cls']:.3f}  {r['bytes'] / 1024:6.0f} KiB  {verdict}"
        )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
