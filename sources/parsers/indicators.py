"""Candidate indicator values in report text: counted things with their qualifiers, dates and horizons.

"27 neue Forschungsprofessuren besetzt", "34 TalentWerkstätten mit rund 1.500 Jugendlichen",
"weit mehr als 5.000 Telekonsile", "bis 2040 mindestens 25 Prozent der befestigten Flächen
vom Kanalnetz abzukoppeln". The finder reads raw document lines (as numbered by the parsers),
joins wrapped lines into paragraphs, splits sentences and keeps, for every number that counts
something, the sentence, its lines, the qualifier ("rund", "mehr als" …), the noun phrase that
is counted, the date it refers to and whether it is a target or an achieved value.

It deliberately leaves out years, dates, project codes, section numbers, phone numbers, ages
and durations, and money that states a budget (the Projektvolumen section is the importer's
business). What it finds is a suggestion for the programme office, never a value by itself.
Plain Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from operations.german_numbers import parse_number

from .numbers import DATE_RE, QUALIFIERS
from .results import Serializable
from .text import clean_line, split_sentences
from .vocabulary import SECTION_HEADINGS, fold

ACHIEVED = "achieved"
TARGET = "target"

# German wording of the qualifier codes of numbers.QUALIFIERS, for sentences in plain German.
QUALIFIER_WORDS = {
    "approx": "rund",
    "more_than": "mehr als",
    "at_least": "mindestens",
    "up_to": "bis zu",
    "exact": "",
}

_MONTHS = (
    "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
    "Jan\\.|Feb\\.|Mrz\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sep\\.|Sept\\.|Okt\\.|Nov\\.|Dez\\."
)
_MONTH_NUMBERS = {
    name: i
    for i, names in enumerate(
        [
            ("januar", "jan"),
            ("februar", "feb"),
            ("märz", "mrz"),
            ("april", "apr"),
            ("mai",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("dezember", "dez"),
        ],
        start=1,
    )
    for name in names
}
_QUAL = (
    r"weit\s+mehr\s+als|weit\s+über|mehr\s+als|rund|ca\.|circa|etwa|ungefähr|knapp|über|mindestens|bis\s+zu|insgesamt"
)
# Magnitude words multiply whatever is counted ("1,2 Mio. Menschen" = 1.200.000 people), not only money.
_SCALE = r"Millionen|Million|Mio\.?|Mill\.|Milliarden|Milliarde|Mrd\.?|Tausend|Tsd\.?"
_SCALES = {"tausend": 1_000, "tsd": 1_000, "million": 10**6, "millionen": 10**6, "mio": 10**6, "mill": 10**6}
_SCALES |= {"milliarde": 10**9, "milliarden": 10**9, "mrd": 10**9}

# A number with optional qualifier before it and scale / currency / percent after it.
CANDIDATE_RE = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?"
    r"(?<![\w.,/\-–])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d/]|\.\d|-\d|–\d)"
    rf"(?:\s*(?P<scale>(?:{_SCALE})(?!\w)))?"
    r"(?:\s*(?P<unit_sign>%|Prozent\b|Euro\b|EUR\b|€))?",
    re.IGNORECASE,
)
# The counted noun phrase after the number: a few lower-case attributes, then a capitalised noun
# (compounds with hyphen or inner capitals allowed), optionally "an/von/der …" is not taken.
# Degree adverbs may stand before the attributes ("rund 1.500 sonst schwer erreichbare Jugendliche").
_DEGREE = r"(?:sonst|sehr|besonders|überwiegend|zusätzlich|noch|weitgehend|gut|kaum|vorwiegend|meist)"
_NOUN_RE = re.compile(
    r"\s*(?P<phrase>(?:(?!(?:sowie|einer|eines|einem|unter|aber|oder|diese|dieser|jeder|jede|alle|aller)\b)"
    rf"(?:{_DEGREE}|[a-zäöüß][\wäöüß-]{{2,}}(?:e|en|er|es|em))\s+){{0,3}}"
    r"(?:[A-ZÄÖÜ][\wÄÖÜäöüß@.-]*[\wäöüß]|[A-ZÄÖÜ]))"
)
# Units of measure written in lower case or with symbols; they count like nouns ("60 ha", "12 km²").
_MEASURE_RE = re.compile(
    r"\s*(?P<phrase>ha|km²|km2|km|qkm|m²|m2|qm|m³|m|t|kWh|MWh|GWh|TWh|kWp|MWp|kW|MW|GW)(?![\wÄÖÜäöüß²³-])"
)
# A single capital letter joined by a hyphen is part of a name, not a counted noun ("3 D-Druck", "5 G-Netz").
_LETTER_COMPOUND_RE = re.compile(r"^[A-ZÄÖÜ]-")
# "12 der 27 Knoten", "27 von mehr als 50 Professuren": the first number counts what the second counts.
_PARTITIVE_RE = re.compile(rf"^\s+(?:der|von|aus)\s+(?:[\w-]+\s+){{0,2}}?(?:(?:{_QUAL})\s+)?\d", re.IGNORECASE)
# Nouns after a number that are no indicator: time spans, ages, pages, ordinals of documents.
_NOT_UNITS = frozenset(
    {
        "jahr", "jahre", "jahren", "jahres", "monat", "monate", "monaten", "woche", "wochen", "tag", "tage", "tagen",
        "stunde", "stunden", "uhr", "minuten", "seite", "seiten", "zeile", "zeilen", "kapitel", "abs", "absatz",
        "nr", "drucksache", "lebensjahr", "quartal", "prozentpunkte", "prozentpunkten", "mal",
    }
)  # fmt: skip
# A number directly followed by one of these words is part of a date or an ordinal ("31. Dezember").
_MONTH_AFTER_RE = re.compile(rf"^\.?\s*(?:{_MONTHS})", re.IGNORECASE)
# Money that states a budget, not an effect: left out (the funding statement covers it).
_BUDGET_RE = re.compile(
    r"Projektvolumen|Gesamtvolumen|Fördervolumen|Landesanteil|Eigenanteil|Landesmittel|Haushalt|Kosten|"
    r"bewilligt|Zuwendung|Fördersumme|Förderbescheid|Förderung|Finanzierung des Projekts|stellt .* bereit|"
    r"finanziert|Budget|Mittel in Höhe|aufgewandt|ausgegeben|Anschub|"
    r"bis\s+(?:zum\s+)?\d{1,2}\.\d{1,2}\.\d{2,4}",
    re.IGNORECASE,
)
_TARGET_RE = re.compile(
    r"\b(?:soll|sollen|sollte|sollten|Ziel\w*|zielt|angestrebt\w*|geplant\w*|planen|plant|vorgesehen|"
    r"entstehen|entsteht|geschaffen\s+werden|werden\b[^.]*\bgeschaffen|bis\s+\d{4}\s+\w+\s+\w+zu\w+en|"
    r"anvisiert|beabsichtigt)\b",
    re.IGNORECASE,
)
_MODAL_TARGET_RE = re.compile(r"\bkönnen\b.*\bwerden\b", re.IGNORECASE)
_ACHIEVED_RE = re.compile(r"\b(?:inzwischen|bereits|bisher|wurden|wurde|haben|hat|erhielten|erreicht)\b", re.IGNORECASE)
_ADDRESS_RE = re.compile(r"(?:straße|str\.|weg|platz|allee|ring|gasse|damm|ufer)$", re.IGNORECASE)
_HORIZON_RE = re.compile(
    r"\bbis\s+(?:(?:Ende|Mitte|Anfang)\s+)?(?:(?P<month>" + _MONTHS + r")\s+)?(?P<year>(?:19|20)\d{2})\b"
)
_STAND_RE = re.compile(r"\(?\bStand:?\s+(?:(?P<month>" + _MONTHS + r")\s*)?(?P<year>(?:19|20)\d{2})?\)?", re.IGNORECASE)
_PERIOD_RE = re.compile(
    r"\b(?:von|zwischen|in\s+den\s+Jahren|im\s+Zeitraum)\s+(?P<a>(?:19|20)\d{2})\s*(?:bis|und|-|–)\s*(?P<b>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"\b(?:im\s+Jahr|seit|Ende|in|im)\s+(?P<year>(?:19|20)\d{2})\b")
_YEAR_LINE_RE = re.compile(r"^\W*(?P<year>(?:19|20)\d{2})(?:\s*/\s*(?:19|20)?\d{2})?\W*$")
_PHONE_RE = re.compile(r"(?:Tel\.?|Telefon|Fax|\+49)\s*:?\s*[\d\s/()+-]{5,}", re.IGNORECASE)
_COUNT_OF_RE = re.compile(r"\b(?:Anzahl|Zahl)\s+(?:der|an|von)\s+(?P<noun>[A-ZÄÖÜ][\wäöüß-]+)")
_TOC_RE = re.compile(r"\(\d{2,3}-\d{2}[a-z]?\)\s*\d")
_CODE_RE = re.compile(r"\[?\b\d{1,3}\s*-\s*\d{1,2}[a-z]?\b\]?")


@dataclass
class IndicatorCandidate(Serializable):
    value: Decimal
    raw: str  # the matched words as printed ("mehr als 90 Millionen Euro")
    qualifier: str  # code from numbers.QUALIFIERS ("approx", "more_than", …) or ""
    unit: str  # the counted noun phrase ("neue Forschungsprofessuren", "Prozent", "Euro")
    kind: str  # ACHIEVED or TARGET
    sentence: str
    start_line: int
    end_line: int
    year: int | None = None  # the year the value refers to ("bis Ende 2024", "(Stand Oktober 2022)", "2024" heading)
    month: int | None = None
    horizon: int | None = None  # "bis 2040"
    period_start: int | None = None  # "von 2022 bis 2024"
    period_end: int | None = None
    date_text: str = ""  # the date wording as printed ("bis Ende 2024", "Stand Oktober")

    @property
    def qualifier_word(self) -> str:
        return QUALIFIER_WORDS.get(self.qualifier, "")


@dataclass
class _Para:
    text: str
    offsets: list[tuple[int, int]]  # (character offset in text, line number)
    year: int | None  # the year heading the paragraph stands under (milestone lists)
    section: str = ""  # key of the section heading it stands under ("funding" for Projektvolumen)

    def line_at(self, position: int) -> int:
        line = self.offsets[0][1]
        for offset, number in self.offsets:
            if offset > position:
                break
            line = number
        return line


_HEADINGS = {fold(heading): key for key, headings in SECTION_HEADINGS.items() for heading in headings}


def _heading(line: str) -> str | None:
    """The section key when the line is nothing but a section heading ("💶 Projektvolumen")."""
    if len(line) > 60:
        return None
    return _HEADINGS.get(fold(line))


def _paragraphs(lines: list[str], first_line: int) -> list[_Para]:
    """Blank lines and bullets separate paragraphs; wrapped lines are joined, hyphenation undone."""
    paras: list[_Para] = []
    text = ""
    offsets: list[tuple[int, int]] = []
    year: int | None = None
    para_year: int | None = None
    section = ""
    blanks = 0

    def close() -> None:
        nonlocal text, offsets
        if text.strip():
            paras.append(_Para(text, offsets, para_year, section))
        text, offsets = "", []

    for i, raw in enumerate(lines):
        number = first_line + i
        line = re.sub(r"\s+", " ", clean_line(raw)).strip()
        if not line:
            close()
            blanks += 1
            if blanks >= 2:
                section = ""  # a gap of several lines ends the page or chapter the heading belonged to
            continue
        blanks = 0
        heading = _heading(line)
        if heading is not None:
            close()
            section = heading
            continue
        year_line = _YEAR_LINE_RE.match(line.lstrip("-– "))
        if year_line and len(line) <= 12:
            close()
            year = int(year_line["year"])
            continue
        bullet = line[:2] in ("- ", "– ")
        if bullet:
            close()
            line = line[2:].strip()
        if not text:
            para_year = year
            offsets.append((0, number))
            text = line
            continue
        if text.endswith("-") and len(text) > 1 and not text[-2].isspace() and line[:1].islower():
            first = line.split(" ", 1)[0]
            if first in {"und", "oder", "bzw.", "sowie", "bis"}:
                text += " "
            else:
                text = text[:-1]
        elif not text.endswith("/"):
            text += " "
        offsets.append((len(text), number))
        text += line
    close()
    return paras


def _month(name: str | None) -> int | None:
    if not name:
        return None
    return _MONTH_NUMBERS.get(name.lower().rstrip("."))


def _excluded_spans(sentence: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in DATE_RE.finditer(sentence)]
    spans += [(m.start(), m.end()) for m in _PHONE_RE.finditer(sentence)]
    spans += [(m.start(), m.end()) for m in _CODE_RE.finditer(sentence)]
    return spans


def _unit(after: str) -> str | None:
    """The counted noun phrase after a number: "" when there is none, None when it is no indicator (years, ages …)."""
    measure = _MEASURE_RE.match(after)
    if measure:
        return measure["phrase"]
    m = _NOUN_RE.match(after)
    if not m:
        return ""
    phrase = m["phrase"].strip(" .,;:-")
    last = phrase.split()[-1] if phrase else ""
    if last.lower().rstrip(".") in _NOT_UNITS or _LETTER_COMPOUND_RE.match(phrase):
        return None
    # "Patientinnen und Patienten": both forms name the same thing.
    pair = re.match(r"\s+und\s+([A-ZÄÖÜ][\wäöüß-]+)", after[m.end() :])
    if pair and pair[1][:5] == last[:5]:
        phrase = f"{phrase} und {pair[1]}"
    return phrase


def _percent_of(after: str) -> str:
    """'25 Prozent der befestigten Flächen' -> 'Prozent der befestigten Flächen'."""
    m = re.match(r"\s+(der|des)\b", after)
    if not m:
        return "Prozent"
    phrase = _unit(after[m.end() :]) or ""
    return f"Prozent {m[1]} {phrase}" if phrase else "Prozent"


def _when(sentence: str, para_year: int | None) -> dict:
    out: dict = {"year": None, "month": None, "horizon": None, "period_start": None, "period_end": None}
    texts = []
    period = _PERIOD_RE.search(sentence)
    if period:
        out["period_start"], out["period_end"] = int(period["a"]), int(period["b"])
        out["year"] = out["period_end"]
        texts.append(period.group(0))
    horizon = _HORIZON_RE.search(sentence)
    if horizon and not (period and horizon.start() >= period.start() and horizon.end() <= period.end()):
        out["horizon"] = int(horizon["year"])
        out["month"] = _month(horizon["month"])
        texts.append(horizon.group(0))
    stand = _STAND_RE.search(sentence)
    if stand and (stand["month"] or stand["year"]):
        if stand["year"]:
            out["year"] = int(stand["year"])
        out["month"] = _month(stand["month"]) or out["month"]
        texts.append(stand.group(0).strip("() "))
    if out["year"] is None and out["horizon"] is None:
        year = _YEAR_RE.search(sentence)
        if year:
            out["year"] = int(year["year"])
            texts.append(year.group(0))
    if out["year"] is None:
        out["year"] = para_year
    out["date_text"] = "; ".join(texts)
    return out


def find_indicator_candidates(
    lines: list[str], *, first_line: int = 1, report_year: int | None = None
) -> list[IndicatorCandidate]:
    """Candidate indicator values in raw document lines (numbered from first_line).

    report_year is the year the document reports on; a horizon after it ("bis 2040") marks a target,
    and a horizon up to it ("bis Ende 2024" in the 2024 report) an achieved value.
    """
    found: list[IndicatorCandidate] = []
    for para in _paragraphs(lines, first_line):
        position = 0
        for sentence in _sentences(para.text):
            start = para.text.find(sentence, position)
            position = start + len(sentence) if start >= 0 else position
            for piece, shift in _bounded(sentence):
                found.extend(_in_sentence(piece, para, max(start, 0) + shift, report_year))
    return found


# Reading one sentence looks around every number in it, so its cost grows with the square of its length: a
# "sentence" of 100 KB of digits took two minutes. Real sentences stay far below this (the longest line of the
# 2024 report has 1,413 characters); longer runs are read in pieces cut at a space.
MAX_SENTENCE = 2_000


def _bounded(sentence: str) -> list[tuple[str, int]]:
    if len(sentence) <= MAX_SENTENCE:
        return [(sentence, 0)]
    pieces, start = [], 0
    while start < len(sentence):
        end = min(len(sentence), start + MAX_SENTENCE)
        if end < len(sentence):
            cut = sentence.rfind(" ", start + MAX_SENTENCE // 2, end)
            end = cut + 1 if cut > 0 else end
        pieces.append((sentence[start:end], start))
        start = end
    return pieces


_ENDS_IN_SCALE_RE = re.compile(rf"\d\s*(?:{_SCALE})$", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    """Sentences, without a break after a magnitude abbreviation ("1,5 Mill. Einwohner")."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in split_sentences(text):
        start = text.find(sentence, position)
        if start < 0:  # split_sentences only strips; keep going with what it returned
            out.append(sentence)
            spans.append((position, position))
            continue
        end = start + len(sentence)
        position = end
        if out and spans[-1][1] > spans[-1][0] and _ENDS_IN_SCALE_RE.search(out[-1]):
            spans[-1] = (spans[-1][0], end)
            out[-1] = text[spans[-1][0] : end]
        else:
            out.append(sentence)
            spans.append((start, end))
    return out


