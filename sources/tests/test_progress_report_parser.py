"""Parser for a Fortschrittsbericht (plain Python, no database).

Most tests read the real 2024 report; the small inline reports at the end check
layouts the seed does not have (missing titles, pages out of order, no blank
lines, truncated files, garbage).
"""

from __future__ import annotations

import ast
import itertools
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from sources.parsers import progress_report as module
from sources.parsers.progress_report import parse_progress_report
from sources.parsers.results import MunicipalityMention

DATA = Path(__file__).resolve().parents[2] / "data/sources"
SEED = DATA / "fortschrittsbericht-2024.txt"


class FakeGazetteer:
    """Knows a handful of Ruhr municipalities; finds them as whole words, once per line."""

    PLACES = {
        "Bochum": "05911000",
        "Bottrop": "05512000",
        "Dortmund": "05913000",
        "Duisburg": "05112000",
        "Essen": "05113000",
        "Gelsenkirchen": "05513000",
        "Hagen": "05914000",
        "Herne": "05916000",
        "Recklinghausen": "05562032",
    }

    def __init__(self) -> None:
        self.calls: list[int] = []

    def find(self, text: str, *, first_line: int = 1) -> list[MunicipalityMention]:
        self.calls.append(first_line)
        found = []
        for offset, line in enumerate(text.split("\n")):
            for name, ags in self.PLACES.items():
                if re.search(rf"\b{name}\b", line):
                    found.append(MunicipalityMention(ags, name, first_line + offset, line.strip()))
        return found


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report(seed_text):
    return parse_progress_report(seed_text, gazetteer=FakeGazetteer(), filename=SEED.name)


@pytest.fixture(scope="module")
def pages(report):
    return {p.code: p for p in report.projects}


def seed_line(seed_text: str, number: int) -> str:
    return seed_text.split("\n")[number - 1]


# -- document, table of contents, overview ----------------------------------------------

SEED_TOC = [
    ("05-02a", "Start4Chem-Labs", "Erfolgreiche Wirtschaft – gute Arbeit", 9),
    ("05-02b", "chemstars.nrw", "Erfolgreiche Wirtschaft – gute Arbeit", 11),
    ("06-02", "RUHR.FUSSBALL", "Erfolgreiche Wirtschaft – gute Arbeit", 13),
    ("11-04", "Revitalisierung von Brachflächen", "Erfolgreiche Wirtschaft – gute Arbeit", 15),
    ("03-01", "SiKo Ruhr", "Gelebte Vielfalt – starker Zusammenhalt", 18),
    (
        "03-02",
        "Integration, Orientierung, Perspektiven! 360°- Maßnahmen zur Vorbeugung von Clankriminalität",
        "Gelebte Vielfalt – starker Zusammenhalt",
        20,
    ),
    ("08-02", "Virtuelles Krankenhaus (Vkh) NRW", "Gelebte Vielfalt – starker Zusammenhalt", 22),
    ("16-01", "Entwicklung der Neuen Künste Ruhr", "Gelebte Vielfalt – starker Zusammenhalt", 24),
    ("18-01", "NRW-Reporter", "Gelebte Vielfalt – starker Zusammenhalt", 26),
    ("18-02", "Jugendredaktion Ruhr – Salon5", "Gelebte Vielfalt – starker Zusammenhalt", 28),
    ("18-03", "Mentoring@NRW Mehr Diversität im Lokaljournalismus", "Gelebte Vielfalt – starker Zusammenhalt", 30),
    ("04-08", "Spitzencluster Industrielle Innovationen SPIN", "Sichere Energie – gesunde Umwelt", 33),
    ("11-05", "Innovation City – Prima. Klima. Ruhrmetropole.", "Sichere Energie – gesunde Umwelt", 34),
    ("01-01", "TalentWerkstätten für Jugendliche im Ruhrgebiet", "Beste Bildung – exzellente Forschung", 37),
    ("07-01", "Zukunftscampus – Bildungszentren von morgen", "Beste Bildung – exzellente Forschung", 39),
    ("15-01", "Research Alliance Ruhr", "Beste Bildung – exzellente Forschung", 41),
    (
        "15-03",
        "ruhrvalley: Applied Excellence Department „Postfossile vernetzte Energie- und Mobilitätslösungen für "
        "Metropolregionen“",
        "Beste Bildung – exzellente Forschung",
        43,
    ),
    ("13-01", "ÖPNV-Initiative", "Vernetzte Mobilität – kurze Wege", 45),
    ("13-02", "Mobilitätsregion", "Vernetzte Mobilität – kurze Wege", 47),
    ("13-03", "Mobilitätszentrale", "Vernetzte Mobilität – kurze Wege", 48),
    ("13-04", "Vernetzte Mobilität", "Vernetzte Mobilität – kurze Wege", 50),
    ("13-05", "Mobilität für den Industriestandort", "Vernetzte Mobilität – kurze Wege", 52),
    ("13-06", "Mobil in der Stadt", "Vernetzte Mobilität – kurze Wege", 54),
]


def test_document_info(report, seed_text):
    assert report.document.kind == "progress_report"
    assert report.document.title == "Fortschrittsbericht 2024"
    assert report.document.year == 2024
    assert report.document.line_count == len(seed_text.split("\n"))


def test_table_of_contents(report, seed_text):
    assert [(e.code, e.title, e.action_field, e.page) for e in report.toc] == SEED_TOC
    for entry in report.toc:
        assert f"{entry.code[-3:]})" in seed_line(seed_text, entry.line)  # the line the entry was read from


