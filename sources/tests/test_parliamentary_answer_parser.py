"""Parser for the answer to a Kleine Anfrage (plain Python, no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from places.gazetteer import Gazetteer
from sources.parsers.parliamentary_answer import parse_parliamentary_answer

SEED = Path(__file__).resolve().parents[2] / "data" / "sources" / "kleine-anfrage-4284-bochum.txt"

MOBILITY = "Vernetzte Mobilität – kurze Wege"
ECONOMY = "Erfolgreiche Wirtschaft – gute Arbeit"
DIVERSITY = "Gelebte Vielfalt – starker Zusammenhalt"
ENERGY = "Sichere Energie – gesunde Umwelt"
EDUCATION = "Beste Bildung – exzellente Forschung"


@pytest.fixture(scope="module")
def parsed():
    return parse_parliamentary_answer(
        SEED.read_text(encoding="utf-8"), gazetteer=Gazetteer.default(), filename=SEED.name
    )


@pytest.fixture(scope="module")
def by_code(parsed):
    return {e.code: e for e in parsed.entries}


# -- the seed document ------------------------------------------------------------------


def test_question_and_document(parsed):
    assert parsed.document.kind == "parliamentary_answer"
    assert parsed.document.title == "Wie verbessert die „Ruhrkonferenz“ das Leben der Bochumerinnen und Bochumer?"
    assert parsed.question_title == parsed.document.title
    assert parsed.document.date == date(2020, 9, 30)
    assert parsed.document.reference == "Drucksache 17/11212"
    assert parsed.document.line_count == len(SEED.read_text(encoding="utf-8").split("\n"))
    assert parsed.question_number == "4284"
    assert parsed.question_reference == "Drucksache 17/10815"
    assert parsed.askers == ["Prof. Dr. Karsten Rudolph", "Carina Gödecke", "Serdar Yüksel"]
    assert parsed.party == "SPD"
    assert parsed.warnings == []


def test_municipality_of_the_table(parsed):
    assert parsed.municipality is not None
    assert (parsed.municipality.ags, parsed.municipality.name) == ("05911000", "Bochum")
    assert parsed.municipality.line == 199


def test_all_codes_in_order(parsed):
    assert [e.code for e in parsed.entries] == [
        "13-01", "13-02", "13-04",
        "05-02", "17-01",
        "11-01", "16-01", "19-01",
        "04-06", "14-01", "14-02",
        "09-02", "15-01", "15-02", "15-03",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "action_field"),
    [
        ("13-01", MOBILITY),
        ("13-04", MOBILITY),
        ("05-02", ECONOMY),
        ("17-01", ECONOMY),
        ("11-01", DIVERSITY),
        ("19-01", DIVERSITY),
        ("04-06", ENERGY),
        ("14-02", ENERGY),
        ("09-02", EDUCATION),
        ("15-03", EDUCATION),
    ],
)
def test_action_fields(by_code, code, action_field):
    assert by_code[code].action_field == action_field


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("13-01", "ÖPNV-Initiative: Stärkung des Regional- und Nahverkehrs im Ruhrgebiet"),
        ("13-02", "Mobilitätsregion: Flexible Mobilität über die Stadtgrenzen hinaus"),
        ("05-02", "Zentrum für Chemie 4.0: Heimat des Inkubators Start4Chem"),
        (
            "17-01",
            "Metropolitan Innovation Summit: Internationale Tagung zur Vernetzung des Ruhrgebietes "
            "mit anderen Transformationsregionen",
        ),
        ("14-01", "Offensive Grüne Infrastruktur 2030"),
        ("14-02", "Klimaresiliente Region mit internationaler Strahlkraft"),
        ("09-02", "Talents4Teachers – Teachers4Talents: Lehrkräfte entdecken Talente"),
        (
            "15-02",
            "Forschungszentrum Urban Health: Gesundheitsdeterminanten wie Umwelt, Bildung und Einkommen in Beziehung setzen",
        ),
        ("15-03", "Ruhrvalley: Das Forschungsnetzwerk zu Mobilitäts- und Energiekonzepten"),
    ],
)
def test_titles(by_code, code, title):
    assert by_code[code].title == title


def test_subproject(by_code):
    assert by_code["13-01"].subproject == (
        "Konzept einer Integrierten, nachhaltigen Mobilität für die Universitätsallianz Ruhr (InnaMo Ruhr)"
    )
    assert all(e.subproject == "" for code, e in by_code.items() if code != "13-01")


def test_relation_with_dehyphenation(by_code):
    assert by_code["13-01"].local_relation == (
        "Ziel von InnaMo Ruhr ist es, die Ruhr-Universität Bochum besser mit den anderen Standorten der UA Ruhr "
        "zu vernetzen, Angebotslücken zu schließen und so das Mobilitätsverhalten der Studierenden, aber auch "
        "der Beschäftigten nachhaltig zu verändern."
    )
    assert "Stadtgrenzen zu überwinden" in by_code["13-02"].local_relation


def test_relation_and_funding_of_14_02(by_code):
    entry = by_code["14-02"]
    assert entry.local_relation.startswith("Im Fokus des Projektes stehen Maßnahmen, die den Regenwasserabfluss")
    assert entry.local_relation.endswith(
        "zwei Anträge zu Dachbegrünungsmaßnahmen und vier Anträge zu Regenwasserabkopplung."
    )
    # "25 Prozent" is not money.
    assert [(f.amount_eur, f.qualifier, f.text) for f in entry.local_funding] == [
        (
            Decimal(521864),
            None,
            "Bis heute wurden sechs Anträge aus Bochum mit einem Fördervolumen von 521.864 Euro eingereicht.",
        )
    ]
    assert (entry.source.start_line, entry.source.end_line) == (357, 374)


def test_relation_and_funding_of_14_01(by_code):
    entry = by_code["14-01"]
    assert entry.local_relation.startswith("Das Projekt hat das Ziel, das Ruhrgebiet zu einer Modellregion")
    assert "Prof. Dr. Thomas Schmitt und Prof. Dr. Harald Zepp." in entry.local_relation
    assert [(f.amount_eur, f.qualifier, f.text) for f in entry.local_funding] == [
        (Decimal(65000), "approx", "Die RUB erhält hier rund 65.000 Euro Förderung.")
    ]


def test_only_two_entries_state_money(parsed):
    assert [e.code for e in parsed.entries if e.local_funding] == ["14-01", "14-02"]


def test_table_ends_before_the_closing_paragraph(by_code):
    relation = by_code["15-03"].local_relation
    assert "Zum jeweiligen" not in relation
    assert relation.endswith("die unmittelbaren Eingang in die Lehre finden.")
    assert by_code["15-03"].source.end_line == 439


def test_table_ends_at_wide_prose_without_the_closing_phrase():
    text = SEED.read_text(encoding="utf-8").replace("Zum jeweiligen aktuellen", "Über den aktuellen")
    result = parse_parliamentary_answer(text, gazetteer=Gazetteer.default())
    assert result.entries[-1].local_relation.endswith("in die Lehre finden.")


def test_page_header_inside_a_relation_is_skipped():
    text = SEED.read_text(encoding="utf-8").replace(
        "Das Ziel ist, \nbis 2040",
        "Das Ziel ist, \n\n\nLANDTAG NORDRHEIN-WESTFALEN - 17. Wahlperiode Drucksache 17/11212 \n\n5\n\nbis 2040",
    )
    result = parse_parliamentary_answer(text, gazetteer=Gazetteer.default())
    entry = next(e for e in result.entries if e.code == "14-02")
    assert "Das Ziel ist, bis 2040 mindestens 25 Prozent" in entry.local_relation
    assert "LANDTAG" not in entry.local_relation


def test_statement_not_determinable(parsed):
    assert parsed.statements == [
        "Der auf das Gebiet der Stadt Bochum entfallende Anteil der Förder- und Investitionsvolumina aller "
        "73 Ruhr-Konferenz-Projekte ist in der für die Beantwortung einer Kleinen Anfrage zur Verfügung "
        "stehenden Zeit mit den verfügbaren Ressourcen nicht zu ermitteln."
    ]


def test_page_furniture_does_not_leak(parsed):
    for entry in parsed.entries:
        assert "LANDTAG" not in entry.local_relation
        assert "Wahlperiode" not in entry.title


def test_to_dict(parsed):
    data = parsed.to_dict()
    assert data["document"]["date"] == "2020-09-30"
    assert data["entries"][9]["local_funding"][0]["amount_eur"] == 65000


# -- another city -----------------------------------------------------------------------

GELSENKIRCHEN = """LANDTAG NORDRHEIN-WESTFALEN
18. Wahlperiode
Drucksache 18/1234
12.05.2023

