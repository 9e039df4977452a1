"""Fuzzing the parsers with hypothesis: whatever the text, a parser returns a result or raises ValueError
(a German message for the importer), never another exception, and never hangs.

Three kinds of input: arbitrary Unicode, lines built from the documents' own vocabulary (headings, codes,
dates, amounts, bullets, icons), and windows of the real documents cut, shuffled, duplicated and corrupted.
Bounded and derandomised for `make test` (a few seconds); FUZZ_EXAMPLES=2000 runs a longer, random search.
"""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from operations import german_numbers
from sources.parsers import numbers
from sources.parsers.parliamentary_answer import parse_parliamentary_answer
from sources.parsers.press_release import parse_press_release
from sources.parsers.progress_report import parse_progress_report
from sources.parsers.proposals import parse_proposals

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"
LONG = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=LONG or 40,
    deadline=None,  # the hard limit is the alarm below; hypothesis' deadline would be flaky on a busy machine
    derandomize=not LONG,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SECONDS_PER_PARSE = 10


class ParserHung(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    def expire(signum, frame):
        raise ParserHung(f"parser still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


PARSERS = {
    "progress_report": (parse_progress_report, "fortschrittsbericht-2024.txt"),
    "proposals": (parse_proposals, "ihk-hwk-projektideen-ruhrkonferenz.txt"),
    "parliamentary_answer": (parse_parliamentary_answer, "kleine-anfrage-4284-bochum.txt"),
    "press_release": (parse_press_release, "pressemitteilung-2025-11-26.txt"),
}
REAL_LINES = {name: (SOURCES / file).read_text(encoding="utf-8").splitlines() for name, (_, file) in PARSERS.items()}


def run_parser(name: str, text: str) -> None:
    parse = PARSERS[name][0]
    with time_limit(SECONDS_PER_PARSE):
        try:
            result = parse(text, filename="fuzz.txt")
        except ValueError as exc:
            assert str(exc).strip(), "a ValueError must say what is wrong"
            return
    assert result is not None


VOCABULARY = [
    "Verantwortlich:",
    "Meilensteine seit Projektstart",
    "Mehrwert",
    "Vorgehen",
    "Zielgruppe",
    "Jüngste Entwicklung",
    "Aktueller Stand",
    "Ausblick",
    "Projektergebnis",
    "Projektvolumen",
    "Weiterführende Informationen",
    "Inhaltsverzeichnis",
    "Fortschrittsbericht 2024",
    "Ruhr-Konferenz",
    "in Umsetzung",
    "abgeschlossen",
    "verstetigt",
    "nicht weiterverfolgt",
    "Handlungsfeld",
    "Vernetzte Mobilität – kurze Wege",
    "MWIKE",
    "MWIDE",
    "13-03",
    "05-02a",
    "003-02",
    "30.06.205",
    "31.12.2024",
    "1,5 Mio. Euro",
    "rund 250.000 EUR",
    "50 %",
    "nicht bezifferbar",
    "Landesanteil",
    "Drucksache 17/4284",
    "Kleine Anfrage 4284",
    "Bochum",
    "Gelsenkirchen",
    "Antwort der Landesregierung",
    "Frage 1",
    "1.",
    "2.",
    "40.",
    "IHK",
    "HWK",
    "Projektidee",
    "Seite 41",
    "• ",
    "- ",
    "✓ ",
    "👤 ",
    "⌚ ",
    "☒ ",
    "\ufffd ",
    "\u00ad",
    "…",
    "........ 12",
    "Tabelle",
    "|",
    "\t",
]
LINE = st.lists(st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=30)), min_size=0, max_size=8).map(" ".join)
VOCABULARY_TEXT = st.lists(LINE, max_size=120).map("\n".join)


