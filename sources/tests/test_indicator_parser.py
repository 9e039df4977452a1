"""The finder of candidate indicator values, on small inputs and on the real 2024 report."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sources.parsers.indicators import ACHIEVED, TARGET, find_indicator_candidates


def find(text: str, report_year: int | None = 2024, first_line: int = 1):
    return find_indicator_candidates(text.split("\n"), first_line=first_line, report_year=report_year)


def one(text: str, **kwargs):
    found = find(text, **kwargs)
    assert len(found) == 1, [c.raw for c in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        ("27 neue Forschungsprofessuren besetzt", 27, "", "neue Forschungsprofessuren"),
        ("Insgesamt wurden weit mehr als 5.000 Telekonsile durchgeführt.", 5000, "more_than", "Telekonsile"),
        ("Es wurden über 40 Startups begleitet.", 40, "more_than", "Startups"),
        ("Die SiKo umfasst inzwischen über 100 Netzwerkpartner.", 100, "more_than", "Netzwerkpartner"),
        ("Beteiligt sind mindestens 12 Kommunen.", 12, "at_least", "Kommunen"),
        ("In der Lehrredaktion arbeiten bis zu 15 Teilnehmende.", 15, "up_to", "Teilnehmende"),
        ("Es kamen ca. 650 Patientinnen und Patienten.", 650, "approx", "Patientinnen und Patienten"),
        ("Die Anzahl der Netzwerkpartner ist auf weit über 100 gewachsen.", 100, "more_than", "Netzwerkpartner"),
    ],
)
def test_counted_things_with_qualifiers(text, value, qualifier, unit):
    c = one(text)
    assert (c.value, c.qualifier, c.unit) == (Decimal(value), qualifier, unit)
    assert c.sentence == text
    assert c.kind == ACHIEVED


def test_two_figures_in_one_sentence():
    found = find("In den Jahren 2022 - 2024 wurden 34 TalentWerkstätten mit rund 1.500 Jugendlichen durchgeführt.")
    assert [(c.value, c.qualifier, c.unit) for c in found] == [
        (Decimal(34), "", "TalentWerkstätten"),
        (Decimal(1500), "approx", "Jugendlichen"),
    ]
    assert (found[0].period_start, found[0].period_end, found[0].year) == (2022, 2024, 2024)


def test_money_with_scale_is_converted_and_keeps_its_horizon():
    found = find("Über 40 Startups erhielten bis Ende 2024 mehr als 90 Millionen Euro an Finanzierung.")
    money = found[-1]
    assert (money.value, money.qualifier, money.unit) == (Decimal(90_000_000), "more_than", "Euro")
    assert money.horizon == 2024 and money.kind == ACHIEVED
    assert "bis Ende 2024" in money.date_text


@pytest.mark.parametrize(
    "text",
    [
        "An den Research Centern entstehen insgesamt mehr als 50 neue Forschungsprofessuren.",
        "Zwei Buslinien sollen mit insgesamt 8.400 Zusatzkilometern fahren.",
        "Ziel sind 200 neue Ladepunkte.",
        "So können weitere 34 TalentWerkstätten durchgeführt werden.",
    ],
)
def test_targets_are_recognised(text):
    assert one(text).kind == TARGET


def test_a_horizon_after_the_report_year_makes_a_target_with_percent_of():
    c = one(
        "Das Ziel ist, bis 2040 mindestens 25 Prozent der befestigten Flächen vom Kanalnetz abzukoppeln.",
        report_year=2020,
    )
    assert (c.value, c.qualifier, c.unit, c.horizon, c.kind) == (
        Decimal(25),
        "at_least",
        "Prozent der befestigten Flächen",
        2040,
        TARGET,
    )


def test_stand_and_year_heading_give_the_date():
    lines = "2022\n\n- Kennzahlen (Stand Oktober): Rund 3.900 Telekonsile an ca. 650 Patientinnen und Patienten"
    first, second = find(lines, first_line=10)
    assert (first.value, first.year, first.month, first.start_line) == (Decimal(3900), 2022, 10, 12)
    assert second.unit == "Patientinnen und Patienten"


def test_wrapped_lines_are_joined_and_lines_counted():
    c = one(
        "Das Ziel ist, bis 2040 mindestens 25 Prozent der\nbefestigten Flächen vom Kanal-\nnetz abzukoppeln.",
        report_year=2020,
    )
    assert "Kanalnetz" in c.sentence
    assert (c.start_line, c.end_line) == (1, 3)


@pytest.mark.parametrize(
    "text",
    [
        "Der Pilotbetrieb endete mit Ablauf des 31. Dezember 2024.",
        "Im Jahr 2018 begann die Konferenz.",
        "Der Termin ist am 30.06.2025 im Rathaus.",
        "Projekt (13-03) und [05-02b] im Überblick",
        "Telefon: 0211 837-1234 Zentrale",
        "Jugendliche im Alter von 14 bis 18 Jahren nehmen teil.",
        "Freilegung der Fläche Kielstraße 26 Dortmund",
        "Mit der Eröffnung der Start4Chem-Labs beginnt der Betrieb.",
        "Projektvolumen: 3.304.000 Euro (davon 90% Förderung durch das Land NRW, 10% Eigenanteil)",
        "Das Land stellt bis 30.06.2025 insgesamt 1,1 Millionen Euro bereit.",
        "Die 1. Phase ist abgeschlossen.",
        "45 Mobilitätsregion (13-02) 47 Mobilitätszentrale (13-03)",
        "Postanschrift: 40219 Düsseldorf",
    ],
)
def test_years_dates_codes_phones_ages_budgets_are_not_candidates(text):
    assert find(text) == []


def test_real_report_yields_the_quoted_figures(report_path):
    lines = report_path.read_text(encoding="utf-8").split("\n")
    found = find_indicator_candidates(lines, report_year=2024)
    by_line = {(c.start_line, c.value) for c in found}
    for expected in [(1144, 27), (1164, 50), (1031, 34), (1031, 1500), (499, 3900), (544, 5000), (206, 40), (392, 100)]:
        assert (expected[0], Decimal(expected[1])) in by_line, expected
    assert next(c for c in found if c.start_line == 1164 and c.value == 50).kind == TARGET


@pytest.mark.parametrize(
    "text",
    [
        "Gründung eines 3D-Druck-Kompetenzzentrums Ruhr.",
        "Die Hochschule betreibt einige Zentren für 3D-Fertigungstechnologien.",
        "Neue Technologien wie etwa den 3D-Druck prüfen.",
        "Ein 3-D-Druck-Labor entsteht.",
        "Ein 3 D-Druck-Labor entsteht.",
        "Der Ausbau des 5G-Netzes beginnt.",
        "Die 5G Netze werden ausgebaut.",
        "Es arbeiten 2er-Teams zusammen.",
        "Kameras mit 4K Auflösung.",
    ],
)
def test_numbers_glued_to_letters_are_no_figures(text):
    assert find(text) == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("In Deutschland sind 1,2 Mio. Menschen unter 30 Jahren ohne Ausbildung.", 1_200_000, "Menschen"),
        ("In Deutschland sind 1,2 Mio Menschen ohne Ausbildung.", 1_200_000, "Menschen"),
        ("In Deutschland sind 1,2 Millionen Menschen ohne Ausbildung.", 1_200_000, "Menschen"),
        ("Es wurden 2,5 Mrd. Fahrgäste befördert.", 2_500_000_000, "Fahrgäste"),
        ("Es wurden 3 Milliarden Fahrgäste befördert.", 3_000_000_000, "Fahrgäste"),
        ("Gepflanzt wurden 12 Tsd. Bäume.", 12_000, "Bäume"),
        ("Gepflanzt wurden 12 Tausend Bäume.", 12_000, "Bäume"),
        ("Es profitieren 1,5 Mill. Einwohner.", 1_500_000, "Einwohner"),
    ],
)
def test_magnitude_words_scale_counts_as_well_as_money(text, value, unit):
    c = one(text)
    assert (c.value, c.unit) == (Decimal(value), unit)


def test_a_magnitude_word_inside_a_longer_word_is_no_scale():
    c = one("Es entstehen 12 Tausendfüßler-Beete.")
    assert c.value == Decimal(12)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Mit 60 ha ist der Güterbahnhof die größte Fläche.", 60, "ha"),
        ("Auf dem 50 ha großen Areal entsteht ein Park.", 50, "ha"),
        ("Gebaut werden 12 km Radwege.", 12, "km"),
        ("Die Anlage leistet 5 MW.", 5, "MW"),
    ],
)
def test_units_of_measure_count(text, value, unit):
    c = one(text)
    assert (c.value, c.unit) == (Decimal(value), unit)


def test_partitive_and_elliptic_counts_take_the_noun_of_their_neighbour():
    found = find("Im Ruhrgebiet liegen 12 der NRW-weit 27 Knoten.")
    assert [(c.value, c.unit) for c in found] == [(Decimal(12), "Knoten"), (Decimal(27), "Knoten")]
    found = find("Von 73 Projektvorschlägen sind 42 erfolgreich abgeschlossen, 16 weitere befinden sich in Umsetzung.")
    assert [(c.value, c.unit) for c in found] == [
        (Decimal(73), "Projektvorschlägen"),
        (Decimal(42), "Projektvorschlägen"),
        (Decimal(16), "Projektvorschlägen"),
    ]
    found = find("Es wurden 34 Werkstätten mit Jugendlichen von 14 bis 18 Jahren durchgeführt.")
    assert [c.value for c in found] == [Decimal(34)]


def test_degree_adverbs_before_the_attributes_keep_the_noun():
    c = one("Es wurden rund 1.500 sonst schwer erreichbare Jugendliche angesprochen.")
    assert (c.value, c.qualifier, c.unit) == (Decimal(1500), "approx", "sonst schwer erreichbare Jugendliche")


def test_money_under_the_projektvolumen_heading_is_the_funding_statement():
    text = (
        "💶 Projektvolumen\n\n470.420 Euro.\n\nMehrwert\n\nDas Netz erreicht 470 Betriebe und 20 Millionen Euro Umsatz."
    )
    assert [(c.value, c.unit) for c in find(text)] == [(Decimal(470), "Betriebe"), (Decimal(20_000_000), "Euro")]
