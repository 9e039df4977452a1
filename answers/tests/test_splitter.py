"""The splitter reads numbering as a person would (plain Python, no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from answers.splitter import government_remark, read_pasted_question, split_questions
from conftest import BOCHUM_ANSWER


@pytest.mark.parametrize(
    "text",
    [
        "1. Wie viele?\n2. Welche?\n3. Wann?",
        "1) Wie viele?\n2) Welche?\n3) Wann?",
        "1.) Wie viele?\n2.) Welche?\n3.) Wann?",
        "(1) Wie viele?\n(2) Welche?\n(3) Wann?",
        "Frage 1: Wie viele?\nFrage 2 Welche?\nFrage 3. Wann?",
        "1. Wie viele? 2. Welche? 3. Wann?",
        "Frage 1: Wie viele? Frage 2: Welche? Frage 3: Wann?",
    ],
)
def test_numbering_styles(text):
    assert [(q.number, q.text) for q in split_questions(text)] == [(1, "Wie viele?"), (2, "Welche?"), (3, "Wann?")]


def test_dates_amounts_and_out_of_order_numbers_do_not_open_a_question():
    text = (
        "1. Was wurde am\n2. Oktober 2019 im Ausschuss beschlossen?\n"
        "2. Fließen\n5 Mio. Euro nach Bochum?\n"
        "4. (gemeint ist:) Wer entscheidet?\n"
        "3. Wer entscheidet? a) das Land, b) die Stadt?"
    )
    questions = split_questions(text)
    assert [q.number for q in questions] == [1, 2, 3]
    assert questions[0].text == "Was wurde am 2. Oktober 2019 im Ausschuss beschlossen?"
    assert questions[1].text == "Fließen 5 Mio. Euro nach Bochum? 4. (gemeint ist:) Wer entscheidet?"
    assert questions[2].text == "Wer entscheidet? a) das Land, b) die Stadt?"


def test_questions_broken_over_blank_lines_and_hyphenation_are_joined():
    text = "1. Welche Projekte sind in Bochum ver-\nankert? (Bitte lokalen\n\nBezug aufzeigen.)\n\n2. Wie?"
    questions = split_questions(text)
    assert questions[0].text == "Welche Projekte sind in Bochum verankert? (Bitte lokalen Bezug aufzeigen.)"
    assert (questions[0].start_line, questions[0].end_line) == (1, 4)
    assert questions[1].start_line == 6


def test_the_answer_after_the_questions_is_not_part_of_the_last_question():
    text = "1. Wie viele?\n2. Welche? (Bitte\nangeben.)\n\nDie Fragen 1 und 2 werden zusammen beantwortet:\n1. Punkt"
    assert [q.text for q in split_questions(text)] == ["Wie viele?", "Welche? (Bitte angeben.)"]
    assert [q.text for q in split_questions("1. Wie?\nAntwort der Landesregierung\n2. nein")] == ["Wie?"]


def test_the_head_of_a_landtag_paper_is_read():
    pasted = read_pasted_question(
        "LANDTAG NORDRHEIN-WESTFALEN\n18. Wahlperiode\nDrucksache 18/9876\n12.03.2025\n\nKleine Anfrage 4711\n\n"
        "der Abgeordneten Max Muster und Erika Beispiel BÜNDNIS 90/DIE GRÜNEN\n\nRuhr-Konferenz in Herne\n\n"
        "Vorbemerkung der Kleinen Anfrage\nDie Landesregierung\nrühmt sich.\n\n1. Welche Projekte?\n2. Wie?"
    )
    assert pasted.number == "4711" and pasted.printed_paper == "18/9876" and pasted.electoral_term == 18
    assert pasted.askers == ["Max Muster", "Erika Beispiel"] and pasted.parties == "BÜNDNIS 90/DIE GRÜNEN"
    assert pasted.asked_on == date(2025, 3, 12)
    assert pasted.title == "Ruhr-Konferenz in Herne"
    assert pasted.remark == "Die Landesregierung rühmt sich."
    assert [q.number for q in pasted.questions] == [1, 2]


def test_the_bochum_answer_of_2020():
    pasted = read_pasted_question(BOCHUM_ANSWER.read_text(encoding="utf-8"))
    assert [q.number for q in pasted.questions] == [1, 2, 3, 4, 5]
    assert pasted.questions[0].text == (
        "Welche Projekte der „Ruhrkonferenz“ sind in Bochum verankert? "
        "(Bitte lokalen Bezug im Einzelnen aufzeigen und jeweilige Fördervolumina angeben.)"
    )
    assert pasted.questions[4].text.endswith(
        "(Bitte das Gesamtkonzept umreißen und die Zielperspektiven im Verhältnis dazu erläutern.)"
    )
    assert pasted.number == "4284" and pasted.printed_paper == "17/10815" and pasted.parties == "SPD"
    assert pasted.askers == ["Prof. Dr. Karsten Rudolph", "Carina Gödecke", "Serdar Yüksel"]
    # The minister's letter is dated ("mit Schreiben vom 30. September 2020"); the question's date is not printed.
    assert pasted.asked_on is None
    assert pasted.remark.startswith("Mit der sogenannten „Ruhrkonferenz“")


def test_the_government_remark_of_an_answer_without_running_heads():
    remark = government_remark(BOCHUM_ANSWER.read_text(encoding="utf-8"))
    assert remark.startswith("Die Ruhr-Konferenz der Landesregierung hat ein Gesamtkonzept mit klarer Zielperspektive")
    assert remark.endswith(
        "Alles, was dazu beiträgt, gehört zum fünften Handlungsfeld, „Beste Bildung – exzellente Forschung“."
    )
    assert "LANDTAG" not in remark and "Welche Projekte" not in remark
    assert "\n\n" in remark  # paragraphs kept


_PIECES = st.sampled_from(
    ["1.", "2)", "3.)", "(4)", "Frage 5", "Frage 2:", "\n", "\n\n", "?", ".)", " ", "2. Oktober 2019", "5 Mio. Euro",
     "Die Fragen 1 und 2", "Antwort", "der Abgeordneten A, B SPD", "Drucksache 18/12", "31.02.2024", "•", "Welche"]
)  # fmt: skip


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.one_of(st.text(max_size=400), st.lists(_PIECES, max_size=60).map("".join)))
def test_any_text_gives_consecutive_numbers_and_never_an_exception(text):
    questions = split_questions(text)
    assert [q.number for q in questions] == list(range(1, len(questions) + 1))
    assert all(q.start_line <= q.end_line for q in questions)
    read_pasted_question(text)
    government_remark(text)
