"""Importer throughput on the Fortschrittsbericht 2024: pages per second, parse alone and full import.

Usage: .venv/bin/python bench/import_throughput.py [--repeat 5] [--format json]

Pages are the printed pages of the report (the last page number in its table of contents plus the
pages that follow the last project's page are not counted, so the figure is conservative). Parse: the
plain-Python parser on the text. Import: ProgressReportImporter.run into a fresh in-memory SQLite
database (reference data and municipalities loaded beforehand, not timed; each run rolled back, so each
is a first import). The search index rebuild that follows the commit is timed separately. Best of --repeat.
"""

from __future__ import annotations

import argparse
import json
import time

import ruhr_data

REPORT = ruhr_data.REPORT


class _RollBack(Exception):
    pass


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    ruhr_data.setup_django()  # migrates the in-memory database
    from django.db import transaction

    from importers import ProgressReportImporter
    from places.services import load_municipalities
    from programmes.services import ensure_reference_data
    from sources.parsers.progress_report import parse_progress_report

    text = REPORT.read_text(encoding="utf-8")
    parsed = parse_progress_report(text)
    pages = max((e.page for e in parsed.toc if e.page), default=0)
    parse_times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        parse_progress_report(text)
        parse_times.append(time.perf_counter() - t)

    ensure_reference_data()
    load_municipalities()
    import_times = []
    for _ in range(args.repeat):
        # the same database each time, rolled back after the run: every run is a first import
        try:
            with transaction.atomic():
                t = time.perf_counter()
                result = ProgressReportImporter().run(REPORT)
                import_times.append(time.perf_counter() - t)
                assert result.status == "succeeded", result.status
                raise _RollBack
        except _RollBack:
            pass

    from portal.indexing import index_projects

    ProgressReportImporter().run(REPORT)
    t = time.perf_counter()
    index_projects()
    index_seconds = time.perf_counter() - t

    best_parse, best_import = min(parse_times), min(import_times)
    report = {
        "document": REPORT.name,
        "pages": pages,
        "lines": len(text.splitlines()),
        "projects": len(parsed.projects),
        "parse_seconds": round(best_parse, 3),
        "parse_pages_per_s": round(pages / best_parse, 1),
        "import_seconds": round(best_import, 3),
        "import_pages_per_s": round(pages / best_import, 1),
        "search_index_seconds": round(index_seconds, 3),
    }
    if args.format == "json":
        print(json.dumps(report, indent=2))
        return
    print(f"{REPORT.name}: {pages} Seiten, {report['lines']} Zeilen, {report['projects']} Projektseiten")
    print(f"Parsen:    {report['parse_seconds']:>7} s  {report['parse_pages_per_s']:>8} Seiten/s")
    print(
        f"Import:    {report['import_seconds']:>7} s  {report['import_pages_per_s']:>8} Seiten/s  (bestes von {args.repeat})"
    )
    print(f"Suchindex: {report['search_index_seconds']:>7} s  (nach dem Commit, für alle Projekte)")


if __name__ == "__main__":
    main()