def _in_sentence(sentence: str, para: _Para, offset: int, report_year: int | None) -> list[IndicatorCandidate]:
    out = []
    excluded = _excluded_spans(sentence)
    when = None
    if "....." in sentence or "…………" in sentence or _TOC_RE.search(sentence):
        return out  # a table-of-contents line: page numbers
    counted: list[str] = []  # units of the counts found so far in this sentence
    for m in CANDIDATE_RE.finditer(sentence):
        num_start, num_end = m.span("num")
        if any(a <= num_start < b for a, b in excluded):
            continue
        raw_num = m["num"]
        sign = (m["unit_sign"] or "").strip()
        after = sentence[m.end() :]
        before = sentence[: m.start()].rstrip()
        glued = sentence[num_end : num_end + 1]
        if glued.isalpha() and not (m["scale"] or sign) and not _MEASURE_RE.match(sentence[num_end:]):
            continue  # part of a token such as "3D-Druck", "5G", "2er-Teams"
        if not sign and not m["scale"]:
            if re.fullmatch(r"(?:19|20)\d{2}", raw_num):
                continue  # a year
            if (raw_num.startswith("0") and len(raw_num) > 1) or re.fullmatch(r"\d{5,}", raw_num):
                continue  # phone numbers, postcodes, codes
            if _ADDRESS_RE.search(before):
                continue  # house numbers
            if _MONTH_AFTER_RE.match(sentence[num_end:]) or sentence[num_end : num_end + 1] == ".":
                continue  # "31. Dezember", ordinals "1. Phase"
            if before.endswith(("Nr.", "Nr", "Seite", "S.", "§", "Abs.", "Drucksache", "Kapitel")):
                continue
        if sign and para.section == "funding":
            continue  # money and shares under "Projektvolumen" are the funding statement
        if sign in ("%", "Prozent"):
            unit = _percent_of(after)
            if _BUDGET_RE.search(sentence):
                continue  # shares of a budget
        elif sign in ("Euro", "EUR", "€"):
            unit = "Euro"
            if _BUDGET_RE.search(sentence):
                continue
        else:
            found_unit = _unit(sentence[num_end:] if not m["scale"] else after)
            if found_unit is None:
                continue  # years, ages, pages, name parts
            unit = found_unit or _unit_by_context(sentence, m, before, counted)
            if not unit:
                continue
            counted.append(unit)
        try:
            value = parse_number(raw_num)
        except ValueError:
            continue
        if m["scale"]:
            value *= _SCALES[m["scale"].lower().rstrip(".")]
        qual_raw = re.sub(r"\s+", " ", (m["qual"] or "").lower())
        qualifier = QUALIFIERS.get(qual_raw.rstrip("."), "") if qual_raw else ""
        if qual_raw in ("weit über",):
            qualifier = "more_than"
        if qualifier == "exact":
            qualifier = ""
        if when is None:
            when = _when(sentence, para.year)
        kind = ACHIEVED
        if _TARGET_RE.search(sentence) or _MODAL_TARGET_RE.search(sentence):
            kind = TARGET
        later = when["horizon"] and report_year and when["horizon"] > report_year
        if later and not _ACHIEVED_RE.search(sentence):
            kind = TARGET
        raw = sentence[m.start() : m.end()].strip()
        if not sign:
            raw = f"{raw} {unit}"
        out.append(
            IndicatorCandidate(
                value=value.quantize(Decimal(1)) if value == value.to_integral_value() else value,
                raw=raw,
                qualifier=qualifier,
                unit=unit,
                kind=kind,
                sentence=sentence,
                start_line=para.line_at(offset),
                end_line=para.line_at(offset + max(len(sentence) - 1, 0)),
                year=when["year"],
                month=when["month"],
                horizon=when["horizon"],
                period_start=when["period_start"],
                period_end=when["period_end"],
                date_text=when["date_text"],
            )
        )
    return out


