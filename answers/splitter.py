"""A pasted Kleine Anfrage → its numbered questions and the facts of its head (plain Python, no Django).

Numbering is read as a person reads it: "1.", "2)", "3.)", "(4)", "Frage 5", "Frage 6:" at the start of a
line (or after the end of the previous question on the same line) open a question, but only when it is the
number that comes next. So "2. Oktober 2019" inside a paragraph, "5 Mio. Euro" or a numbered list inside a
question ("a)", "b)") never start one. Text copied from a PDF breaks questions over blank lines ("(Bitte lokalen"
/ "" / "Bezug im Einzelnen aufzeigen …)"); a blank line ends a question only where its sentence is complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sources.parsers.text import join_lines, split_lines

_MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}  # fmt: skip
_MONTH_WORDS = "|".join(_MONTHS)
# "Frage 3", "Frage 3:", "3.", "3)", "3.)", "(3)" followed by the question's first word.
_MARKER = re.compile(
    r"^\s*(?:Frage\s+(?P<frage>\d{1,2})\s*[.:)]?|\(\s*(?P<paren>\d{1,2})\s*\)|(?P<plain>\d{1,2})\s*(?:\.\s*\)|[.)]))"
    r"\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
# Where a line goes on after a complete question: "… angeben? 2. Wie …"
_INLINE = re.compile(r"(?<=[?.!)])\s+(?=(?:Frage\s+\d{1,2}\s*[.:)]?|\(\d{1,2}\)|\d{1,2}\s*(?:\.\s*\)|[.)]))\s+\S)")
_NOT_A_QUESTION_START = re.compile(rf"^(?:{_MONTH_WORDS})\b|^\d|^(?:Mio|Mrd|Tsd|Prozent|%|€|Euro)\b", re.IGNORECASE)
# What follows the questions in a Landtag paper, even without a blank line before it.
_AFTER_QUESTIONS = re.compile(
    r"^\s*(?:Die\s+Fragen\s+\d|Antwort\b|Zu\s+(?:den\s+)?Fragen?\s+\d|Zur\s+Frage\b|Vorbemerkung\s+der\s+Landesregierung"
    r"|Der\s+Minister|Die\s+Ministerin|LANDTAG\s+NORDRHEIN)",
    re.IGNORECASE,
)
_COMPLETE = re.compile(r"(?:[?.!]|[?.!]\s*[)\]“\"])\s*$")

_KLEINE_ANFRAGE = re.compile(r"\bKleinen?\s+Anfrage\s+(?P<number>\d{1,5})\b")
_DRUCKSACHE = re.compile(r"\bDrucksache\s+(?P<term>\d{1,2})\s*/\s*(?P<number>\d{1,6})\b")
_TERM = re.compile(r"\b(?P<term>\d{1,2})\.\s*Wahlperiode\b")
_ASKERS = re.compile(r"^\s*(?:des|der)\s+Abgeordneten\s+(?P<names>.+?)\s*$", re.IGNORECASE)
_PARTY = re.compile(
    r"\s+(?P<party>SPD|CDU|FDP|AfD|BSW|fraktionslos|GRÜNE|BÜNDNIS\s*90\s*/\s*DIE\s*GRÜNEN|DIE\s+LINKE)\s*$"
)
_NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b")
_TEXT_DATE = re.compile(rf"\b(?P<d>\d{{1,2}})\.\s*(?P<m>{_MONTH_WORDS})\s+(?P<y>\d{{4}})\b", re.IGNORECASE)
_HEAD_LINES = 15  # the date of a question stands in the paper's first lines, before its preliminary remark
_REMARK_HEADING = re.compile(r"^\s*Vorbemerkung\s+(?:der|zur)\s+Kleinen\s+Anfrage\s*$", re.IGNORECASE)


@dataclass
class SplitQuestion:
    number: int
    text: str
    start_line: int  # 1-based, as an editor shows it
    end_line: int


@dataclass
class PastedQuestion:
    """What a pasted Kleine Anfrage says about itself; every field may be empty, the office completes it."""

    questions: list[SplitQuestion]
    number: str = ""
    electoral_term: int | None = None
    printed_paper: str = ""  # "18/1234", the Drucksache of the question
    askers: list[str] = field(default_factory=list)
    parties: str = ""
    asked_on: date | None = None
    title: str = ""
    remark: str = ""  # Vorbemerkung der Kleinen Anfrage


def split_questions(text: str) -> list[SplitQuestion]:
    """The numbered questions of a text, in order; text before "1." and after the last question is left out."""
    lines = _logical_lines(text)
    found: list[SplitQuestion] = []
    raw: list[str] = []
    blank_since_text = False
    for line_no, line in lines:
        if not line.strip():
            blank_since_text = True
            continue
        expected = found[-1].number + 1 if found else 1
        marker = _MARKER.match(line)
        if marker and _number(marker) == expected and not _NOT_A_QUESTION_START.match(marker["rest"]):
            raw = [marker["rest"]]
            found.append(SplitQuestion(expected, join_lines(raw), line_no, line_no))
        elif found:
            complete = bool(_COMPLETE.search(found[-1].text))
            if _AFTER_QUESTIONS.match(line) or (blank_since_text and complete and not line.lstrip().startswith("(")):
                # The questions are over; later numbers belong to the answer ("Zu Frage 2"), not to a question.
                break
            raw.append(line)
            found[-1].text = join_lines(raw)
            found[-1].end_line = line_no
        blank_since_text = False
    return found


def _number(marker: re.Match) -> int:
    return int(marker["frage"] or marker["paren"] or marker["plain"])


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with their 1-based number; a line holding "…? 2. Wie …?" is cut before each further number."""
    out: list[tuple[int, str]] = []
    for i, line in enumerate(split_lines(text), start=1):
        parts = _INLINE.split(line)
        out.extend((i, part) for part in parts)
    return out


