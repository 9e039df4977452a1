"""Fuzz targets: one function per parser or check, taking raw bytes. Plain Python, no atheris import, so the
same targets run under atheris (fuzz/run.py) and can replay a crash file in a plain interpreter.

A target returns normally or raises one of the documented, clear errors listed in EXPECTED; anything else is a
crash the fuzzer reports (and a hang is caught by libFuzzer's -timeout).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"


def _text(data: bytes) -> str:
    # Mutations of the seed documents stay mostly text; invalid bytes become U+FFFD as in the importers' reads.
    return data.decode("utf-8", errors="replace")


def _gazetteer():
    # The parsers use the gazetteer the places app registers in Django; the parser targets run without Django.
    from places.gazetteer import Gazetteer

    return Gazetteer.default()


def progress_report(data: bytes) -> None:
    from sources.parsers.progress_report import parse_progress_report

    parse_progress_report(_text(data), gazetteer=_gazetteer(), filename="fuzz.txt")


def proposals(data: bytes) -> None:
    from sources.parsers.proposals import parse_proposals

    parse_proposals(_text(data), gazetteer=_gazetteer(), filename="fuzz.txt")


def parliamentary_answer(data: bytes) -> None:
    from sources.parsers.parliamentary_answer import parse_parliamentary_answer

    parse_parliamentary_answer(_text(data), gazetteer=_gazetteer(), filename="fuzz.txt")


def indicators(data: bytes) -> None:
    from sources.parsers.indicators import find_indicator_candidates

    find_indicator_candidates(_text(data).split("\n"), report_year=2024)


def numbers(data: bytes) -> None:
    from operations import german_numbers as g
    from sources.parsers import numbers as n

    text = _text(data)
    n.find_amounts(text)
    n.find_percentages(text)
    n.find_dates(text)
    for token in text.split()[:50]:
        try:
            g.format_euro(g.parse_number(token))
        except ValueError:
            pass  # "keine Zahl": the documented answer to garbage


def pdf(data: bytes) -> None:
    # In-process (coverage-guided) with the same checks the importers' child process runs, at fuzzing scale;
    # the memory bound of the child is tested on the bombs (importers/tests/test_import_refusals.py).
    from sources.parsers.pdf import PdfLimits, extract_text

    extract_text(data, PdfLimits(max_pages=200, max_text_chars=2_000_000, max_seconds=5))


def import_checks(data: bytes) -> None:
    """What an importer does before writing: the kind check for every kind, then parse and structure check."""
    from sources.parsers.checks import check_kind, check_progress_report, check_proposal_list
    from sources.parsers.progress_report import parse_progress_report
    from sources.parsers.proposals import parse_proposals

    text = _text(data)
    for kind in ("progress_report", "proposal_list", "parliamentary_answer"):
        try:
            check_kind(text, kind, "fuzz.txt")
        except ValueError:
            pass  # the documented refusal; the parsers below must cope either way
    check_progress_report(parse_progress_report(text, gazetteer=_gazetteer(), filename="fuzz.txt"), "fuzz.txt")
    check_proposal_list(parse_proposals(text, gazetteer=_gazetteer(), filename="fuzz.txt"), "fuzz.txt")


def uploads(data: bytes) -> None:
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from operations.uploads import PDF, TEXT, XLSX, check_upload, sniff

    assert sniff(data) in (PDF, XLSX, TEXT, None)
    try:
        check_upload(SimpleUploadedFile("x", data), allowed={PDF, XLSX, TEXT}, max_bytes=1024 * 1024)
    except ValidationError:
        pass  # the documented, German refusal


TARGETS: dict[str, Callable[[bytes], None]] = {
    "progress_report": progress_report,
    "proposals": proposals,
    "parliamentary_answer": parliamentary_answer,
    "indicators": indicators,
    "numbers": numbers,
    "pdf": pdf,
    "import_checks": import_checks,
    "uploads": uploads,
}
# Errors a target may raise: the parsers' documented ValueError (German message; PdfTextError is one).
EXPECTED: tuple[type[BaseException], ...] = (ValueError,)
NEEDS_DJANGO = {"uploads"}
# Modules whose code atheris instruments for coverage feedback.
INSTRUMENTED = ("sources.parsers", "operations.german_numbers", "operations.uploads")


def seeds(target: str, *, chunk: int = 4096) -> list[bytes]:
    """The seed corpus: windows of the shipped source documents (the parsers' real input), plus small files."""
    out: list[bytes] = []
    for path in sorted(SOURCES.glob("*.txt")):
        data = path.read_bytes()
        out += [data[i : i + chunk] for i in range(0, len(data), chunk)]
    if target in ("uploads", "pdf"):
        out += [b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", b"PK\x03\x04" + b"\x00" * 26, b"<svg/>"]
    if target == "pdf":
        from fuzz import bombs

        # small bombs: the structures that hang or crash pypdf, at a size the fuzzer can mutate quickly
        out += [
            bombs.page_count_bomb(),
            bombs.many_pages(300),
            bombs.huge_stream_declared(),
            bombs.inflation_bomb(pages=2, megabytes_per_page=2),
            bombs.text_pdf(["Fortschrittsbericht 2024", "13-03 Mobilitätszentrale"]),
        ]
    return out


def call(target: str, data: bytes) -> None:
    try:
        TARGETS[target](data)
    except EXPECTED as exc:
        if not str(exc).strip():
            raise AssertionError("a documented error must say what is wrong") from exc
