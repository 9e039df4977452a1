"""The gazetteer: Ruhr municipalities in German text (plain Python, no database)."""

from __future__ import annotations

import pytest

from places.gazetteer import CSV_PATH, Gazetteer

BOCHUM = "05911000"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def names(gazetteer: Gazetteer, text: str) -> list[str]:
    return [m.name for m in gazetteer.find(text)]


def test_reads_all_53_municipalities_from_csv():
    gazetteer = Gazetteer.from_csv(CSV_PATH)
    assert len(gazetteer.names) == 53
    assert gazetteer.names[BOCHUM] == "Bochum"


def test_default_is_built_once():
    assert Gazetteer.default() is Gazetteer.default()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Bochum", (BOCHUM, "Bochum")),
        ("bochum", (BOCHUM, "Bochum")),
        ("05911000", (BOCHUM, "Bochum")),
        ("5911000", (BOCHUM, "Bochum")),
        (" Stadt Bochum ", (BOCHUM, "Bochum")),
        ("Bochumer", (BOCHUM, "Bochum")),
        ("Mülheim", ("05117000", "Mülheim an der Ruhr")),
        ("Muelheim an der Ruhr", ("05117000", "Mülheim an der Ruhr")),
        ("Mülheim a. d. Ruhr", ("05117000", "Mülheim an der Ruhr")),
        ("MÜLHEIM AN DER RUHR", ("05117000", "Mülheim an der Ruhr")),
        ("Castrop-Rauxel", ("05562004", "Castrop-Rauxel")),
        ("Wetter", ("05954032", "Wetter (Ruhr)")),
        ("Fröndenberg", ("05978012", "Fröndenberg/Ruhr")),
        ("Haltern", ("05562016", "Haltern am See")),
        ("Luenen", ("05978024", "Lünen")),
    ],
)
def test_lookup_accepts_spellings(gazetteer, query, expected):
    assert gazetteer.lookup(query) == expected


@pytest.mark.parametrize("query", ["Kreis Unna", "Ennepe-Ruhr-Kreis", "Leverkusen", "Münster", "", "12345678", "Ruhr"])
def test_lookup_rejects_districts_and_other_places(gazetteer, query):
    assert gazetteer.lookup(query) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zahlreiche Bochumer Institutionen", ["Bochum"]),
        ("Bochums Innenstadt", ["Bochum"]),
        ("das Leben der Bochumerinnen und Bochumer", ["Bochum"]),
        ("am Dortmunder U", ["Dortmund"]),
        ("Gelsenkirchener Unternehmen", ["Gelsenkirchen"]),
        ("das Duisburger Schulmodell", ["Duisburg"]),
        ("Essener Verkehrsbetriebe", ["Essen"]),
        ("die Bottroper Innenstadt", ["Bottrop"]),
        ("Recklinghäuser Festspiele", ["Recklinghausen"]),
        ("Ruhr-Universität Bochum", ["Bochum"]),
        ("Hochschule Bochum", ["Bochum"]),
    ],
)
def test_finds_inflections_and_demonyms(gazetteer, text, expected):
    assert names(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wohnen in Recklinghausen-Hillerheide", ["Recklinghausen"]),
        ("Dortmund-Wichlinghofen", ["Dortmund"]),
        ("Oberhausen-Sterkrade", ["Oberhausen"]),
        ("Testfeld Weeze-Münster-Dortmund", ["Dortmund"]),
        ("Universität Duisburg-Essen", ["Duisburg", "Essen"]),
        ("die Emscher-Lippe-Region", []),
        ("Castrop-Rauxel, Neukirchen-Vluyn und Kamp-Lintfort", ["Castrop-Rauxel", "Neukirchen-Vluyn", "Kamp-Lintfort"]),
        ("Oer-Erkenschwick", ["Oer-Erkenschwick"]),
    ],
)
def test_compounds(gazetteer, text, expected):
    assert names(gazetteer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mülheim an der Ruhr",
        "Mülheim",
        "Mülheim a. d. Ruhr",
        "Mülheim a.d. Ruhr",
        "Muelheim an der Ruhr",
        "Mülheimer Hafen",
    ],
)
def test_muelheim_spellings(gazetteer, text):
    assert names(gazetteer, text) == ["Mülheim an der Ruhr"]