def test_misprinted_code_is_corrected_and_kept_as_printed(report):
    entry = next(e for e in report.toc if e.code == "03-02")
    assert entry.printed_code == "003-02"
    assert all(e.printed_code == "" for e in report.toc if e.code != "03-02")
    warning = next(w for w in report.warnings if "003-02" in w.message)
    assert warning.line == entry.line == 23


def test_overview_counts(report, seed_text):
    s = report.summary
    assert (s.completed, s.in_progress, s.not_pursued, s.continued, s.total, s.reported) == (42, 16, 15, None, 73, 23)
    span = "\n".join(seed_text.split("\n")[s.source.start_line - 1 : s.source.end_line])
    for phrase in ("73 Projektvorschläge", "42 abgeschlossenen", "16 Projekte", "15 Projekte", "23 im letzten Jahr"):
        assert phrase in span


# -- pages --------------------------------------------------------------------------------


def test_one_page_per_toc_entry_in_order(report):
    assert [(p.code, p.title, p.action_field, p.toc_page) for p in report.projects] == SEED_TOC


def test_page_spans_do_not_overlap(report):
    spans = [(p.source.start_line, p.source.end_line) for p in report.projects]
    assert all(start <= end for start, end in spans)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))


def test_page_without_caption_before_it_starts_at_its_title(pages, seed_text):
    """Mobilitätsregion runs straight into Mobilitätszentrale: the title line goes with the new page."""
    assert seed_line(seed_text, pages["13-03"].source.start_line) == "Mobilitätszentrale"
    assert pages["13-02"].source.end_line < pages["13-03"].source.start_line
    assert pages["13-02"].funding.text.endswith("nicht darstellbar.")


MWIKE = "Ministerium für Wirtschaft, Industrie, Klimaschutz und Energie des Landes Nordrhein-Westfalen"
MHKBD = "Ministerium für Heimat, Kommunales, Bau und Digitalisierung des Landes Nordrhein-Westfalen"
IM = "Ministerium des Innern des Landes Nordrhein-Westfalen"
STK = "Staatskanzlei des Landes Nordrhein-Westfalen"
MKW = "Ministerium für Kultur und Wissenschaft des Landes Nordrhein-Westfalen"
MUNV = "Ministerium für Umwelt, Naturschutz und Verkehr des Landes Nordrhein-Westfalen"
SEED_MINISTRIES = {
    "05-02a": MWIKE,
    "05-02b": None,
    "06-02": MWIKE,
    "11-04": MHKBD,
    "03-01": IM,
    "03-02": IM,
    "08-02": None,
    "16-01": None,
    "18-01": STK,
    "18-02": STK,
    "18-03": None,
    "04-08": MWIKE,
    "11-05": MHKBD,
    "01-01": "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration des Landes "
    "Nordrhein-Westfalen",
    "07-01": "Ministerium für Arbeit, Gesundheit und Soziales des Landes Nordrhein-Westfalen",
    "15-01": MKW,
    "15-03": MKW,
    "13-01": MUNV,
    "13-02": MUNV,
    "13-03": MUNV,
    "13-04": MUNV,
    "13-05": MUNV,
    "13-06": MUNV,
}


def test_ministries_joined_over_broken_lines(pages):
    assert {code: p.ministry for code, p in pages.items()} == SEED_MINISTRIES


def test_pages_without_ministry_are_warned_at_their_start(report, pages):
    warned = {w.line for w in report.warnings if w.message.startswith("Seite nennt kein verantwortliches Ressort")}
    assert warned == {pages[code].source.start_line for code in ("05-02b", "08-02", "16-01", "18-03")}


def test_responsible_section_holds_only_the_ministry(pages):
    assert pages["15-01"].sections["responsible"].text == MKW
    assert pages["18-02"].sections["responsible"].text == STK  # the title after it is not part of it


# -- milestones -------------------------------------------------------------------------


def years(page) -> list[int]:
    return [m.year for m in page.milestones]


def test_milestone_years(pages):
    assert years(pages["05-02a"]) == [2021, 2021, 2022, 2023, 2024, 2024]
    assert years(pages["03-02"]) == [2020] * 3 + [2021] * 2 + [2022] * 3 + [2024] * 2
    assert years(pages["18-02"]) == [2020, 2020, 2020, 2021, 2021, 2022, 2023, 2024]
    assert years(pages["04-08"]) == [2020, 2020, 2021, 2022, 2023, 2024]
    assert years(pages["07-01"]) == [2020, 2021, 2022, 2023, 2024, 2025, 2025, 2025]
    assert years(pages["13-05"]) == [2019, 2021, 2022, 2022, 2023, 2023, 2024]
    assert sorted({m.year for p in pages.values() for m in p.milestones}) == list(range(2019, 2026))


def test_year_range(pages):
    late = [m for m in pages["11-04"].milestones if m.year == 2023]
    assert [(m.year, m.year_end) for m in late] == [(2023, 2024), (2023, 2024)]
    assert late[0].text == "Durchführung Planfeststellungsverfahren für den Bau des Sees"


def test_unbulleted_item_belongs_to_its_year(pages):
    items_2020 = [m.text for m in pages["18-01"].milestones if m.year == 2020]
    assert items_2020 == [
        "Projektstruktur und Kommunikationskanäle aufgebaut",
        "Kooperationspartner gefunden",
        "Erster Kurs durchgeführt",
    ]


