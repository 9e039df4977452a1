"""The parsers find municipalities with the gazetteer the places app registers (sources imports nothing from
places); a caller outside Django passes its own, and without any the parsers say so instead of guessing."""

from __future__ import annotations

import pytest

from conftest import BOCHUM_ANSWER, REPORT_2024
from places.gazetteer import Gazetteer
from sources.parsers import text
from sources.parsers.parliamentary_answer import parse_parliamentary_answer
from sources.parsers.progress_report import parse_progress_report
from sources.parsers.proposals import parse_proposals
from sources.parsers.text import GazetteerUnavailable, default_gazetteer


@pytest.fixture
def nothing_registered(monkeypatch):
    monkeypatch.setattr(text, "_registered_gazetteer", None)


def test_the_places_app_registers_its_gazetteer():
    assert default_gazetteer() is Gazetteer.default()


def test_without_a_registered_gazetteer_the_report_is_read_without_places_and_says_so(nothing_registered):
    parsed = parse_progress_report(REPORT_2024.read_text(encoding="utf-8"))
    assert len(parsed.projects) == 23
    assert not any(p.municipalities for p in parsed.projects)
    assert any("Ortsverzeichnis nicht verfügbar" in w.message for w in parsed.warnings)


def test_without_a_registered_gazetteer_the_answer_and_the_proposals_are_refused(nothing_registered):
    with pytest.raises(GazetteerUnavailable, match="kein Ortsverzeichnis"):
        parse_parliamentary_answer(BOCHUM_ANSWER.read_text(encoding="utf-8"))
    with pytest.raises(GazetteerUnavailable):
        parse_proposals("1. Idee\nZiel: Bochum\n")


def test_a_gazetteer_passed_by_the_caller_needs_no_registration(nothing_registered):
    parsed = parse_parliamentary_answer(BOCHUM_ANSWER.read_text(encoding="utf-8"), gazetteer=Gazetteer.default())
    assert parsed.municipality.name == "Bochum"
    report = parse_progress_report(REPORT_2024.read_text(encoding="utf-8"), gazetteer=Gazetteer.default())
    assert any(p.municipalities for p in report.projects)
