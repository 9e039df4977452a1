"""Parser for the chambers' list of project ideas (plain Python, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from places.gazetteer import Gazetteer
from sources.parsers.proposals import DEFAULT_TITLE, parse_proposals
from sources.parsers.text import join_lines, split_sentences

SEED = Path(__file__).resolve().parents[2] / "data" / "sources" / "ihk-hwk-projektideen-ruhrkonferenz.txt"


@pytest.fixture(scope="module")
def parsed():
    return parse_proposals(SEED.read_text(encoding="utf-8"), gazetteer=Gazetteer.default(), filename=SEED.name)


@pytest.fixture(scope="module")
def by_number(parsed):
    return {p.number: p for p in parsed.proposals}


# -- the seed document ------------------------------------------------------------------


def test_document_info(parsed):
    assert parsed.document.kind == "proposal_list"
    assert parsed.document.title == DEFAULT_TITLE
    assert parsed.document.line_count == len(SEED.read_text(encoding="utf-8").split("\n"))


def test_forty_consecutive_proposals(parsed):
    assert [p.number for p in parsed.proposals] == list(range(1, 41))


def test_themes_in_order(parsed):
    assert parsed.themes == [
        "Mobilität",
        "Digitalregion / Innovation / Betriebsgründung und -übergabe",
        "Mittelstand",
        "Energie",
        "Flächen",
        "Bildung und Fachkräftesicherung",
        "Weitere wichtige Ideen und Initiativen",
    ]


@pytest.mark.parametrize(
    ("number", "theme"),
    [
        (1, "Mobilität"),
        (9, "Mobilität"),
        (10, "Digitalregion / Innovation / Betriebsgründung und -übergabe"),
        (21, "Digitalregion / Innovation / Betriebsgründung und -übergabe"),
        (22, "Mittelstand"),
        (25, "Energie"),
        (28, "Flächen"),
        (33, "Bildung und Fachkräftesicherung"),
        (39, "Bildung und Fachkräftesicherung"),
        # The document prints a seventh heading before the last idea.
        (40, "Weitere wichtige Ideen und Initiativen"),
    ],
)
def test_theme_of_proposal(by_number, number, theme):
    assert by_number[number].theme == theme


def test_heading_outside_the_announced_themes_is_reported(parsed):
    assert len(parsed.warnings) == 1
    warning = parsed.warnings[0]
    assert warning.line == 773
    assert "Weitere wichtige Ideen und Initiativen" in warning.message


@pytest.mark.parametrize(
    ("number", "title"),
    [
        (1, "Planungsbeschleunigung aller BVWP-Projekte im Ruhrgebiet"),
        (6, "Einrichtung von Testfeldern für luftgebundene Innovationen in Weeze-Münster-Dortmund"),
        (15, "Etablierung eines „Open Data Portals Ruhr“ und Förderung des Einsatzes von eID-Systemen"),
        (19, "Innovations- und Technologie-Initiative Mittelstand Ruhr (InNoTeCh-Mittelstand Ruhr)"),
        (21, "Schaffung neuer Lebens-, Wissens- und Technologieparks am Beispiel des Projektes „Smart Rhino“"),
        (
            25,
            "Gestaltung nachhaltiger Quartiere – Das Ruhrgebiet als Pilotregion für den „Sanierungsfahrplan.Quartier.NRW“",
        ),
        (28, "Entwicklung der Metropole Ruhr als Modellregion zur beschleunigten Aktivierung von Brachflächen"),
        (32, "IGA Metropole Ruhr 2027 im Ruhrgebiet: Gewerbe und Grünflächen"),
        (36, "Förderung der Digitalisierung in der Aus- und Weiterbildung / Einführung des Digitalen Bildungspakts"),
        (37, "Für An- und Ungelernte: Ideen wie Teilqualifikationen oder Valikom im Ruhrgebiet umsetzen."),
    ],
)
def test_wrapped_titles_are_joined(by_number, number, title):
    assert by_number[number].title == title


def test_goal_and_background_with_dehyphenation(by_number):
    first = by_number[1]
    assert first.goal == (
        "Aufnahme aller Projekte des Bundesverkehrswegeplans (BVWP) im Ruhrgebiet ins "
        "Planungsbeschleunigungsgesetz des Bundes (inklusive der Sohlenstabilisierung des Rheins)."
    )
    assert first.background == (
        "Stärkung des Wirtschaftsstandortes durch den beschleunigten und bedarfsgerechten Ausbau der "
        "Verkehrsinfrastruktur (Straße, Schiene, Wasserstraße)."
    )
    assert first.source.start_line == 37
    assert first.source.end_line == 43


def test_paragraphs_with_a_blank_line_after_every_line(by_number):
    fifth = by_number[5]
    assert fifth.goal == (
        "Entwicklung des Güterbahnhofs Hamm und Schaffung eines KV-Terminals in Hagen als zusätzliche "
        "Standorte für die Schienenlogistik im Ruhrgebiet."
    )
    assert fifth.background.startswith(
        "Das Ruhrgebiet verfügt über eine dichte Schieneninfrastruktur. Diese sollte weiter"
    )
    assert "dritte Gleis Emmerich-Oberhausen" in fifth.background
    assert "Bahnknoten Duisburg im Westen" in fifth.background
    assert fifth.background.endswith("sorgen für überregional spürbare Arbeitsplatzimpulse.")
    nineteenth = by_number[19]
    assert nineteenth.goal.endswith("die Produkte/Dienstleistungen am Markt zu platzieren.")
    assert nineteenth.background.endswith("von den Lehrenden vorgelebt werden.")


def test_prose_that_starts_like_a_label_stays_in_the_background(by_number):
    assert "Ziel sollte es sein, frühzeitig schwach frequentierte Linien zu ersetzen" in by_number[8].background
    assert by_number[8].goal.endswith("durch das neue System.")
    assert "Hintergrund dessen ist, dass Akteure" in by_number[25].background
    assert "Vor diesem Hintergrund sollten Raum, Materialien" in by_number[39].background


def test_fields_carry_no_heading_or_next_proposal(by_number):
    assert by_number[9].background.endswith("im Rahmen des Zukunftsnetz Mobilität NRW.")
    assert "Digitalregion" not in by_number[9].background
    assert by_number[21].background.endswith("integriert in die drei Zukunftsstandorte der IGA 2027.")
    assert "Mittelstand" not in by_number[21].background
    assert by_number[40].background.endswith("positive Impulse für den Strukturwandel bewirkt.")


def test_municipalities_per_proposal(by_number):
    def found(number):
        return {m.name for m in by_number[number].municipalities}

    assert found(1) == set()
    assert found(4) == {"Duisburg", "Dortmund"}
    assert found(5) == {"Hamm", "Hagen", "Oberhausen", "Duisburg"}
    assert found(6) == {"Dortmund"}  # Weeze and Münster are outside the Ruhr area
    assert found(12) == {"Duisburg", "Essen", "Kamp-Lintfort", "Bottrop"}
    assert found(15) == {"Gelsenkirchen"}
    assert found(38) == {"Duisburg"}
    assert found(40) == set()  # München
    duisburg_in_5 = [m for m in by_number[5].municipalities if m.name == "Duisburg"]
    assert [m.line for m in duisburg_in_5] == [111]  # "Du-" / "" / "isburg"


def test_to_dict_is_json_shaped(parsed):
    data = parsed.to_dict()
    assert data["proposals"][0]["source"] == {"start_line": 37, "end_line": 43}
    assert data["document"]["date"] is None


# -- small inputs -----------------------------------------------------------------------

SMALL = """Projektideen für Gelsenkirchen