def test_milestone_list_ends_at_intro_and_title(pages):
    assert pages["06-02"].milestones[-1].text == "Projektabschluss und Sicherung eines Content-Pools"
    assert all("RUHR.FUSSBALL" not in m.text for m in pages["06-02"].milestones)
    assert pages["05-02b"].milestones[-1].text == "Abschluss als Projekt der Ruhr-Konferenz und bundesweite Ausdehnung"
    assert pages["18-03"].milestones[-1].year == 2024
    assert all("Mentoring" not in m.text for m in pages["18-03"].milestones)


def test_markup_is_stripped_and_wrapped_items_joined(pages):
    texts = [m.text for p in pages.values() for m in p.milestones]
    assert not any("*" in t for t in texts)
    centre = [(m.year, m.subproject, m.text) for m in pages["13-03"].milestones]
    assert centre == [
        (2020, "Mobilitätszentrale", "Konzept erstellt und personeller Aufbau gestartet"),
        (2021, "Mobilitätszentrale", "Ergänzungsstudie"),
        (2021, "Baustellenkoordinierung", "Kommunen wurden kontinuierlich um Beteiligung gebeten."),
        (2021, "LKW-Navigation", "Förderung verlängert"),
        (2023, "Mobilitätszentrale", "Personeller Aufbau und Strukturierung der Mobilitätszentrale"),
        (2023, "Baustellenkoordinierung", "Das TIC kommunal-System wird kontinuierlich ausgebaut und beworben."),
        (2024, "Mobilitätszentrale", "Kontrollraum in 24/7-Regelbetrieb überführt"),
        (2024, "Mobilitätszentrale", "RE-Entwurf für LSA-Zentrale erstellt"),
    ]
    city = pages["13-06"].milestones[1]
    assert (city.subproject, city.text) == (
        "Modellprojekt Quartierserschließung",
        "Start des Landeswettbewerbs „Mobil. NRW – Mobilität in lebenswerten Städten“ zur Auswahl eines "
        "Modellquartiers",
    )
    chem = pages["05-02b"].milestones
    assert chem[0].text == "Projektstart im April, Konzeptentwicklung und Pilotphase Start-up-Support"
    assert chem[1].text == "1. Durchführung Wettbewerb From Lab to Market Challenge"


def test_milestone_dates(pages):
    first = pages["05-02a"].milestones[0]
    assert (first.text, first.month, first.day) == ("Projektstart im Januar", 1, None)
    city = pages["11-05"].milestones
    assert (city[1].year, city[1].month, city[1].day, city[1].text) == (
        2023,
        2,
        1,
        "Auftaktveranstaltung zum Wettbewerbsaufruf",
    )
    tariff = next(m for m in pages["13-04"].milestones if "eezy" in m.text)
    assert (tariff.year, tariff.month, tariff.day) == (2021, 12, 1)


def test_milestone_lines_point_at_the_item(pages, seed_text):
    for page in pages.values():
        for m in page.milestones:
            assert page.source.start_line <= m.line <= page.source.end_line
            assert (m.subproject or m.text)[:8] in seed_line(seed_text, m.line).replace("*", "")


# -- sub-projects, sections, links --------------------------------------------------------


def test_subprojects(pages):
    assert pages["13-03"].subprojects == ["Baustellenkoordinierung", "LKW-Navigation"]
    assert pages["13-01"].subprojects == ["On-Demand-Verkehre", "Kommunale Schiene", "Robustes Netz"]
    assert "Digitale Schiene" in pages["13-05"].subprojects
    assert "Kundenorientiertes Bauen" in pages["13-05"].subprojects
    assert "Kommunales Mobilitätsmanagement" in pages["13-06"].subprojects
    # Not sub-projects: enumerations, explanations, "Kooperationspartner sind: ..."
    for code in ("05-02b", "03-01", "13-02", "08-02"):
        assert pages[code].subprojects == []


def test_summary_is_the_unheaded_intro_without_the_title(pages):
    assert pages["05-02a"].sections["summary"].text.startswith("Mit der Start4Chem-Infrastruktur-Einheit wird")
    assert pages["06-02"].sections["summary"].text.startswith("Innovative, digitale Inwertsetzung")
    assert pages["13-01"].sections["summary"].text == "Stärkung des Regional- und Nahverkehrs im Ruhrgebiet."
    assert pages["18-02"].sections["summary"].text.startswith("Ziel ist es, Jugendliche")
    assert pages["18-03"].sections["summary"].text.startswith("Ziel ist es, jungen Journalistinnen")
    assert pages["15-03"].sections["summary"].text.startswith("Das Forschungsnetzwerk zu Mobilitäts-")
    assert "ruhrvalley" not in pages["15-03"].sections["summary"].text
    assert "Mentoring@NRW" not in pages["18-03"].sections["summary"].text
    for page in pages.values():
        summary = page.sections["summary"]
        assert summary.heading == ""
        assert not summary.text.startswith(page.title.split(" „")[0])  # printed titles are not intro text


def test_sections_keep_their_printed_headings(pages):
    page = pages["05-02a"]
    assert list(page.sections) == [
        "summary",
        "responsible",
        "milestones",
        "value_added",
        "approach",
        "target_groups",
        "recent_development",
        "current_status",
        "outlook",
        "funding",
    ]
    assert page.sections["outlook"].heading == "Ausblick 2025"
    assert page.sections["value_added"].text.startswith("Niederschwellig zugängliche Infrastruktur")
    # ÖPNV-Initiative prints Verantwortlich and the milestones after the funding statement
    assert list(pages["13-01"].sections)[-3:] == ["funding", "responsible", "milestones"]


