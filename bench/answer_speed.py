"""How long does the answer to "which projects concern municipality X, with how much money" take?

Usage: .venv/bin/python bench/answer_speed.py [--repeat 5] [--format json] [--database-url URL]

Imports the three source documents (as `make data` does) into a throw-away
database (in-memory SQLite unless --database-url names another, e.g. a
PostgreSQL server), then builds the complete answer — rows, totals per basis,
sources, parliamentary papers, the JSON of `answer_question` — for each of the
53 municipalities and the 4 districts, several times, and prints the median,
95th percentile and maximum time per answer and the number of SQL queries.
Also times the Word document for Bochum.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import ruhr_data


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--database-url", default="sqlite://:memory:")
    args = parser.parse_args()

    ruhr_data.setup_django(args.database_url)
    ruhr_data.import_sources()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from answers.place_answers import Filters, build_answer
    from answers.place_documents import AnswerDocx
    from places.models import District, Municipality

    places = [Filters(municipality=m) for m in Municipality.objects.order_by("name")]
    places += [Filters(district=d) for d in District.objects.order_by("name")]
    timings: list[float] = []
    queries: list[int] = []
    rows: list[int] = []
    for _ in range(args.repeat):
        for filters in places:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                answer = build_answer(filters)
                json.dumps(answer.as_dict(), ensure_ascii=False)
                timings.append(time.perf_counter() - started)
            queries.append(len(captured))
            rows.append(len(answer.rows))

    bochum = build_answer(Filters(municipality=Municipality.objects.get(name="Bochum")))
    started = time.perf_counter()
    docx = AnswerDocx(bochum).render()
    docx_seconds = time.perf_counter() - started

    ordered = sorted(timings)
    result = {
        "database": connection.vendor,
        "answers": len(timings),
        "places": len(places),
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "queries_per_answer": {"min": min(queries), "max": max(queries)},
        "rows_per_answer": {"min": min(rows), "max": max(rows)},
        "bochum_rows": len(bochum.rows),
        "bochum_docx_ms": round(docx_seconds * 1000, 1),
        "bochum_docx_bytes": len(docx),
    }
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        print(f"answers built: {result['answers']} ({result['places']} places × {args.repeat}) on {result['database']}")
        print(f"time per answer: median {result['median_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms")
        print(f"SQL queries per answer: {min(queries)}–{max(queries)} (independent of the number of rows)")
        print(f"rows per answer: {min(rows)}–{max(rows)}; Bochum: {result['bochum_rows']}")
        print(f"Word file for Bochum: {result['bochum_docx_ms']} ms, {result['bochum_docx_bytes']} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