@st.composite
def mangled_document(draw, name: str) -> str:
    """A window of the real document, then some cuts, swaps, duplicates and character noise."""
    lines = REAL_LINES[name]
    start = draw(st.integers(0, len(lines) - 1))
    window = list(lines[start : start + draw(st.integers(1, 400))])
    for _ in range(draw(st.integers(0, 6))):
        if not window:
            break
        i, j = sorted(draw(st.lists(st.integers(0, len(window) - 1), min_size=2, max_size=2)))
        action = draw(st.sampled_from(["cut", "swap", "duplicate", "noise", "join"]))
        if action == "cut":
            del window[i : j + 1]
        elif action == "swap":
            window[i], window[j] = window[j], window[i]
        elif action == "duplicate":
            window[i:i] = window[i : j + 1]
        elif action == "noise":
            window[i] = draw(st.text(max_size=40)) + window[i][len(window[i]) // 2 :]
        else:
            window[i : j + 1] = [" ".join(window[i : j + 1])]
    return "\n".join(window)


@pytest.mark.parametrize("name", PARSERS)
@FUZZ
@given(text=st.text(max_size=3000))
def test_arbitrary_text_gives_a_result_or_a_value_error(name, text):
    run_parser(name, text)


@pytest.mark.parametrize("name", PARSERS)
@FUZZ
@given(text=VOCABULARY_TEXT)
def test_documents_own_vocabulary_gives_a_result_or_a_value_error(name, text):
    run_parser(name, text)


@pytest.mark.parametrize("name", PARSERS)
@FUZZ
@given(data=st.data())
def test_mangled_real_documents_give_a_result_or_a_value_error(name, data):
    run_parser(name, data.draw(mangled_document(name)))


NUMBER_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(VOCABULARY), st.from_regex(r"[0-9.,]{1,20}", fullmatch=True)), max_size=10).map(
        " ".join
    ),
)


@FUZZ
@given(text=NUMBER_TEXT)
def test_numbers_never_crash(text):
    with time_limit(SECONDS_PER_PARSE):
        for amount in numbers.find_amounts(text):
            assert isinstance(amount.value, Decimal)
        numbers.find_percentages(text)
        numbers.find_dates(text)
        try:
            assert isinstance(german_numbers.parse_number(text), Decimal)
        except ValueError as exc:
            assert "keine Zahl" in str(exc)


@FUZZ
@given(value=st.one_of(st.decimals(allow_nan=False, allow_infinity=False), st.integers(), st.none()))
def test_format_euro_formats_every_finite_number(value):
    assert isinstance(german_numbers.format_euro(value), str)


def test_a_hang_would_be_caught():
    with pytest.raises(ParserHung), time_limit(0.1):
        while True:
            pass


# -- what the importers refuse: shuffled lines, the wrong kind, bombs (sources/parsers/checks.py, pdf.py) -----------


@FUZZ
@given(data=st.data())
def test_a_report_with_shuffled_lines_never_passes_the_structure_check(data):
    import random

    from sources.parsers.checks import check_progress_report

    # a seed rather than st.permutations, which shrinks towards the unshuffled report
    lines = list(REAL_LINES["progress_report"])
    random.Random(data.draw(st.integers(0, 2**32))).shuffle(lines)
    with time_limit(SECONDS_PER_PARSE), pytest.raises(ValueError, match="nichts wurde gespeichert"):
        check_progress_report(parse_progress_report("\n".join(lines), filename="fuzz.txt"), "fuzz.txt")


@pytest.mark.parametrize(
    ("document", "importer_kind"),
    [
        ("parliamentary_answer", "proposal_list"),
        ("parliamentary_answer", "progress_report"),
        ("proposals", "parliamentary_answer"),
        ("progress_report", "parliamentary_answer"),
    ],
)
@FUZZ
@given(data=st.data())
def test_a_mangled_document_of_another_kind_is_refused(document, importer_kind, data):
    """The whole document, lines swapped and noise added here and there: still recognisably not the kind asked."""
    from sources.parsers.checks import check_kind

    lines = list(REAL_LINES[document])
    for _ in range(data.draw(st.integers(0, 20))):
        i, j = data.draw(st.integers(0, len(lines) - 1)), data.draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    noise = data.draw(st.lists(st.text(max_size=60), max_size=10))
    with pytest.raises(ValueError, match=r"Zeile .*offenbar"):
        check_kind("\n".join(noise + lines), importer_kind, "fuzz.txt")


@settings(max_examples=LONG or 6, deadline=None, derandomize=not LONG, database=None)
@given(
    pages=st.integers(1, 4),
    megabytes=st.integers(1, 40),
    declared=st.one_of(st.just(None), st.integers(2_001, 10**9)),
)
def test_pdf_bombs_end_in_a_german_message_within_the_time_bound(pages, megabytes, declared):
    import time

    from fuzz import bombs
    from sources.parsers.pdf import PdfLimits, PdfTextError, pdf_to_text

    data = bombs.inflation_bomb(pages, megabytes) if declared is None else bombs.page_count_bomb(declared)
    limits = PdfLimits(max_seconds=5, max_memory_bytes=300 * 1024 * 1024)
    started = time.monotonic()
    try:
        pdf_to_text(data, limits)
    except PdfTextError as exc:
        assert "Traceback" not in str(exc) and str(exc).strip()
    assert time.monotonic() - started < limits.max_seconds + 10