def test_heading_glued_to_the_end_of_a_paragraph(pages):
    page = pages["08-02"]
    assert page.sections["result"].text.startswith("Mit dem Virtuellen Krankenhaus hat NRW")
    assert "Projekt ergebnis" not in page.sections["recent_development"].text
    assert page.sections["recent_development"].text.startswith("In 2024 wurde die Telemedizinplattform")


def test_bullets_are_kept_in_section_text(pages):
    approach = pages["08-02"].sections["approach"].text.split("\n")
    assert approach[0] == "- Bildung des Gründungsausschusses im September 2019"
    assert len(approach) == 6


def test_captions_are_not_content(pages):
    for page in pages.values():
        for section in page.sections.values():
            assert "Foto:" not in section.text and "Fotos:" not in section.text and "Grafik:" not in section.text
    assert pages["07-01"].funding.text == "470.420 Euro."
    assert "Stadtentwicklungsgesellschaft" not in pages["11-04"].funding.text


def test_links(pages):
    assert pages["06-02"].links == ["www.ruhr-fussball.de"]
    assert pages["18-01"].links == ["https://www.studio47.de/nrreporter.html"]
    assert pages["04-08"].links == ["www.spin.ruhr"]
    assert pages["05-02a"].links == []


# -- funding -----------------------------------------------------------------------------

D = Decimal
FUNDING = {
    "05-02a": {"volume_eur": D(3304000), "state_share_percent": D(90), "own_share_percent": D(10), "state_eur": None},
    "05-02b": {"volume_eur": D(861077), "state_share_percent": D(60), "own_share_percent": D(40)},
    "06-02": {"volume_eur": D(1100000), "state_eur": D(910000), "spent_eur": None},
    "11-04": {"volume_eur": D(4650000), "state_eur": D(4650000), "spent_eur": D(1630000), "spent_as_of": None},
    "03-01": {
        "volume_eur": D(1100000),
        "volume_as_of": date(2025, 6, 30),
        "state_eur": D(500000),
        "state_qualifier": "more_than",
        "annual_eur": D(200000),
        "annual_qualifier": "approx",
    },
    "08-02": {"volume_eur": D(11100000), "state_eur": D(11100000)},
    "16-01": {"volume_eur": D(12200000), "volume_as_of": date(2025, 6, 30), "spent_eur": None},
    "18-01": {"volume_eur": D(725086), "volume_as_of": date(2025, 6, 30)},
    "04-08": {"volume_eur": None, "state_eur": None, "spent_eur": D(8067906), "spent_as_of": date(2025, 6, 30)},
    "11-05": {
        "volume_eur": D(5009588),
        "state_eur": D(5009588),
        "spent_eur": D(1015733),
        "spent_as_of": date(2025, 6, 30),
    },
    "01-01": {"volume_eur": D(1250000), "state_eur": D(1250000)},
    "07-01": {"volume_eur": D(470420), "state_eur": None},
    "15-01": {"volume_eur": D(75000000), "annual_eur": D(48000000)},
    "15-03": {"volume_eur": D(3000000), "volume_qualifier": "approx", "spent_eur": D(3000000), "spent_as_of": None},
    "13-01": {"volume_eur": None, "spent_eur": D(138000000), "spent_as_of": date(2025, 6, 30)},
    "13-03": {"volume_eur": D(1900000), "volume_as_of": date(2025, 6, 30)},
}


@pytest.mark.parametrize("code", sorted(FUNDING))
def test_funding_figures(pages, code):
    funding = pages[code].funding
    assert funding.determinable
    for name, expected in FUNDING[code].items():
        assert getattr(funding, name) == expected, name


@pytest.mark.parametrize("code", ["03-02", "13-02", "13-04", "13-05", "13-06"])
def test_funding_not_determinable(pages, code):
    funding = pages[code].funding
    assert not funding.determinable
    assert funding.volume_eur is None and funding.spent_eur is None
    assert funding.reason == funding.text
    assert re.search(r"nicht (gesondert ausgewiesen|darstellbar)|keine aussagekräftige Angabe", funding.reason)


def test_funding_keeps_wording_and_lines(pages, seed_text):
    funding = pages["05-02a"].funding
    assert (
        funding.text
        == "3.304.000 Euro (davon 90% Förderung durch das Land NRW, 10% Eigenanteil der Ruhr-Universität Bochum)."
    )
    assert seed_line(seed_text, funding.start_line).startswith("3.304.000 Euro")
    assert funding.start_line == funding.end_line
    assert pages["03-01"].funding.text.endswith("Hinzu kommen die Personalkosten für die eingerichteten Planstellen.")


def test_broken_date_is_warned_not_fatal(report, pages, seed_text):
    warning = next(w for w in report.warnings if "30.06.205" in w.message)
    assert warning.line == pages["11-04"].funding.start_line
    assert "30.06.205 verausgabt" in seed_line(seed_text, warning.line)
    assert f"Zeile {warning.line}" in warning.message


# -- status ------------------------------------------------------------------------------

COMPLETED = {"05-02b", "06-02", "03-02", "08-02", "04-08", "01-01", "07-01"}


def test_status_split_matches_the_report(report):
    completed = {p.code for p in report.projects if p.status == "completed"}
    running = [p.code for p in report.projects if p.status == "in_progress"]
    assert completed == COMPLETED
    assert len(running) == 16 == report.summary.in_progress
    assert all(p.status_basis for p in report.projects)


