"""Every text-matching routine on adversarial input: time at growing sizes, and whether it grows linearly.

    .venv/bin/python bench/text_matching.py [--sizes 1000,10000,100000] [--budget 5]

Each routine (proposal matcher, search index terms, gazetteer, indicator finder, the three parsers, the import
checks) reads inputs built to hurt a careless implementation: one endless word, endless compounds, hyphen chains,
digit runs, leader dots, numbered lines, combining marks. For each size the time is printed with the ratio to the
previous size; a routine fails when one input takes longer than the budget (seconds at the largest size) or when
ten times the input costs more than 30 times the time (quadratic behaviour shows 100×). Exit status 1 on failure.
Plain Python on the routines themselves; no database. Not a unit test: times depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def adversarial_inputs(size: int) -> dict[str, str]:
    return {
        "ein Wort": ("baustellenmanagement" * (size // 20 + 1))[:size],
        "Komposita": " ".join(["Schienenpersonennahverkehrsbaustellenkoordinierungszentrale"] * (size // 58 + 1))[
            :size
        ],
        "Bindestriche": ("Ruhr-" * (size // 5 + 1))[:size],
        "Ziffern": ("1.000.000,5 " * (size // 12 + 1))[:size],
        "Füllpunkte": ("13-03 Mobilitätszentrale" + "." * 60 + " 41\n") * (size // 90 + 1),
        "Nummern": "".join(f"{n % 99 + 1}. Idee\nZiel: Bochum\n" for n in range(size // 25 + 1)),
        "Kombinationszeichen": ("a" + "\u0301" * 50 + " ") * (size // 52 + 1),
        "Zeilen ohne Ende": ("Projektvolumen " * (size // 15 + 1))[:size],
    }


def routines() -> dict[str, Callable[[str], object]]:
    from places.gazetteer import Gazetteer
    from portal import search
    from proposals.matching import GermanAnalyzer
    from sources.parsers.checks import check_kind
    from sources.parsers.indicators import find_indicator_candidates
    from sources.parsers.parliamentary_answer import parse_parliamentary_answer
    from sources.parsers.progress_report import parse_progress_report
    from sources.parsers.proposals import parse_proposals

    corpus = [(ROOT / "data" / "sources" / "fortschrittsbericht-2024.txt").read_text()]
    gazetteer = Gazetteer.default()

    def tolerant(parse):
        def run(text: str):
            try:
                return parse(text)
            except ValueError:
                return None  # the documented refusal is an answer too

        return run

    analyzer = GermanAnalyzer(corpus)
    return {
        "Vorschlagsabgleich (Terme)": analyzer.terms,
        "Suche (Indexterme)": search.terms,
        "Suche (Anfrage)": search.query_terms,
        "Ortsverzeichnis": gazetteer.find,
        "Kennzahlenfinder": lambda text: find_indicator_candidates(text.split("\n"), report_year=2024),
        "Fortschrittsbericht-Parser": tolerant(lambda t: parse_progress_report(t, gazetteer=gazetteer)),
        "Projektideen-Parser": tolerant(lambda t: parse_proposals(t, gazetteer=gazetteer)),
        "Anfrage-Parser": tolerant(parse_parliamentary_answer),
        "Importprüfung (Art)": tolerant(lambda t: check_kind(t, "progress_report", "bench.txt")),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds allowed for one input at the largest size")
    parser.add_argument("--only", default="", help="only routines whose name contains this")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    failures = []
    print(f"{'Routine':30} {'Eingabe':20} " + " ".join(f"{n:>9}" for n in sizes) + "   Faktor")
    for name, routine in routines().items():
        if args.only and args.only not in name:
            continue
        for label in adversarial_inputs(sizes[0]):
            times = []
            for size in sizes:
                text = adversarial_inputs(size)[label]
                started = time.perf_counter()
                routine(text)
                times.append(time.perf_counter() - started)
            # growth over the last step only: the ratio of two tiny times is noise
            growth = times[-1] / max(times[-2], 0.01) if len(times) > 1 else 1.0
            verdict = ""
            if times[-1] > args.budget:
                verdict = f"  ZU LANGSAM (> {args.budget:.0f} s)"
            elif growth > 30 and times[-1] > 0.2:  # below that, the ratio of tiny times is noise
                verdict = "  WÄCHST ÜBERLINEAR"
            if verdict:
                failures.append(f"{name} / {label}")
            print(f"{name:30} {label:20} " + " ".join(f"{t:8.3f}s" for t in times) + f"   {growth:5.1f}×{verdict}")
    print()
    print(f"{len(failures)} Auffälligkeiten" + (": " + "; ".join(failures) if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