@pytest.mark.parametrize(
    "text",
    [
        "Wir wollen gemeinsam essen.",
        "Das Essen war gut.",
        "warmes Essen für Kinder",
        "Essen und Trinken",
        "ein Hammer und ein Nagel",
        "Kopenhagen ist weit weg.",
        "Wanderungen in den Alpen",
        "Das Wetter war schön.",
        "Köln-Mülheim ist ein Stadtteil von Köln.",
        "Herr Hagen sagte das.",
        "im Kreis Wesel",
        "der Kreis Unna und der Kreis Recklinghausen",
        "Landkreis Wesel",
        "Ennepe-Ruhr-Kreis",
        "die Kreise Recklinghausen, Unna und Wesel",
        "Der Osten mit Laer und Langendreer/Werne",
        "Leverkusen, Chemnitz, Bocholt, Düsseldorf, Köln, Aachen, Münster, Weeze, Bonn und Wuppertal",
    ],
)
def test_does_not_report_common_words_districts_or_other_places(gazetteer, text):
    assert names(gazetteer, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bahnknoten in Essen", ["Essen"]),
        ("zwischen Essen und Bochum", ["Essen", "Bochum"]),
        ("Hamm und Hagen", ["Hamm", "Hagen"]),
        ("Hamminkeln", ["Hamminkeln"]),
        ("Güterbahnhof Hamm", ["Hamm"]),
        ("die Kreisstadt Wesel", ["Wesel"]),
        ("Moers und Herne", ["Moers", "Herne"]),
        ("Wetter (Ruhr)", ["Wetter (Ruhr)"]),
        ("die Stadt Wetter", ["Wetter (Ruhr)"]),
        ("die Gemeinde Alpen", ["Alpen"]),
        ("BOCHUM", ["Bochum"]),
        ("Castrop-Rauxel/Waltrop", ["Castrop-Rauxel", "Waltrop"]),
        ("Stadt Wesel, Ennepe-Ruhr-Kreis, Kreise Recklinghausen, Unna und Wesel", ["Wesel"]),
    ],
)
def test_reports_the_places(gazetteer, text, expected):
    assert names(gazetteer, text) == expected


def test_district_and_town_on_separate_lines(gazetteer):
    mentions = gazetteer.find("Kreis Wesel\nWesel\nKreis Unna, Stadt Unna")
    assert [(m.name, m.line) for m in mentions] == [("Wesel", 2), ("Unna", 3)]


def test_westfaelische_hochschule_is_not_bocholt(gazetteer):
    text = "die Westfälische Hochschule Gelsenkirchen, Bocholt, Recklinghausen"
    assert names(gazetteer, text) == ["Gelsenkirchen", "Recklinghausen"]


def test_line_numbers_start_at_first_line_and_one_mention_per_line(gazetteer):
    mentions = gazetteer.find("Bochum und Bochumer\n\nDortmund, Bochum", first_line=10)
    assert [(m.ags, m.line) for m in mentions] == [(BOCHUM, 10), ("05913000", 12), (BOCHUM, 12)]
    assert mentions[0].context == "Bochum und Bochumer"


def test_name_hyphenated_across_lines_is_reported_on_first_line(gazetteer):
    mentions = gazetteer.find("Zudem sollten in Ergänzung zum Bahnknoten Du-\n\nisburg im Westen", first_line=111)
    assert [(m.name, m.line) for m in mentions] == [("Duisburg", 111)]
    assert "Duisburg" in mentions[0].context
    assert [(m.name, m.line) for m in gazetteer.find("in Bo-\nchum")] == [("Bochum", 1)]
    assert names(gazetteer, "Castrop-\nRauxel") == ["Castrop-Rauxel"]


def test_word_fragment_at_line_end_is_not_a_place(gazetteer):
    # "Hamm-" + "inkeln" is Hamminkeln, not Hamm.
    assert names(gazetteer, "in Hamm-\ninkeln") == ["Hamminkeln"]


def test_long_lines_give_a_short_context(gazetteer):
    text = "x " * 300 + "Bochum" + " y" * 300
    (mention,) = gazetteer.find(text)
    assert len(mention.context) <= 200
    assert "Bochum" in mention.context


def test_custom_entries():
    gazetteer = Gazetteer([("05911000", "Bochum"), ("05914000", "Hagen")])
    assert names(gazetteer, "Bochum, Hagen und Dortmund") == ["Bochum", "Hagen"]
    assert gazetteer.lookup("Dortmund") is None