def test_status_basis_names_the_evidence(pages):
    assert pages["06-02"].status_basis == "Abschnitt „Projektergebnis“ vorhanden"
    assert pages["08-02"].status_basis == "Abschnitt „Projekt ergebnis“ vorhanden"  # heading glued to a paragraph
    assert pages["05-02a"].status_basis.startswith("Weder Projektergebnis noch Projektabschluss")


def test_subproject_completion_is_not_project_completion(pages):
    """'Das Projekt in Dortmund Wichlinghofen ist abgeschlossen' describes a part of 11-04."""
    assert pages["11-04"].status == "in_progress"


# -- warnings, places, output -------------------------------------------------------------


def test_seed_warnings_are_exactly_the_real_problems(report):
    """The misprinted code, the broken date and the four pages without a ministry; nothing else."""
    assert sorted(w.line for w in report.warnings) == [23, 161, 344, 486, 555, 764]


def test_municipalities_per_page_first_mention_kept(pages):
    names = {code: [m.name for m in p.municipalities] for code, p in pages.items()}
    assert names["18-02"] == ["Bottrop", "Dortmund"]
    assert names["11-04"] == ["Dortmund", "Recklinghausen"]
    assert names["13-03"] == []
    assert names["08-02"] == ["Hagen"]
    first_dortmund = next(m for m in pages["18-02"].municipalities if m.name == "Dortmund")
    assert first_dortmund.line == 712  # "in Bottrop, Dortmund und der Region" in Mehrwert, not later mentions
    for page in pages.values():
        assert len({m.ags for m in page.municipalities}) == len(page.municipalities)


def test_caption_places_count_after_content(pages):
    herne = [m for m in pages["06-02"].municipalities if m.name == "Herne"]
    assert herne and herne[0].context.startswith("Stadion am Schloß Strünkede")


def test_real_gazetteer_keeps_places_outside_the_ruhr_out(seed_text):
    gazetteer_module = pytest.importorskip("places.gazetteer")
    parsed = parse_progress_report(seed_text, gazetteer=gazetteer_module.Gazetteer.default())
    by_code = {p.code: {m.name for m in p.municipalities} for p in parsed.projects}
    outside = {"Leverkusen", "Chemnitz", "Bocholt", "Düsseldorf", "Köln", "Aachen", "Bonn", "Münster"}
    assert all(not names & outside for names in by_code.values())
    assert by_code["18-02"] == {"Bottrop", "Dortmund"}
    assert {"Bochum", "Dortmund", "Gelsenkirchen", "Recklinghausen"} <= by_code["15-03"]
    assert "Leverkusen" not in by_code["13-03"]


def test_default_gazetteer_is_loaded_lazily(seed_text):
    pytest.importorskip("places.gazetteer")
    parsed = parse_progress_report(seed_text)
    assert any(p.municipalities for p in parsed.projects)


def test_failing_gazetteer_gives_a_warning(seed_text):
    class Broken:
        def find(self, text, *, first_line=1):
            raise RuntimeError("kaputt")

    parsed = parse_progress_report(seed_text, gazetteer=Broken())
    assert len(parsed.projects) == 23
    assert any("Ortssuche" in w.message and "kaputt" in w.message for w in parsed.warnings)


def test_to_dict_is_json(report):
    data = json.loads(json.dumps(report.to_dict()))
    assert data["projects"][3]["funding"]["volume_eur"] == 4650000
    assert data["summary"]["total"] == 73


def test_package_has_no_django_imports():
    files = sorted(Path(module.__file__).parent.glob("*.py"))
    assert len(files) > 5  # the package's modules, not only its __init__
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names] + [
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        ]
        assert not [name for name in imported if name.startswith(("django", "places", "programmes"))], path.name


# -- small inline reports -----------------------------------------------------------------

TOC = """Fortschrittsbericht 2022

Inhalt

Projektberichte\t3
Wirtschaft
Alpha-Labor Bochum (01-01)\t4
Beta-Netzwerk für Gründungen (01-02).....\t5
Mobilität
Gamma-Bahn Ruhr(02-01)\t6
Schlusswort\t8

Überblick

Mit 10 abgeschlossenen Projekten ist viel erreicht. Noch 3 Projekte sind in der Umsetzung.
2 Projekte wurden nicht weiterverfolgt. Aus der Konferenz gingen 15 Projektvorschläge hervor.
Hier werden die 3 bearbeiteten Projekte dokumentiert.

Projektberichte

Wirtschaft
"""


def page(
    title: str,
    ministry: str,
    milestones: list[tuple[int, list[str]]],
    value: str,
    funding: str,
    *,
    icons: bool = False,
    print_title: bool = True,
    caption: str = "Foto: Land NRW",
    extra: list[str] | None = None,
) -> str:
    def head(label: str) -> str:
        return f"👤 {label}" if icons else label

    parts = [title] if print_title else []
    parts += [head("Verantwortlich:"), ministry, head("Meilensteine seit Projektstart")]
    for year, items in milestones:
        parts.append(str(year))
        parts += [f"- {item}" for item in items]
    parts += [head("Mehrwert"), value, *(extra or []), head("Projektvolumen"), funding]
    if caption:
        parts += ["", "", caption]
    return "\n\n".join(parts)


