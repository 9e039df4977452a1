"""The press release parser: which report it announces, on which day, or a German refusal (the importer:
importers/tests/test_press_release.py)."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import PRESS_RELEASE_2025, REPORT_2024
from sources.parsers.press_release import parse_press_release

TEXT = PRESS_RELEASE_2025.read_text(encoding="utf-8")


def test_the_release_announces_the_2024_report_on_its_date():
    parsed = parse_press_release(TEXT)
    news = parsed.announcement
    assert (news.kind, news.year, news.date, news.date_line, news.line) == (
        "progress_report",
        2024,
        date(2025, 11, 26),
        5,
        9,
    )
    assert news.text == "Das Landeskabinett hat den vierten Fortschrittsbericht der Ruhr-Konferenz beschlossen."
    assert parsed.document.date == date(2025, 11, 26)
    assert parsed.document.title.startswith("Pressemitteilung vom 26.11.2025: Fortschrittsbericht Ruhr-Konferenz 2024")
    assert parsed.issuer.startswith("Das Ministerium für Heimat, Kommunales, Bau und Digitalisierung")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Not about a report at all.
        ("Sonderthema\n\n26.11.2025\n\nDas Land fördert neue Radwege im Ruhrgebiet.", "Keine Pressemitteilung"),
        # The report is only mentioned, not announced.
        ("26.11.2025\n\nDer neue Fortschrittsbericht 2024 macht deutlich: es geht voran.", "Keine Pressemitteilung"),
        # A misprinted date is refused, not guessed.
        (TEXT.replace("26.11.2025", "26.11.205", 1), "Zeile 5: „26.11.205“ ist kein gültiges Datum"),
        # No date under the headline.
        (TEXT.replace("26.11.2025", "", 1), "nennt vor ihrer Meldung kein Datum"),
        # Which report?
        (
            "26.11.2025\n\nDas Landeskabinett hat den vierten Fortschrittsbericht der Ruhr-Konferenz beschlossen.",
            "Zeile 3: Die Pressemitteilung sagt nicht, welcher Fortschrittsbericht",
        ),
        (
            TEXT.replace("Ruhr-Konferenz 2024", "Ruhr-Konferenz 2023", 1),
            "widersprüchliche Berichtsjahre (2023, 2024)",
        ),
        # A release before the report's as-of date cannot be its publication.
        (TEXT.replace("26.11.2025", "26.11.2024", 1), "liegt nicht nach dem Stand des Fortschrittsberichts 2024"),
    ],
)
def test_what_cannot_be_read_with_certainty_is_refused_in_german(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_press_release(text)


def test_the_other_seeds_are_no_announcements():
    for name in ("bericht-landesregierung-2023-03-21.txt", "ihk-hwk-projektideen-ruhrkonferenz.txt"):
        with pytest.raises(ValueError):
            parse_press_release((REPORT_2024.parent / name).read_text(encoding="utf-8"))
