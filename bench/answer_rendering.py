"""Which engine for the PDF of an answer to a Kleine Anfrage: WeasyPrint or Typst? Measured, not guessed.

Usage: .venv/bin/python bench/answer_rendering.py [--format json] [--repeat N]

Imports the Fortschrittsbericht 2024 and the Bochum answer into a throw-away in-memory SQLite database and
renders the drafted answer for Bochum (18 projects, the largest) and Kreis Recklinghausen as
  - `answers.documents.AnswerPdf` (WeasyPrint, PDF/UA-1 tagged, the engine in use), and
  - the same content as Typst markup compiled by the `typst` package (tagged PDF), built here only
    for the comparison: same head block, questions, tables with repeating headers and column widths.
Prints the best wall-clock time of N runs (after one warm-up) and the size of the output.
"""

from __future__ import annotations

import argparse
import json
import logging
import time

import ruhr_data


def typst_source(draft) -> str:
    from answers.documents import tables

    def esc(text: str) -> str:
        for ch in "\\#*_`$<>@[]=-+/~":
            text = text.replace(ch, "\\" + ch)
        return text.replace("\n", " \\ ")

    out = [
        '#set page(paper: "a4", margin: (x: 2.5cm, y: 2cm), numbering: "1")',
        '#set text(font: ("Liberation Sans", "DejaVu Sans"), size: 11pt, lang: "de")',
        f"*LANDTAG NORDRHEIN-WESTFALEN* #h(1fr) *{esc(draft.answer_paper)}* \\",
        f"{draft.question.electoral_term}. Wahlperiode #h(1fr) {esc(draft.document_date)}",
        "#line(length: 100%)",
        '#text(size: 16pt, weight: "bold")[Antwort]',
        f"*{esc(draft.opening_line)}*",
        f"*{esc(draft.question.title)}*",
        esc(draft.letter_line),
    ]
    for q in draft.questions:
        out.append(f"*{q.number}. {esc(q.text)}*")
        out += [esc(p) for p in q.answer_paragraphs]
        if q.lists_projects:
            out += [esc(s) for s in draft.money_sentences()]
            for table in tables(draft):
                widths = ", ".join(f"{w}cm" for w in table.widths_cm())
                header = ", ".join(f"[*{esc(c.header)}*]" for c in table.columns)
                cells = ", ".join(f"[{esc(''.join(t for t, _b in cell))}]" for row in table.rows for cell in row)
                out.append(f"*{esc(table.caption)}*")
                out.append(f"#table(columns: ({widths}), table.header({header}), {cells})")
    return "\n\n".join(out)


def best_of(render, repeat: int) -> tuple[float, int]:
    render()  # warm-up: fonts, templates, imports
    best, size = None, 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = len(render())
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ruhr_data.setup_django()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    ruhr_data.import_sources(proposals=False)

    import typst

    from answers.documents import AnswerDocx, AnswerPdf
    from answers.drafting import build_draft, default_question, default_questions
    from places.models import District, Municipality

    results = []
    for place in (Municipality.objects.get(name="Bochum"), District.objects.get(name="Kreis Recklinghausen")):
        draft = build_draft(default_question(place), questions=default_questions(place))
        source = typst_source(draft).encode()
        for engine, render in (
            ("weasyprint", lambda d=draft: AnswerPdf(d).render()),
            ("typst", lambda s=source: typst.compile(s, format="pdf")),
            ("docx", lambda d=draft: AnswerDocx(d).render()),
        ):
            seconds, size = best_of(render, args.repeat)
            results.append({"place": place.name, "engine": engine, "seconds": round(seconds, 3), "bytes": size})
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    for r in results:
        print(f"{r['place']:<22} {r['engine']:<11} {r['seconds']:>7.3f} s {r['bytes']:>9} Bytes")


if __name__ == "__main__":
    main()
