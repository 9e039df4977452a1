"""Kinds of money as the documents state them: applied for, planned, granted, paid out, project volume."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sources.parsers.funding_kinds import kind_of_amount
from sources.parsers.numbers import find_amounts
from sources.parsers.parliamentary_answer import parse_parliamentary_answer


def kinds(sentence: str) -> list[tuple[Decimal, str]]:
    return [(a.value, kind_of_amount(sentence, a.start, a.end).kind) for a in find_amounts(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the 2020 answer on Bochum
        (
            "Bis heute wurden sechs Anträge aus Bochum mit einem Fördervolumen von 521.864 Euro eingereicht.",
            ["applied"],
        ),
        ("Die RUB erhält hier rund 65.000 Euro Förderung.", ["granted"]),
        # the same facts in other words
        ("Für Maßnahmen in Bochum sind Fördermittel in Höhe von 521.864 Euro beantragt worden.", ["applied"]),
        ("Der Förderantrag der Stadt über 250.000 Euro befindet sich in Prüfung.", ["applied"]),
        ("Es liegen Anträge im Umfang von 1,2 Mio. Euro vor.", ["applied"]),
        ("Der Stadt Herne wurden 300.000 Euro bewilligt.", ["granted"]),
        ("Mit Zuwendungsbescheid vom 3. Mai 2021 erhielt die Hochschule 1,1 Mio. Euro.", ["granted"]),
        ("Das Land fördert das Vorhaben in Essen mit 1,5 Millionen Euro.", ["granted"]),
        ("Die Stadt Gelsenkirchen hat 90.000 Euro Fördermittel erhalten.", ["granted"]),
        ("Für Hamm stehen 500.000 Euro bereit.", ["granted"]),
        ("Bisher sind 150.000 Euro abgeflossen.", ["paid"]),
        ("An die Stadt Dortmund wurden bis Ende 2023 rund 2,4 Mio. Euro ausgezahlt.", ["paid"]),
        ("Für die Stadt Herne sind im Haushalt 2025 rund 400.000 Euro vorgesehen.", ["planned"]),
        ("Das Projektvolumen in Dortmund beträgt 3 Mio. Euro.", ["volume"]),
        ("Die Gesamtkosten der Maßnahme in Bottrop belaufen sich auf 800.000 Euro.", ["volume"]),
        # a sentence without a word for the kind: left unstated, not guessed
        ("Auf Bochum entfallen 200.000 Euro.", [""]),
        # two amounts, two kinds: each amount takes the wording that refers to it
        ("Von den bewilligten 2 Mio. Euro wurden bisher 1,2 Mio. Euro ausgezahlt.", ["granted", "paid"]),
        ("Eine Zusage über 75.000 Euro liegt vor, ausgezahlt wurden bislang 20.000 Euro.", ["granted", "paid"]),
        ("Bewilligt wurden 1,1 Mio. Euro; beantragt waren 1,4 Mio. Euro.", ["granted", "applied"]),
        # coordinated and negated wording
        ("Es wurden 2 Mio. Euro beantragt und bewilligt.", ["granted"]),
        ("Für Bochum wurden 300.000 Euro beantragt, aber noch nicht bewilligt.", ["applied"]),
        ("Die 300.000 Euro sind noch nicht bewilligt.", ["applied"]),
        ("Die Mittel in Höhe von 60.000 Euro wurden noch nicht ausgezahlt.", ["granted"]),
    ],
)
def test_kind_per_amount_as_a_careful_reader_would(sentence, expected):
    assert [kind for _value, kind in kinds(sentence)] == expected


def test_the_2020_bochum_answer_keeps_applied_apart_from_granted(answer_path):
    parsed = parse_parliamentary_answer(answer_path.read_text(encoding="utf-8"))
    funding = {e.code: e.local_funding for e in parsed.entries if e.local_funding}
    assert set(funding) == {"14-01", "14-02"}
    (applied,) = funding["14-02"]
    assert (applied.amount_eur, applied.kind, applied.kind_wording) == (Decimal("521864"), "applied", "eingereicht")
    (granted,) = funding["14-01"]
    assert (granted.amount_eur, granted.qualifier, granted.kind) == (Decimal("65000"), "approx", "granted")


def test_another_edition_in_other_words(answer_path):
    """The same table as a later answer might word it: bewilligt, ausgezahlt, and one place with both."""
    text = answer_path.read_text(encoding="utf-8")
    replacements = {
        "Bis \nheute wurden sechs Anträge aus \nBochum mit einem Fördervolumen von \n521.864 Euro eingereicht.": (
            "Für sechs Vorhaben in \nBochum wurden inzwischen 480.000 Euro \nbewilligt, davon 120.000 Euro ausgezahlt."
        ),
        "Die RUB erhält hier rund 65.000 \nEuro Förderung.": "Für die RUB sind rund 65.000 \nEuro vorgesehen.",
    }
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    parsed = parse_parliamentary_answer(text)
    funding = {e.code: [(f.amount_eur, f.kind) for f in e.local_funding] for e in parsed.entries if e.local_funding}
    assert funding["14-02"] == [(Decimal("480000"), "granted"), (Decimal("120000"), "paid")]
    assert funding["14-01"] == [(Decimal("65000"), "planned")]