ALPHA = page(
    "Alpha-Labor Bochum",
    "Ministerium für Wirtschaft des Landes Nordrhein-Westfalen",
    [(2021, ["Projektstart in Bochum"]), (2022, ["Projektabschluss"])],
    "Gründungen in Bochum werden leichter.",
    "1,5 Millionen Euro aus Landesmitteln.",
)
BETA = page(
    "Beta-Netzwerk für Gründungen",
    "Staatskanzlei des Landes\nNordrhein-Westfalen",
    [(2021, ["Auftakt in Dortmund"]), (2023, ["Zweite Runde"])],
    "Ein Netzwerk für Gründende entsteht.",
    "250.000 Euro bis 30.06.2023.",
)
GAMMA = page(
    "Gamma-Bahn Ruhr",
    "Ministerium für Verkehr des Landes Nordrhein-Westfalen",
    [(2022, ["Planung begonnen"]), (2024, ["Bau in Essen"])],
    "Schneller von Essen nach Dortmund.",
    "Eine Angabe ist nicht darstellbar.",
)


def mini(*pages: str, toc: str = TOC) -> str:
    return toc + "\n\n" + "\n\n\n\n".join(pages) + "\n\n\n\nSchlusswort\n\nVielen Dank.\n"


def parse(text: str):
    return parse_progress_report(text, gazetteer=FakeGazetteer())


def codes(parsed) -> list[str | None]:
    return [p.code for p in parsed.projects]


def test_mini_report_reads_like_the_seed():
    parsed = parse(mini(ALPHA, BETA, GAMMA))
    assert parsed.document.year == 2022
    assert codes(parsed) == ["01-01", "01-02", "02-01"]
    assert [p.action_field for p in parsed.projects] == [
        "Erfolgreiche Wirtschaft – gute Arbeit",
        "Erfolgreiche Wirtschaft – gute Arbeit",
        "Vernetzte Mobilität – kurze Wege",
    ]
    assert [p.status for p in parsed.projects] == ["completed", "in_progress", "in_progress"]
    assert parsed.projects[0].status_basis == "Meilenstein 2022: „Projektabschluss“"
    assert parsed.projects[1].ministry == "Staatskanzlei des Landes Nordrhein-Westfalen"
    assert parsed.projects[1].funding.volume_as_of == date(2023, 6, 30)
    assert not parsed.projects[2].funding.determinable
    s = parsed.summary
    assert (s.completed, s.in_progress, s.not_pursued, s.total, s.reported) == (10, 3, 2, 15, 3)
    assert parsed.warnings == []


def test_page_missing_its_title_still_gets_its_entry():
    untitled = page(
        "ohne",
        "Staatskanzlei des Landes Nordrhein-Westfalen",
        [(2021, ["Start"])],
        "Etwas ganz anderes.",
        "100.000 Euro.",
        print_title=False,
    )
    parsed = parse(mini(ALPHA, untitled, GAMMA))
    assert codes(parsed) == ["01-01", "01-02", "02-01"]
    assert parsed.projects[1].title == "Beta-Netzwerk für Gründungen"
    assert parsed.projects[1].funding.volume_eur == Decimal(100000)
    assert parsed.warnings == []


def test_pages_out_of_order_keep_their_codes():
    parsed = parse(mini(BETA, ALPHA, GAMMA))
    assert codes(parsed) == ["01-02", "01-01", "02-01"]
    assert parsed.projects[0].ministry.startswith("Staatskanzlei")
    assert parsed.projects[1].milestones[0].text == "Projektstart in Bochum"
    assert [w.message for w in parsed.warnings if "Stelle" in w.message]


def test_toc_entry_without_page_is_warned_and_does_not_shift_the_rest():
    parsed = parse(mini(ALPHA, GAMMA))
    assert codes(parsed) == ["01-01", "02-01"]
    missing = [w for w in parsed.warnings if "keine Projektseite" in w.message]
    assert len(missing) == 1 and "01-02" in missing[0].message and missing[0].line == 8
    assert any("nennt 3 bearbeitete Projekte, gefunden wurden 2" in w.message for w in parsed.warnings)


def test_extra_page_is_warned():
    extra = page(
        "Delta-Werk",
        "Ministerium für Schule und Bildung des Landes Nordrhein-Westfalen",
        [(2021, ["Start"])],
        "Ganz neu.",
        "5.000 Euro.",
    )
    parsed = parse(mini(ALPHA, BETA, extra, GAMMA))
    assert codes(parsed) == ["01-01", "01-02", None, "02-01"]
    assert parsed.projects[2].title == "Delta-Werk"
    assert any("passt zu keinem Eintrag" in w.message for w in parsed.warnings)


def test_truncated_file():
    full = mini(ALPHA, BETA, GAMMA)
    parsed = parse(full[: full.index("Zweite Runde")])
    assert codes(parsed) == ["01-01", "01-02"]
    assert parsed.projects[1].funding is None
    assert [m.text for m in parsed.projects[1].milestones] == ["Auftakt in Dortmund"]
    assert any("02-01" in w.message and "keine Projektseite" in w.message for w in parsed.warnings)


def test_layout_without_blank_lines():
    text = "\n".join(line for line in mini(ALPHA, BETA, GAMMA).split("\n") if line.strip())
    parsed = parse(text)
    assert codes(parsed) == ["01-01", "01-02", "02-01"]
    assert parsed.projects[1].ministry == "Staatskanzlei des Landes Nordrhein-Westfalen"
    assert [m.text for m in parsed.projects[2].milestones] == ["Planung begonnen", "Bau in Essen"]
    assert parsed.projects[0].funding.text == "1,5 Millionen Euro aus Landesmitteln."