# A number joined to the next by a range word counts the same thing but is one end of a range.
_RANGE_AFTER_RE = re.compile(r"^\s*(?:bis|-|–|und|oder|/|,)\s*\d")


def _unit_by_context(sentence: str, m: re.Match, before: str, counted: list[str]) -> str:
    """What a number without its own noun counts, read from the sentence around it.

    "Die Anzahl der Netzwerkpartner ist auf über 100 gewachsen" (noun before), "12 der NRW-weit 27
    Knoten" (partitive: the next number's noun), "Von 73 Projektvorschlägen sind 42 abgeschlossen,
    16 weitere in Umsetzung" (ellipsis: the noun of the count before).
    """
    num_end = m.end("num")
    rest = sentence[num_end:]
    if not m["scale"]:
        count_of = _COUNT_OF_RE.search(before)
        if count_of:
            return count_of["noun"]
    if _PARTITIVE_RE.match(rest):
        nxt = CANDIDATE_RE.search(sentence, num_end + 1)
        if nxt is not None and not nxt["unit_sign"]:
            return _unit(sentence[nxt.end("num") :] if not nxt["scale"] else sentence[nxt.end() :]) or ""
        return ""
    if counted and not m["scale"] and not _RANGE_AFTER_RE.match(rest) and re.match(r"^\s+[a-zäöüß]", rest):
        return counted[-1]
    return ""