Mobilität

1. Ausbau der Straßen-
bahn nach Gelsenkirchen-Buer

Ziel: Eine schnelle Verbin-
dung.

Hintergrund: Die Linie endet heute
am Hauptbahnhof.

3. Radwege
Ziel: Mehr Radwege.
Hintergrund: Viele fahren Rad.
"""


def test_small_list_with_title_gap_and_municipality():
    result = parse_proposals(SMALL, gazetteer=Gazetteer.default())
    assert result.document.title == "Projektideen für Gelsenkirchen"
    assert [p.number for p in result.proposals] == [1, 3]
    first = result.proposals[0]
    assert first.title == "Ausbau der Straßenbahn nach Gelsenkirchen-Buer"
    assert first.theme == "Mobilität"
    assert first.goal == "Eine schnelle Verbindung."
    assert first.background == "Die Linie endet heute am Hauptbahnhof."
    assert [(m.name, m.line) for m in first.municipalities] == [("Gelsenkirchen", 6)]
    assert result.proposals[1].theme == "Mobilität"
    gaps = [w for w in result.warnings if "Nr. 2" in w.message]
    assert len(gaps) == 1 and gaps[0].line == 14


def test_duplicate_number_is_warned():
    text = "1. Eins\nZiel: a.\nHintergrund: b.\n\n2. Zwei\nZiel: c.\nHintergrund: d.\n\n2. Nochmal zwei\nZiel: e.\nHintergrund: f.\n"
    result = parse_proposals(text, gazetteer=Gazetteer.default())
    assert [p.number for p in result.proposals] == [1, 2, 2]
    assert any(w.line == 9 and "mehrfach" in w.message for w in result.warnings)


def test_missing_background_is_warned_and_goal_kept():
    text = "1. Ohne Hintergrund\n\nZiel: Ein Ziel,\nüber zwei Zeilen.\n\n2. Mit allem\nZiel: x.\nHintergrund: y.\n"
    result = parse_proposals(text, gazetteer=Gazetteer.default())
    first = result.proposals[0]
    assert first.goal == "Ein Ziel, über zwei Zeilen."
    assert first.background == ""
    assert any(w.line == 1 and "Hintergrund" in w.message for w in result.warnings)


def test_text_without_label_is_kept_as_goal():
    text = "1. Idee\n\nDas Ruhrgebiet soll grüner werden.\n\nHintergrund: Es ist grau.\n"
    result = parse_proposals(text, gazetteer=Gazetteer.default())
    assert result.proposals[0].title == "Idee"
    assert result.proposals[0].goal == "Das Ruhrgebiet soll grüner werden."
    assert any("ohne „Ziel:“" in w.message for w in result.warnings)


def test_dates_at_line_start_are_not_proposals():
    text = "1. Erste Idee\nZiel: Start am\n2. Oktober 2019 im Rathaus.\nHintergrund: x.\n"
    result = parse_proposals(text, gazetteer=Gazetteer.default())
    assert [p.number for p in result.proposals] == [1]
    assert result.proposals[0].goal == "Start am 2. Oktober 2019 im Rathaus."


def test_bullet_glyphs_do_not_leak():
    text = "1. Idee\nZiel: \uf0b7 Erstens • zweitens.\nHintergrund: \U0001f4a1 Licht.\n"
    result = parse_proposals(text, gazetteer=Gazetteer.default())
    assert result.proposals[0].goal == "Erstens zweitens."
    assert result.proposals[0].background == "Licht."


@pytest.mark.parametrize(
    "text", ["", "Nur ein Satz ohne Nummern.", "\x00\x01 garbage ### 12345", "Ziel: etwas\nHintergrund: x"]
)
def test_garbage_raises_german_error(text):
    with pytest.raises(ValueError, match="Keine nummerierten Projektideen"):
        parse_proposals(text, gazetteer=Gazetteer.default())


def test_error_names_the_file():
    with pytest.raises(ValueError, match=r"^liste\.txt: "):
        parse_proposals("nichts", gazetteer=Gazetteer.default(), filename="liste.txt")


# -- helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["Pla-", "nungsbeschleunigungsgesetz"], "Planungsbeschleunigungsgesetz"),
        (["Weeze-Münster-", "", "Dortmund"], "Weeze-Münster-Dortmund"),
        (["Ruhr-", "Universität"], "Ruhr-Universität"),
        (["Förder-", "und Investitionsvolumina"], "Förder- und Investitionsvolumina"),
        (["[05-", "02]"], "[05-02]"),
        (["Talents4Teachers –", "Teachers4Talents"], "Talents4Teachers – Teachers4Talents"),
        (["Blockchain- ", "Instituts"], "Blockchain-Instituts"),
        (["  viele   Leerzeichen ", "", "  hier "], "viele Leerzeichen hier"),
    ],
)
def test_join_lines(lines, joined):
    assert join_lines(lines) == joined


def test_split_sentences_respects_abbreviations_and_ordinals():
    text = "Partner sind Prof. Dr. Zepp und z. B. die RUB. Am 30. September 2020 kam die Antwort. Ende"
    assert split_sentences(text) == [
        "Partner sind Prof. Dr. Zepp und z. B. die RUB.",
        "Am 30. September 2020 kam die Antwort.",
        "Ende",
    ]
