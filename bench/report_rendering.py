"""How long does the progress report take to render, and how much memory does it need?

Usage: .venv/bin/python bench/report_rendering.py [--format json] [--repeat N] [--projects 73 1000]

Imports the Fortschrittsbericht 2024 into a throw-away in-memory SQLite database, makes its
published period (as `make data` does), and renders the report as PDF (WeasyPrint) and Word
(python-docx) for
  - the 23 projects of the real report, and
  - 73 projects (the whole programme) and any other size given with --projects (e.g. 1000: a
    programme of nationwide scale), synthesised by repeating the real pages with new codes.
Prints, per case and format, the best wall-clock time of N runs, the number of pages (PDF), the
peak of Python allocations during the render (tracemalloc) and the process's peak RSS so far.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import resource
import sys
import time
import tracemalloc

import ruhr_data

ROOT = ruhr_data.ROOT


def setup_django() -> None:
    ruhr_data.setup_django()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    ruhr_data.import_sources(proposals=False, answer=False)


def synthesise(content, projects: int):
    """The real report's pages repeated (with new codes) until it has `projects` pages."""
    entries = content.entries
    groups = [dataclasses.replace(g, entries=list(g.entries)) for g in content.groups]
    n = len(entries)
    i = 0
    while n < projects:
        source = entries[i % len(entries)]
        # Codes stay unique at any size: 90-00 … 99-99, then 100-00 and on.
        copy = dataclasses.replace(source, code=f"{90 + i // 100:02d}-{i % 100:02d}", anchor=f"projekt-s{i}")
        groups[i % len(groups)].entries.append(copy)
        n, i = n + 1, i + 1
    return dataclasses.replace(content, groups=groups)


def measure(generator, repeat: int, python_peak: bool = True) -> dict:
    """Best wall-clock time of `repeat` plain runs and the process's peak RSS after them; then, unless
    switched off, one run under tracemalloc for the peak of Python allocations (tracing slows rendering
    several times over, so it never counts towards the time, and its own overhead not towards the RSS)."""
    best, data = None, b""
    for _ in range(repeat):
        started = time.perf_counter()
        data = generator.render()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    result = {
        "seconds": round(best, 2),
        "bytes": len(data),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python_peak_mb": None,
    }
    if python_peak:
        tracemalloc.start()
        generator.render()
        result["python_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    if data[:4] == b"%PDF":
        import io

        from pypdf import PdfReader

        result["pages"] = len(PdfReader(io.BytesIO(data)).pages)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--projects",
        type=int,
        nargs="+",
        default=[73],
        help="sizes of the synthesised reports besides the real one (default: 73; e.g. --projects 73 1000)",
    )
    parser.add_argument(
        "--no-python-peak",
        action="store_true",
        help="skip the tracemalloc run (slow for large reports); the peak RSS is measured anyway",
    )
    args = parser.parse_args()

    setup_django()
    from reporting.from_document import create_period_from_document
    from reporting.report_content import build_content
    from reporting.report_documents import ProgressReportDocx, ProgressReportPdf
    from sources.models import SourceDocument

    period, _created = create_period_from_document(SourceDocument.objects.get())
    real = build_content(period)
    cases = {"23 Projekte (Fortschrittsbericht 2024)": real}
    # Ascending, so that the process's peak RSS after each case is that case's own peak.
    for size in sorted(set(args.projects)):
        cases[f"{size} Projekte (synthetisch)"] = synthesise(real, size)
    results = {}
    for label, content in cases.items():
        peak = not args.no_python_peak
        results[label] = {
            "projects": len(content.entries),
            "pdf": measure(ProgressReportPdf(content), args.repeat, peak),
            "docx": measure(ProgressReportDocx(content), args.repeat, peak),
        }
        print(f"  {label}: fertig", file=sys.stderr, flush=True)
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    for label, r in results.items():
        pdf, docx = r["pdf"], r["docx"]
        print(f"{label}:")
        print(
            f"  PDF  {pdf['seconds']:6.2f} s  {pdf.get('pages', '?'):>4} Seiten  {pdf['bytes'] / 1024:7.0f} KiB  "
            f"Python-Spitze {pdf['python_peak_mb'] or '–'} MiB  RSS max {pdf['max_rss_mb']} MiB"
        )
        print(
            f"  Word {docx['seconds']:6.2f} s  {'':>11}  {docx['bytes'] / 1024:7.0f} KiB  "
            f"Python-Spitze {docx['python_peak_mb'] or '–'} MiB  RSS max {docx['max_rss_mb']} MiB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