def read_pasted_question(text: str) -> PastedQuestion:
    """The questions plus what the head of a Landtag paper states: number, Drucksache, askers, party, date, title."""
    lines = split_lines(text)
    questions = split_questions(text)
    head_end = questions[0].start_line - 1 if questions else len(lines)
    head = lines[:head_end]
    result = PastedQuestion(questions=questions)
    head_text = "\n".join(head)
    if m := _KLEINE_ANFRAGE.search(head_text):
        result.number = m["number"]
    if m := _DRUCKSACHE.search(head_text):
        result.printed_paper = f"{m['term']}/{m['number']}"
        result.electoral_term = int(m["term"])
    if m := _TERM.search(head_text):
        result.electoral_term = int(m["term"])
    result.asked_on = _asked_on(head)
    for index, line in enumerate(head):
        if m := _ASKERS.match(line):
            names = m["names"]
            if p := _PARTY.search(names):
                result.parties = re.sub(r"\s+", " ", p["party"])
                names = names[: p.start()]
            result.askers = [n.strip() for n in re.split(r",|\s+und\s+", names) if n.strip()]
            result.title = _title_after(head, index + 1)
            break
    result.remark = _remark(head)
    return result


def _asked_on(head: list[str]) -> date | None:
    """The date of the question: "Kleine Anfrage 4284 vom 31.08.2020", else the first date of the paper's head.

    The head of an answer also dates the minister's letter ("mit Schreiben vom …"): that is not the question's date.
    """
    text = "\n".join(head[:_HEAD_LINES])
    if remark := next((i for i, line in enumerate(head) if _REMARK_HEADING.match(line)), None):
        text = "\n".join(head[: min(remark, _HEAD_LINES)])
    candidates = []
    for m in _NUMERIC_DATE.finditer(text):
        candidates.append((m.start(), int(m["y"]), int(m["m"]), int(m["d"])))
    for m in _TEXT_DATE.finditer(text):
        candidates.append((m.start(), int(m["y"]), _MONTHS[m["m"].lower()], int(m["d"])))
    for pos, y, mo, d in sorted(candidates):
        if re.search(r"Schreiben\s+vom\s*$", text[max(0, pos - 30) : pos]):
            continue
        try:
            return date(y, mo, d)
        except ValueError:
            continue
    return None


def _title_after(head: list[str], start: int) -> str:
    """The first paragraph after the askers that is neither a Drucksache line nor a heading."""
    paragraph: list[str] = []
    for line in head[start:]:
        stripped = line.strip()
        if _DRUCKSACHE.fullmatch(stripped) or (_DRUCKSACHE.match(stripped) and len(stripped) < 25):
            continue
        if not stripped:
            if paragraph:
                break
            continue
        if _REMARK_HEADING.match(stripped):
            break
        paragraph.append(stripped)
    return join_lines(paragraph)


def _remark(head: list[str]) -> str:
    for index, line in enumerate(head):
        if _REMARK_HEADING.match(line):
            paragraphs: list[str] = []
            current: list[str] = []
            for raw in head[index + 1 :]:
                if _AFTER_QUESTIONS.match(raw):
                    break
                if raw.strip():
                    current.append(raw)
                elif current:
                    paragraphs.append(join_lines(current))
                    current = []
            if current:
                paragraphs.append(join_lines(current))
            return "\n\n".join(paragraphs)
    return ""


_GOVERNMENT_REMARK = re.compile(r"^\s*Vorbemerkung\s+der\s+Landesregierung\s*$", re.IGNORECASE)
_RUNNING_HEAD = re.compile(r"^\s*(?:LANDTAG\s+NORDRHEIN-WESTFALEN\b.*|-?\s*\d{1,3}\s*-?)\s*$")


def government_remark(text: str) -> str:
    """The "Vorbemerkung der Landesregierung" of an answer, up to the first question; paragraphs by blank lines."""
    lines = split_lines(text)
    start = next((i for i, line in enumerate(lines) if _GOVERNMENT_REMARK.match(line)), None)
    if start is None:
        return ""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines[start + 1 :]:
        marker = _MARKER.match(line)
        if marker and _number(marker) == 1:
            break
        if _RUNNING_HEAD.match(line):
            continue
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(join_lines(current))
            current = []
    if current:
        paragraphs.append(join_lines(current))
    return "\n\n".join(paragraphs)
