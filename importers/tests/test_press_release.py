"""The press release parser and importer: which report it announces, on which day, or a German refusal."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import PRESS_RELEASE_2025, REPORT_2024
from sources.models import DocumentKind, ImportRun, SourceDocument
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


def test_a_release_before_its_report_is_refused_and_changes_nothing(db):
    with pytest.raises(CommandError, match="Zeile 9: Die Pressemitteilung kündigt den Fortschrittsbericht 2024 an"):
        call_command("import_press_release", str(PRESS_RELEASE_2025))
    assert not SourceDocument.objects.exists()
    assert not ImportRun.objects.exists()


def test_the_command_prints_json_and_a_second_run_changes_nothing(imported, capsys):
    # The shared fixture already imported the release (as `make data` does).
    call_command("import_press_release", str(PRESS_RELEASE_2025), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["import"]["status"] == "unchanged"
    assert data["announcement"] == {
        "kind": "progress_report",
        "year": 2024,
        "date": "2025-11-26",
        "date_line": 5,
        "line": 9,
        "text": "Das Landeskabinett hat den vierten Fortschrittsbericht der Ruhr-Konferenz beschlossen.",
    }
    assert SourceDocument.objects.filter(kind=DocumentKind.PRESS_RELEASE).count() == 1


def test_the_command_says_where_a_file_is_wrong(db, tmp_path):
    path = tmp_path / "pm.txt"
    path.write_text(TEXT.replace("26.11.2025", "26.11.205", 1), encoding="utf-8")
    with pytest.raises(CommandError, match=r"pm\.txt: Zeile 5"):
        call_command("import_press_release", str(path))
