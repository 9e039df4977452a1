"""The checks an importer runs before it writes (sources/parsers/checks.py), on parsed documents: the kind of a
document, and a structure that makes no sense (shuffled lines, titles that are addresses or leader dots, ministries
that are sentences). The importers' refusals themselves: importers/tests/test_import_refusals.py."""

from __future__ import annotations

import dataclasses
import random

import pytest

from conftest import REPORT_2024
from sources.parsers.checks import check_kind, check_progress_report
from sources.parsers.progress_report import parse_progress_report


@pytest.mark.parametrize("seed", range(5))
def test_shuffled_reports_never_pass_the_structure_check(report_path, seed):
    lines = report_path.read_text().splitlines()
    random.Random(seed).shuffle(lines)
    with pytest.raises(ValueError, match="Zeile"):
        check_progress_report(parse_progress_report("\n".join(lines)), "x.txt")


@pytest.fixture(scope="module")
def parsed_report():
    report = parse_progress_report(REPORT_2024.read_text())
    check_progress_report(report, "x.txt")  # the real report passes
    return report


def with_page(report, page_code: str, /, **changes):
    projects = [dataclasses.replace(p, **changes) if p.code == page_code else p for p in report.projects]
    return dataclasses.replace(report, projects=projects)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": "<https://www.studio47.de/nrreporter.html>"}, "Internetadresse"),
        ({"title": "Virtuelles Krankenhaus (Vkh) NRW ........................ 41"}, "Füllpunkte"),
        ({"title": ""}, "keinen Titel"),
        ({"title": "Aktueller Stand Jugendredaktion Ruhr – Salon5"}, "Abschnittsüberschrift"),
        ({"title": "Mobilitätszentrale"}, "passt nicht zum Inhaltsverzeichnis"),
        ({"ministry": "Alle Teilprojekte laufen wie geplant weiter."}, "kein Ministerium"),
        ({"ministry": "Ministerium für Kultur und Wissenschaft des Landes"}, "abgebrochenen Namen"),
        ({"ministry": "Staatskanzlei des Landes Jürgensplatz 1"}, "Anschrift"),
        ({"code": None}, "ohne Projektnummer"),
    ],
)
def test_structure_check_names_the_page_and_what_is_wrong(parsed_report, changes, expected):
    page = next(p for p in parsed_report.projects if p.code == "08-02")
    with pytest.raises(ValueError, match=expected) as info:
        check_progress_report(with_page(parsed_report, "08-02", **changes), "bericht.pdf")
    assert str(info.value).startswith(f"bericht.pdf, Zeile {page.source.start_line}")


def test_kind_check_accepts_each_source_document_for_its_own_importer(report_path, proposals_path, answer_path):
    for path, kind in (
        (report_path, "progress_report"),
        (proposals_path, "proposal_list"),
        (answer_path, "parliamentary_answer"),
    ):
        check_kind(path.read_text(), kind, path.name)
