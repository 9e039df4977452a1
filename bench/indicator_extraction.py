"""How well does the indicator finder find the figures a person would take as indicator values?

Usage: .venv/bin/python bench/indicator_extraction.py [--format json]

Runs `sources.parsers.indicators.find_indicator_candidates` (plain Python, no database) over the
whole text of each document in bench/data/indicator_sample.json and compares with the figures
labelled there by hand. The sample's documents were not used while writing the finder (see the
description in the file), so the figures are on unseen text; the sample is small (15 figures,
about 70 sentences with digits), so one figure moves recall by about 7 points.

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
    from sources.parsers.indicators import find_indicator_candidates
    from sources.parsers.text import split_lines

    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    total_found = total_expected = matched = qualifier_ok = kind_ok = 0
    misses, false = [], []
    for doc in sample["documents"]:
        lines = split_lines((ROOT / doc["path"]).read_text(encoding="utf-8"))
        found = find_indicator_candidates(lines, report_year=doc["report_year"])
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
    print("Kennzahlen-Finder auf ungesehenen Dokumenten (bench/data/indicator_sample.json)")
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