def test_icon_noise_before_headings():
    noisy = (
        page(
            "Alpha-Labor Bochum",
            "Ministerium für Wirtschaft des Landes Nordrhein-Westfalen",
            [(2021, ["Projektstart"])],
            "Gründungen werden leichter.",
            "1,5 Millionen Euro aus Landesmitteln.",
            icons=True,
        )
        .replace("👤 Mehrwert", "⚙️ Mehrwert")
        .replace("👤 Projektvolumen", "☒ **Projektvolumen**")
    )
    parsed = parse(mini(noisy, BETA, GAMMA))
    alpha = parsed.projects[0]
    assert alpha.ministry == "Ministerium für Wirtschaft des Landes Nordrhein-Westfalen"
    assert set(alpha.sections) == {"responsible", "milestones", "value_added", "funding"}
    assert alpha.sections["value_added"].heading == "Mehrwert"
    assert alpha.funding.volume_eur == Decimal(1500000)


def test_repeated_section_without_caption_starts_a_new_page():
    merged = ALPHA.replace("\n\n\n\nFoto: Land NRW", "") + "\n\n" + BETA
    parsed = parse(mini(merged, GAMMA))
    assert codes(parsed) == ["01-01", "01-02", "02-01"]
    assert parsed.projects[0].funding.text == "1,5 Millionen Euro aus Landesmitteln."
    assert parsed.projects[1].source.start_line > parsed.projects[0].source.end_line


def test_page_cut_by_a_photo_in_its_middle_is_joined():
    first_half = (
        "Alpha-Labor Bochum\n\nMehrwert\n\nGründungen.\n\nProjektvolumen\n\n1,5 Millionen Euro.\n\n\n\nFoto: Eins"
    )
    second_half = (
        "Verantwortlich:\n\nMinisterium für Wirtschaft des Landes Nordrhein-Westfalen\n\n"
        "Meilensteine seit Projektstart\n\n2021\n\n- Start\n\n\n\nFoto: Zwei"
    )
    parsed = parse(mini(first_half, second_half, BETA, GAMMA))
    assert codes(parsed) == ["01-01", "01-02", "02-01"]
    alpha = parsed.projects[0]
    assert alpha.ministry == "Ministerium für Wirtschaft des Landes Nordrhein-Westfalen"
    assert [m.year for m in alpha.milestones] == [2021]
    assert alpha.funding.volume_eur == Decimal(1500000)


def test_narrow_column_milestones():
    items = [
        (
            2021,
            [
                "**Netzausbau:**\nKommunen wurden kontinuier-\nlich beteiligt.",
                "**Start-**\nup-Förderung verlängert",
            ],
        ),
        (2023, ["Personeller Aufbau und Struktu-\nrierung der Zentrale", "Drei Kurse\nErster Kurs durchgeführt"]),
    ]
    text = page(
        "Alpha-Labor Bochum", "Ministerium für Wirtschaft des Landes Nordrhein-Westfalen", items, "M.", "1 Euro."
    )
    alpha = parse(mini(text, BETA, GAMMA)).projects[0]
    assert [(m.year, m.subproject, m.text) for m in alpha.milestones] == [
        (2021, "Netzausbau", "Kommunen wurden kontinuierlich beteiligt."),
        (2021, "", "Start-up-Förderung verlängert"),
        (2023, "", "Personeller Aufbau und Strukturierung der Zentrale"),
        (2023, "", "Drei Kurse"),
        (2023, "", "Erster Kurs durchgeführt"),
    ]
    assert alpha.subprojects == ["Netzausbau"]


def test_milestone_year_forms():
    text = "\n".join(
        [
            "Alpha-Labor Bochum",
            "Verantwortlich:",
            "Ministerium für Wirtschaft des Landes Nordrhein-Westfalen",
            "Meilensteine seit Projektstart",
            "- **2019**",
            "- Idee",
            "2020/21",
            "● Konzept",
            "2150",
            "2022: Eröffnung im März",
            "03/2023: Zweite Phase",
            "Mehrwert",
            "Viel.",
            "Projektvolumen",
            "1 Euro.",
        ]
    )
    alpha = parse(mini(text, BETA, GAMMA)).projects[0]
    assert [(m.year, m.year_end, m.month, m.text) for m in alpha.milestones] == [
        (2019, None, None, "Idee"),
        (2020, 2021, None, "Konzept"),
        (2020, 2021, None, "2150"),  # not a year: 1990–2100 only
        (2022, None, 3, "Eröffnung im März"),
        (2022, None, 3, "Zweite Phase"),
    ]


def test_pdf_extraction_traits():
    """What a PDF extraction does: a wrapped TOC entry's page number on its own line, a page break (three
    blank lines) inside a milestone item, glyphs the font could not map turned into "?"."""
    toc = TOC.replace("Gamma-Bahn Ruhr(02-01)\t6", "Gamma-Bahn Ruhr(02-01)\n6")
    alpha = ALPHA.replace("Mehrwert", "? Mehrwert").replace(
        "- Projektstart in Bochum",
        "- **Netzausbau:** Kommunen wurden kontinuier-\n\n\n\nlich beteiligt\n? Projektstart in Bochum",
    )
    parsed = parse(mini(alpha, BETA, GAMMA, toc=toc))
    assert [(e.code, e.page) for e in parsed.toc] == [("01-01", 4), ("01-02", 5), ("02-01", 6)]
    assert codes(parsed) == ["01-01", "01-02", "02-01"]
    first = parsed.projects[0]
    assert [(m.year, m.subproject, m.text) for m in first.milestones] == [
        (2021, "Netzausbau", "Kommunen wurden kontinuierlich beteiligt"),
        (2021, "", "Projektstart in Bochum"),
        (2022, "", "Projektabschluss"),
    ]
    assert first.sections["value_added"].text == "Gründungen in Bochum werden leichter."