Antwort
der Landesregierung
auf die Kleine Anfrage 567 vom 3. April 2023
der Abgeordneten Erika Muster und Max Beispiel   GRÜNE
Drucksache 18/1000

Was bringt die Ruhr-Konferenz für
Gelsenkirchen?

Die Ministerin hat die Kleine Anfrage 567 mit Schreiben vom 10. Mai 2023 beantwortet.

Welche Projekte betreffen Gelsenkirchen?

Die auf Gelsenkirchen entfallenden Mittel wurden nicht gesondert erfasst.

Handlungsfeld Sichere Energie –
gesunde Umwelt

Projekt [ID-Nr.] Lokaler Bezug des Projektes zu
Gelsenkirchen

Wasserstoff-Hub Emscher-Lippe [04-
03]

Am Standort Gelsenkirchen-Scholven
entsteht ein Elektrolyseur. Das Land
fördert das Vorhaben in Gelsen-
kirchen mit 1,5 Mio. Euro. Das Gesamtvolumen
beträgt 40 Mio. Euro.

Handlungsfeld Heimat und Tradition

Projekt [ID-Nr.] Lokaler Bezug des Projektes zu
Gelsenkirchen

Kohle-Erbe Ruhr [2O-01]
Ein Museum in Gelsenkirchen-Buer.

