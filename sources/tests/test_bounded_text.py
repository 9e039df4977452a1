"""Text routines stay linear on input built to hurt them (bench/text_matching.py measures all of them; these are
the cases that took minutes before: numbered lines without a sentence end, digit runs, one endless word).

Bounds are generous (ten times what the fixed code needs on a busy machine); the quadratic versions took
one to five minutes on the same inputs."""

from __future__ import annotations

import time

import pytest

from sources.parsers.indicators import find_indicator_candidates
from sources.parsers.progress_report import parse_progress_report
from sources.parsers.text import split_sentences

SIZE = 100_000
NUMBERED = "".join(f"{n % 99 + 1}. Idee\nZiel: Bochum\n" for n in range(SIZE // 25))
DIGITS = ("1.000.000,5 " * (SIZE // 12))[:SIZE]
WORD = ("baustellenmanagement" * (SIZE // 20))[:SIZE]


@pytest.mark.parametrize(
    ("name", "run"),
    [
        (
            "Kennzahlen in nummerierten Zeilen",
            lambda: find_indicator_candidates(NUMBERED.split("\n"), report_year=2024),
        ),
        ("Kennzahlen in einer Ziffernfolge", lambda: find_indicator_candidates([DIGITS], report_year=2024)),
        ("Sätze ohne Satzende", lambda: split_sentences(NUMBERED.replace("\n", " "))),
    ],
)
def test_adversarial_text_is_read_in_linear_time(name, run):
    started = time.monotonic()
    run()
    assert time.monotonic() - started < 30, name


def test_one_endless_word_is_refused_quickly_by_the_report_parser():
    started = time.monotonic()
    with pytest.raises(ValueError, match="kein Fortschrittsbericht"):
        parse_progress_report(WORD)
    assert time.monotonic() - started < 30


def test_split_sentences_still_knows_abbreviations_and_ordinals():
    assert split_sentences("Am 30. September kam z. B. Prof. Dr. Muster. Danach 2. Runde. Ende") == [
        "Am 30. September kam z. B. Prof. Dr. Muster.",
        "Danach 2. Runde.",
        "Ende",
    ]
