"""How well does the indicator finder find the figures a person would take as indicator values?

Usage: .venv/bin/python bench/indicator_extraction.py [--format json]

Runs `sources.parsers.indicators.find_indicator_candidates` (plain Python, no database) over the
whole text of each document in bench/data/indicator_sample.json and compares with the figures
labelled there by hand. Documents marked held_out were not used while writing the finder (see the
description in the file), so their figures were on unseen text until 2026-11-22, when the finder was
changed after its misses there had been seen (0.571/0.533 before, 1.0/1.0 after): they now overstate
how it generalises, and a fresh sample is needed for an unseen measure; they are small (15 figures, about
70 sentences with digits), so one figure moves recall by about 7 points. Documents marked
held_out=false (a labelled line range of the 2024 report, which the finder was written against)
are reported apart: they show whether a change keeps working on known text, not how it generalises.

A candidate matches a labelled figure when its sentence covers the figure's line and the values
are equal. Figures:
  precision        matched candidates / all candidates (every sentence with a digit is labelled,
                   so every candidate is either a labelled figure or a false one)
  recall           matched figures / labelled figures
  qualifier ok     matched figures whose qualifier (rund, mehr als …) is right
  kind ok          matched figures whose kind (achieved / target) is right
Misses and false candidates are listed.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "bench" / "data" / "indicator_sample.json"


def evaluate() -> dict:
    sys.path.insert(0, str(ROOT))
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    held_out = [d for d in sample["documents"] if d.get("held_out", True)]
    seen = [d for d in sample["documents"] if not d.get("held_out", True)]
    result = _score(held_out)
    result["seen_in_tuning"] = _score(seen) if seen else None
    return result


def _score(documents: list[dict]) -> dict:
    from sources.parsers.indicators import find_indicator_candidates
    from sources.parsers.text import split_lines

    total_found = total_expected = matched = qualifier_ok = kind_ok = 0
    misses, false = [], []
    for doc in documents:
        lines = split_lines((ROOT / doc["path"]).read_text(encoding="utf-8"))
        found = find_indicator_candidates(lines, report_year=doc["report_year"])
        if doc.get("lines"):
            # Only part of the document is labelled; candidates outside it are neither right nor wrong.
            first, last = doc["lines"]
            found = [c for c in found if first <= c.start_line <= last]
        used: set[int] = set()
        for item in doc["expected"]:
            hit = next(
                (
                    i
                    for i, c in enumerate(found)
                    if i not in used
                    and c.start_line <= item["line"] <= c.end_line
                    and c.value == Decimal(item["value"])
                ),
                None,
            )
            if hit is None:
                misses.append(f"{Path(doc['path']).name}:{item['line']} {item['value']} {item['what']}")
                continue
            used.add(hit)
            matched += 1
            qualifier_ok += found[hit].qualifier == item["qualifier"]
            kind_ok += found[hit].kind == item["kind"]
        false += [f"{Path(doc['path']).name}:{c.start_line} {c.raw!r}" for i, c in enumerate(found) if i not in used]
        total_found += len(found)
        total_expected += len(doc["expected"])
    return {
        "candidates": total_found,
        "labelled": total_expected,
        "matched": matched,
        "precision": round(matched / total_found, 3) if total_found else None,
        "recall": round(matched / total_expected, 3) if total_expected else None,
        "qualifier_ok": f"{qualifier_ok}/{matched}",
        "kind_ok": f"{kind_ok}/{matched}",
        "misses": misses,
        "false_candidates": false,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    result = evaluate()
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    _print(
        "Kennzahlen-Finder auf den zurückgehaltenen Dokumenten (held_out; seit 2026-11-22 nicht mehr ungesehen)", result
    )
    if result["seen_in_tuning"]:
        _print(
            "Zum Vergleich: Stellen, die der Finder beim Schreiben kannte (held_out=false)", result["seen_in_tuning"]
        )


def _print(title: str, result: dict) -> None:
    print(title)
    print(f"  Kandidaten {result['candidates']}, markierte Zahlen {result['labelled']}, Treffer {result['matched']}")
    print(f"  precision {result['precision']}  recall {result['recall']}")
    print(
        f"  Angabe (rund/mehr als …) richtig: {result['qualifier_ok']}, Art (erreicht/Ziel) richtig: {result['kind_ok']}"
    )
    for label, key in (("verfehlt", "misses"), ("falsch gefunden", "false_candidates")):
        for item in result[key]:
            print(f"  {label}: {item}")


if __name__ == "__main__":
    main()