Zechenkunst [xx-?1]

Ausstellung im Stadtteil Buer.

Im Übrigen wird auf die Antwort zur Kleinen Anfrage 500 verwiesen.
"""


@pytest.fixture(scope="module")
def gelsenkirchen():
    return parse_parliamentary_answer(GELSENKIRCHEN, gazetteer=Gazetteer.default())


def test_other_city_metadata(gelsenkirchen):
    result = gelsenkirchen
    assert result.document.reference == "Drucksache 18/1234"
    assert result.document.date == date(2023, 5, 10)
    assert result.question_number == "567"
    assert result.question_reference == "Drucksache 18/1000"
    assert result.question_title == "Was bringt die Ruhr-Konferenz für Gelsenkirchen?"
    assert result.askers == ["Erika Muster", "Max Beispiel"]
    assert result.party == "GRÜNE"
    assert (result.municipality.ags, result.municipality.name) == ("05513000", "Gelsenkirchen")
    assert result.statements == ["Die auf Gelsenkirchen entfallenden Mittel wurden nicht gesondert erfasst."]


def test_other_city_entries(gelsenkirchen):
    first, second = gelsenkirchen.entries
    assert first.code == "04-03"
    assert first.title == "Wasserstoff-Hub Emscher-Lippe"
    assert first.action_field == ENERGY  # heading wrapped over two lines
    assert first.local_relation.startswith("Am Standort Gelsenkirchen-Scholven entsteht ein Elektrolyseur.")
    assert "in Gelsenkirchen mit 1,5 Mio. Euro" in first.local_relation
    # The project total is not money for the place.
    assert [(f.amount_eur, f.qualifier) for f in first.local_funding] == [(Decimal(1500000), None)]
    assert second.code == "20-01"  # printed with the letter O
    assert second.title == "Kohle-Erbe Ruhr"
    assert second.local_relation == "Ein Museum in Gelsenkirchen-Buer."
    assert second.action_field is None


def test_other_city_warnings(gelsenkirchen):
    messages = [w.message for w in gelsenkirchen.warnings]
    assert any("Unbekanntes Handlungsfeld „Heimat und Tradition“" in m for m in messages)
    assert any("[2O-01]" in m and "20-01" in m for m in messages)
    assert any("[xx-?1]" in m and "nicht lesbar" in m for m in messages)
    assert "Im Übrigen" not in " ".join(e.local_relation for e in gelsenkirchen.entries)


def test_answer_without_table_warns():
    text = "Antwort der Landesregierung auf die Kleine Anfrage 12 mit Schreiben vom 1. Juli 2021.\n\nKeine Projekte.\n"
    result = parse_parliamentary_answer(text, gazetteer=Gazetteer.default())
    assert result.question_number == "12"
    assert result.entries == []
    assert result.document.date == date(2021, 7, 1)
    assert any("Keine Projekttabelle" in w.message for w in result.warnings)


def test_municipality_outside_the_ruhr_is_warned():
    text = (
        "Kleine Anfrage 9\n\nHandlungsfeld Vernetzte Mobilität – kurze Wege\n\n"
        "Projekt [ID-Nr.] Lokaler Bezug des Projektes zu Köln\n\nProjekt X [13-05]\n\nIn Köln.\n"
    )
    result = parse_parliamentary_answer(text, gazetteer=Gazetteer.default())
    assert result.municipality is None
    assert [e.code for e in result.entries] == ["13-05"]
    assert any("Köln" in w.message for w in result.warnings)


@pytest.mark.parametrize("text", ["", "Einkaufsliste:\nBrot\nMilch\n", "\x00\x01 ### [12-34x?]"])
def test_garbage_raises_german_error(text):
    with pytest.raises(ValueError, match="nicht wie die Antwort auf eine Kleine Anfrage"):
        parse_parliamentary_answer(text, gazetteer=Gazetteer.default(), filename="x.txt")


def test_title_and_relation_without_blank_line_and_cited_codes():
    text = (
        "Kleine Anfrage 10\n\nHandlungsfeld Vernetzte Mobilität – kurze Wege\n\n"
        "Projekt [ID-Nr.] Lokaler Bezug des Projektes zu Herne\n\n"
        "Radschnellweg Ruhr [13-03]\nDer Abschnitt in Herne ist fertig.\n\n"
        "Mobilstationen [013-04]\n\n"
        "Die Stationen des Projektes [13-04]\ngenutzt von Pendlern aus Herne.\n"
    )
    result = parse_parliamentary_answer(text, gazetteer=Gazetteer.default())
    assert [(e.code, e.title) for e in result.entries] == [("13-03", "Radschnellweg Ruhr"), ("13-04", "Mobilstationen")]
    assert result.entries[0].local_relation == "Der Abschnitt in Herne ist fertig."
    assert result.entries[1].local_relation == "Die Stationen des Projektes [13-04] genutzt von Pendlern aus Herne."
    assert result.municipality.name == "Herne"
    assert "Projektnummer [013-04] als 13-04 gelesen." in [w.message for w in result.warnings]