def test_explicit_status_line_wins():
    text = ALPHA.replace(
        "Gründungen in Bochum werden leichter.", "Gründungen in Bochum werden leichter.\n\nStatus: verstetigt"
    )
    alpha = parse(mini(text, BETA, GAMMA)).projects[0]
    assert alpha.status == "continued"
    assert "verstetigt" in alpha.status_basis


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("2,3 Mio. € (Landesmittel).", {"volume_eur": D(2300000), "state_eur": D(2300000)}),
        (
            "Gesamtvolumen 4 Mio. Euro, davon Landesmittel: 3 Mio. Euro.",
            {"volume_eur": D(4000000), "state_eur": D(3000000)},
        ),
        ("800.000 Euro, Förderquote 80 %.", {"volume_eur": D(800000), "state_share_percent": D(80)}),
        ("500.000 Euro, davon 100.000 Euro Eigenanteil.", {"volume_eur": D(500000), "own_eur": D(100000)}),
        ("Bis zum 31.12.2024 wurden rund 2 Millionen Euro ausgezahlt.", {"spent_eur": D(2000000), "volume_eur": None}),
    ],
)
def test_funding_wordings(wording, expected):
    text = ALPHA.replace("1,5 Millionen Euro aus Landesmitteln.", wording)
    funding = parse(mini(text, BETA, GAMMA)).projects[0].funding
    assert funding.text == wording
    for name, value in expected.items():
        assert getattr(funding, name) == value, name


def test_overview_sum_mismatch_is_warned():
    toc = TOC.replace("2 Projekte wurden nicht weiterverfolgt", "5 Projekte wurden nicht weiterverfolgt")
    parsed = parse(mini(ALPHA, BETA, GAMMA, toc=toc))
    assert any("ergeben zusammen 18 Projekte, genannt sind 15" in w.message for w in parsed.warnings)


def test_report_without_table_of_contents():
    body = mini(ALPHA, BETA, GAMMA).split("Projektberichte\n\nWirtschaft", 1)[1]
    parsed = parse("Fortschrittsbericht 2021\n\nWirtschaft" + body)
    assert codes(parsed) == [None, None, None]
    assert [p.title for p in parsed.projects] == [
        "Alpha-Labor Bochum",
        "Beta-Netzwerk für Gründungen",
        "Gamma-Bahn Ruhr",
    ]
    assert parsed.projects[0].action_field == "Erfolgreiche Wirtschaft – gute Arbeit"
    assert any("Kein Inhaltsverzeichnis" in w.message for w in parsed.warnings)


def test_code_first_table_of_contents():
    toc = TOC.replace("Alpha-Labor Bochum (01-01)\t4", "01-01 Alpha-Labor Bochum ..... 4")
    parsed = parse(mini(ALPHA, BETA, GAMMA, toc=toc))
    first = parsed.toc[0]
    assert (first.code, first.title, first.page) == ("01-01", "Alpha-Labor Bochum", 4)
    assert codes(parsed) == ["01-01", "01-02", "02-01"]


def test_empty_text_gives_an_empty_report_with_a_warning():
    for text in ("", "  \n\n \n"):
        parsed = parse(text)
        assert parsed.projects == [] and parsed.toc == []
        assert len(parsed.warnings) == 1 and "leer" in parsed.warnings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "Lorem ipsum dolor sit amet.\nConsectetur adipiscing elit, 12-34 (56).\n",
        "\x00\x01 %%% ((()))\n\n\n****\n- 2021\n",
        "Mehrwert\n\nEin Wort allein macht noch keinen Bericht.\n",
    ],
)
def test_garbage_is_refused(text):
    with pytest.raises(ValueError, match="kein Fortschrittsbericht"):
        parse(text)


@pytest.mark.parametrize(
    "name",
    [
        "bericht-landesregierung-2023-03-21.txt",
        "ihk-hwk-projektideen-ruhrkonferenz.txt",
        "pressemitteilung-2025-11-26.txt",
    ],
)
def test_other_documents_are_refused(name):
    with pytest.raises(ValueError):
        parse((DATA / name).read_text(encoding="utf-8"))


def test_damaged_seed_never_crashes(seed_text):
    """Cut, drop and scramble lines of the real report: the parser warns, it does not fail."""
    import random

    lines = seed_text.split("\n")
    rng = random.Random(7)
    for trial in range(30):
        damaged = list(lines)
        if trial % 3 == 0:
            for _ in range(rng.randint(1, 60)):
                del damaged[rng.randrange(len(damaged))]
        elif trial % 3 == 1:
            damaged = damaged[: rng.randrange(len(damaged))]
        else:
            damaged = [ln[: rng.randrange(len(ln) + 1)] if rng.random() < 0.15 else ln for ln in damaged]
        try:
            parsed = parse("\n".join(damaged))
        except ValueError:
            continue
        assert all(p.source.start_line <= p.source.end_line for p in parsed.projects)
