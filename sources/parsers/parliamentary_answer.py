"""The government's answer to a Kleine Anfrage of the Landtag NRW → ParliamentaryAnswer.

The answer names the question (number, Drucksache, askers, title), then prose,
then a two-column table per Handlungsfeld: "Projekt [ID-Nr.]" | "Lokaler Bezug
des Projektes zu <Kommune>". Extracted from the PDF, the columns come out as
alternating blank-line-separated paragraphs: a project cell ending with its code
in brackets ("… [13-02]", sometimes broken as "[05-" / "02]"), then the
paragraph(s) of its local relation. Page headers ("LANDTAG NORDRHEIN-WESTFALEN
- 17. Wahlperiode Drucksache 17/11212") and page numbers sit in between.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .funding_kinds import kind_of_amount
from .numbers import find_amounts, find_dates
from .results import (
    AnswerEntry,
    DocumentInfo,
    LineSpan,
    LocalFunding,
    MunicipalityMention,
    ParliamentaryAnswer,
    ParseWarning,
)
from .text import clean_line, default_gazetteer, join_lines, split_lines, split_sentences
from .vocabulary import action_field_by_name

_PAGE_HEADER = re.compile(r"^\s*LANDTAG\s+NORDRHEIN-WESTFALEN\b", re.IGNORECASE)
_HEADER_FOLLOWERS = re.compile(r"^\s*(?:\d+\.\s*Wahlperiode|Drucksache\s+\d+/\d+|\d{1,2}\.\d{1,2}\.\d{4})\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$|^\s*Seite\s+\d+(?:\s+von\s+\d+)?\s*$")
_DRUCKSACHE = re.compile(r"Drucksache\s+(?P<ref>\d+/\d+)")
_ANSWERED_QUESTION = re.compile(r"\bKleine\s+Anfrage\s+(?P<number>\d+)\s+mit\s+Schreiben\b")
_QUESTION_NUMBER = re.compile(r"\bKleinen?\s+Anfrage\s+(?P<number>\d+)\b")
_ASKERS = re.compile(r"^\s*(?:des|der)\s+Abgeordneten\s+(?P<names>.+?)\s*$")
_PARTY = re.compile(
    r"\s+(?P<party>SPD|CDU|FDP|AfD|BSW|PIRATEN|Piraten|fraktionslos|GRÜNE|BÜNDNIS\s*90\s*/\s*DIE\s*GRÜNEN|DIE\s+LINKE)\s*$"
)
_MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}  # fmt: skip
_TEXT_DATE = re.compile(r"(?P<d>\d{1,2})\.\s*(?P<m>[A-Za-zÄÖÜäöü]+)\s+(?P<y>\d{4})")
_LETTER_DATE = re.compile(r"mit\s+Schreiben\s+vom\s+(?P<date>\d{1,2}\.\s*(?:[A-Za-zÄÖÜäöü]+\s+|\d{1,2}\.\s*)\d{4})")

_HEADING = re.compile(r"^\s*Handlungsfeld\s+(?P<name>\S.*?)\s*$")
_TABLE_HEADER_LINE = re.compile(r"^\s*(?:Projekt\s*\[?\s*ID\b|Lokaler\s+Bezug\b)")
_TABLE_HEADER = re.compile(r"^(?:Projekt\b.{0,30}?(?:\bID\b|Lokaler\s+Bezug)|Lokaler\s+Bezug\b)")
_HEADER_PLACE = re.compile(
    r"Lokaler\s+Bezug\b(?:\s+des\s+Projekte?s)?(?:\s+(?:zu|zur|zum|in|für|auf|nach)\b)?"
    r"(?:\s+(?:der\s+)?(?:Stadt|Gemeinde)\b)?\s*(?P<name>.*)$"
)
_BRACKETS = re.compile(r"\[(?P<inner>[^\[\]]{1,20})\]")
_CODE = re.compile(r"(?P<a>[0-9OoIl]{1,3})\s*[-–]\s*(?P<b>[0-9OoIl]{1,3})\s*(?P<suffix>[a-zA-Z]?)")
_AFTER_CODE = re.compile(r"^\s*(?:[–—-]\s*(?P<sub>\S.*))?$")
_SUBPROJECT_LABEL = re.compile(r"^Teilprojekte?\s*:?\s*")
_CLOSING = re.compile(
    r"^(?:Zum\s+jeweiligen|Im\s+Übrigen|Ergänzend|Zu\s+(?:den\s+)?Fragen?\b|Zur\s+Frage\b|Antwort\s+zu\b|Die\s+Fragen\s+\d)"
)
_NOT_DETERMINABLE = re.compile(
    r"nicht\s+(?:zu\s+)?(?:ermitteln|ermittelt|ermittelbar|beziffer\w*|quantifizier\w*)"
    r"|nicht\s+(?:gesondert\s+|statistisch\s+)?erfasst"
    r"|liegen\s+(?:der\s+Landesregierung\s+)?keine\s+(?:\w+\s+){0,3}(?:Erkenntnisse|Daten|Informationen)\s+vor",
    re.IGNORECASE,
)
# Sentences that state a total for the whole project or region, not the share of the place.
_TOTAL_WORDS = re.compile(r"\bGesamt\w*|\binsgesamt\b|\blandesweit\w*|\bruhrgebietsweit\w*|\bfür\s+das\s+gesamte\b")
_SENTENCE_END = (".", "!", "?", ":")
_DEFAULT_COLUMN_WIDTH = 50
_FRONT_MATTER_LINES = 80  # the askers are named on the first page
_WIDE_FACTOR = 1.5


@dataclass
class _Paragraph:
    lines: list[tuple[int, str]]  # (0-based index, cleaned text)
    after_page_break: bool = False
    heading: str | None = None  # Handlungsfeld name as printed, for heading paragraphs

    @property
    def start(self) -> int:
        return self.lines[0][0]

    @property
    def end(self) -> int:
        return self.lines[-1][0]

    @property
    def text(self) -> str:
        return join_lines([text for _i, text in self.lines])

    @property
    def widths(self) -> list[int]:
        return [len(text.strip()) for _i, text in self.lines]


@dataclass
class _Cell:
    code: str | None  # None: unreadable
    printed_code: str
    title: str
    subproject: str


@dataclass
class _OpenEntry:
    cell: _Cell
    action_field: str | None
    start: int
    relation: list[_Paragraph] = field(default_factory=list)


def _parse_text_date(raw: str) -> date | None:
    m = _TEXT_DATE.search(raw)
    if m and m["m"].lower() in _MONTHS:
        try:
            return date(int(m["y"]), _MONTHS[m["m"].lower()], int(m["d"]))
        except ValueError:
            return None
    return next((found.value for found in find_dates(raw) if found.value), None)


def _normalise_code(inner: str) -> tuple[str | None, bool]:
    """'05-02' -> ('05-02', False); '13-O1' or '013-01' -> ('13-01', True: repaired); 'ID-Nr.' -> (None, False)."""
    compact = re.sub(r"^(?:ID-?)?Nr\.?:?", "", re.sub(r"\s+", "", inner), flags=re.IGNORECASE)
    m = _CODE.fullmatch(compact)
    if not m:
        return None, False
    digits = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})
    a, b = m["a"].translate(digits), m["b"].translate(digits)
    code = f"{int(a):02d}-{int(b):02d}{m['suffix'].lower()}"
    # Letters read as digits ("13-O1") or a surplus zero ("003-02") are printing errors worth a warning.
    return code, (a != m["a"] or b != m["b"] or len(a) > 2 or len(b) > 2)


def _looks_like_code(inner: str) -> bool:
    """Digits and no word: "[13-01]", "[05-02a]", "[13-O1]", "[1 3-?]" — but not "[sic]" or "[Anm. 2020]"."""
    return bool(re.search(r"\d", inner)) and not re.search(r"[a-zäöüß]{3,}", inner.lower())


class _AnswerParser:
    def __init__(self, text: str, gazetteer: Any):
        self.original = split_lines(text)
        self.lines = [clean_line(line) for line in self.original]
        self.gazetteer = gazetteer
        self.warnings: list[ParseWarning] = []
        self.header_lines: set[int] = set()
        self.noise: set[int] = set()
        self._find_noise()

    def warn(self, index: int | None, message: str) -> None:
        self.warnings.append(ParseWarning(None if index is None else index + 1, message))

    # -- page furniture ----------------------------------------------------------------

    def _find_noise(self) -> None:
        lines = self.lines
        for i, line in enumerate(lines):
            if _PAGE_HEADER.match(line):
                self.header_lines.add(i)
                j = i + 1
                while j < len(lines) and (not lines[j].strip() or _HEADER_FOLLOWERS.match(lines[j])):
                    if lines[j].strip():
                        self.header_lines.add(j)
                    j += 1
        self.noise |= self.header_lines
        for i, line in enumerate(lines):
            if _PAGE_NUMBER.match(line) and line.strip():
                before = lines[i - 1].strip() if i > 0 else ""
                after = lines[i + 1].strip() if i + 1 < len(lines) else ""
                near_header = any(abs(i - h) <= 6 for h in self.header_lines)
                if near_header or (not before and not after):
                    self.noise.add(i)

    # -- metadata ----------------------------------------------------------------------

    def _answer_reference(self) -> str:
        refs = [m["ref"] for i in sorted(self.header_lines) for m in _DRUCKSACHE.finditer(self.lines[i])]
        return f"Drucksache {max(set(refs), key=refs.count)}" if refs else ""

    def _askers(self) -> tuple[list[str], str, int | None]:
        for i, line in enumerate(self.lines[:_FRONT_MATTER_LINES]):
            m = _ASKERS.match(line)
            if not m:
                continue
            names = m["names"]
            j = i
            while names.rstrip().endswith((",", " und")) and j + 1 < len(self.lines):
                j += 1
                names = f"{names} {self.lines[j].strip()}"
            party = ""
            if pm := _PARTY.search(names):
                party = re.sub(r"\s+", " ", pm["party"])
                names = names[: pm.start()]
            askers = [n.strip() for n in re.split(r",|\s+und\s+", names) if n.strip()]
            return askers, party, j
        return [], "", None

    def _question_reference(self, askers_line: int | None, answer_reference: str) -> tuple[str, int | None]:
        candidates = []
        for i, line in enumerate(self.lines):
            if i in self.header_lines:
                continue
            for m in _DRUCKSACHE.finditer(line):
                candidates.append((i, f"Drucksache {m['ref']}"))
        if askers_line is not None:
            for i, ref in candidates:
                if askers_line <= i <= askers_line + 4:
                    return ref, i
        for i, ref in candidates:
            if ref != answer_reference:
                return ref, i
        return "", None

    def _question_number(self) -> str:
        text = "\n".join(self.lines)
        m = _ANSWERED_QUESTION.search(text) or _QUESTION_NUMBER.search(text)
        return m["number"] if m else ""

    def _answer_date(self) -> date | None:
        text = " ".join(line.strip() for line in self.lines)
        if m := _LETTER_DATE.search(text):
            return _parse_text_date(m["date"])
        for i in sorted(self.header_lines):
            if re.fullmatch(r"\s*\d{1,2}\.\d{1,2}\.\d{4}\s*", self.lines[i]):
                return _parse_text_date(self.lines[i])
        return None

    def _question_title(self, after: int | None) -> tuple[str, int | None]:
        lines = self.lines
        if after is not None:
            block: list[int] = []
            for i in range(after + 1, min(after + 12, len(lines))):
                if i in self.noise or not lines[i].strip():
                    if block:
                        break
                    continue
                if re.match(r"^\s*(?:Vorbemerkung|Antwort|Der\s+Minister|Die\s+Ministerin)\b", lines[i]):
                    break
                block.append(i)
            if block and len(block) <= 3:
                return join_lines([lines[i] for i in block]), block[0]
        for i, line in enumerate(lines[:60]):
            text = line.strip()
            if text.endswith("?") and not re.match(r"^\d+\.", text) and i not in self.noise:
                return text, i
        return "", None

    # -- paragraphs ----------------------------------------------------------------------

    def _heading_at(self, i: int) -> tuple[str, int] | None:
        """(Handlungsfeld name as printed, lines used) if line i heads a table section."""
        m = _HEADING.match(self.lines[i])
        if not m:
            return None
        name = m["name"]
        if action_field_by_name(name):
            return name, 1
        following = [
            j for j in range(i + 1, min(i + 6, len(self.lines))) if self.lines[j].strip() and j not in self.noise
        ]
        if following and len(self.lines[following[0]].strip()) <= 40:
            joined = join_lines([name, self.lines[following[0]]])
            if action_field_by_name(joined):
                return joined, following[0] - i + 1
        if following and _TABLE_HEADER_LINE.match(self.lines[following[0]]):
            return name, 1  # an action field this parser does not know; warned about later
        return None

    def _paragraphs(self) -> list[_Paragraph]:
        paragraphs: list[_Paragraph] = []
        current: list[tuple[int, str]] = []
        saw_break = False
        pending_break = False

        def close() -> None:
            nonlocal current, saw_break
            if current:
                paragraphs.append(_Paragraph(current, after_page_break=saw_break))
            current, saw_break = [], False

        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if i in self.noise or not line.strip():
                close()
                if i in self.noise:
                    pending_break = True
                i += 1
                continue
            if not current:
                saw_break, pending_break = pending_break, False
            heading = self._heading_at(i)
            if heading:
                close()
                name, used = heading
                paragraphs.append(_Paragraph([(i, line)], heading=name))
                i += used
                continue
            if _TABLE_HEADER_LINE.match(line) and current:
                close()
                saw_break, pending_break = pending_break, False
            current.append((i, line))
            i += 1
        close()
        return self._merge_page_breaks(paragraphs)

    def _merge_page_breaks(self, paragraphs: list[_Paragraph]) -> list[_Paragraph]:
        """A paragraph cut by a page break continues after the page header."""
        merged: list[_Paragraph] = []
        for paragraph in paragraphs:
            previous = merged[-1] if merged else None
            if (
                previous is not None
                and paragraph.after_page_break
                and previous.heading is None
                and paragraph.heading is None
                and not self._is_header(previous)
                and not self._is_header(paragraph)
                and not previous.text.endswith((*_SENTENCE_END, "]", "“", '"', ")"))
                and self._cell(paragraph) is None
                and self._cell(previous) is None
            ):
                previous.lines.extend(paragraph.lines)
                continue
            merged.append(paragraph)
        return merged

    # -- table -----------------------------------------------------------------------------

    @staticmethod
    def _is_header(paragraph: _Paragraph) -> bool:
        return paragraph.heading is None and bool(_TABLE_HEADER.match(paragraph.text))

    def _cell(self, paragraph: _Paragraph) -> tuple[_Cell, list[tuple[int, str]]] | None:
        """The project cell in a paragraph and the lines after it that already belong to the relation."""
        if paragraph.heading is not None or self._is_header(paragraph):
            return None
        text = paragraph.text
        for m in reversed(list(_BRACKETS.finditer(text))):
            tail = _AFTER_CODE.match(text[m.end() :])
            if tail and _looks_like_code(m["inner"]):
                return self._make_cell(text[: m.start()], m["inner"], tail["sub"] or ""), []
        # Title and relation without a blank line between: the code closes a line and a new sentence
        # starts on the next; a code cited inside a sentence ("Projekt [13-04]" / "genutzt") does not count.
        for k in range(len(paragraph.lines) - 1):
            head = join_lines([t for _i, t in paragraph.lines[: k + 1]])
            m = re.search(r"\[(?P<inner>[^\[\]]{1,20})\]$", head)
            rest = paragraph.lines[k + 1][1].strip()
            if (
                m
                and _looks_like_code(m["inner"])
                and head[:1].isupper()
                and rest[:1].isupper()
                and not re.search(r"[.!?]\s+[A-ZÄÖÜ]", head[: m.start()])
            ):
                return self._make_cell(head[: m.start()], m["inner"], ""), paragraph.lines[k + 1 :]
        return None

    @staticmethod
    def _make_cell(title: str, inner: str, subproject: str) -> _Cell:
        code, _repaired = _normalise_code(inner)
        title = title.strip().rstrip("–-:").strip()
        subproject = _SUBPROJECT_LABEL.sub("", subproject.strip())
        return _Cell(code=code, printed_code=f"[{inner.strip()}]", title=title, subproject=subproject)

    def _column_width(self, widths: list[int]) -> float:
        if len(widths) < 6:
            return max([_DEFAULT_COLUMN_WIDTH, *widths])
        return statistics.quantiles(widths, n=10)[-1]

    def _ends_table(self, paragraph: _Paragraph, widths: list[int]) -> bool:
        """Prose after the last row: a closing phrase, or lines far wider than the table's columns."""
        if _CLOSING.match(paragraph.text):
            return True
        limit = self._column_width(widths) * _WIDE_FACTOR
        return max(paragraph.widths) > limit

    def _table(self, paragraphs: list[_Paragraph]) -> tuple[list[AnswerEntry], MunicipalityMention | None, bool]:
        entries: list[AnswerEntry] = []
        municipality: MunicipalityMention | None = None
        action_field: str | None = None
        open_entry: _OpenEntry | None = None
        in_table = ended = found_table = header_seen = False
        widths: list[int] = []

        def close() -> None:
            nonlocal open_entry
            if open_entry is not None:
                entry = self._entry(open_entry)
                if entry is not None:
                    entries.append(entry)
            open_entry = None

        for paragraph in paragraphs:
            if paragraph.heading is not None:
                close()
                action_field = self._action_field(paragraph)
                in_table = found_table = True
                ended = False
                continue
            if self._is_header(paragraph):
                municipality = self._header_municipality(paragraph, municipality)
                in_table = found_table = header_seen = True
                ended = False
                continue
            if not in_table or ended:
                continue
            cell = self._cell(paragraph)
            if cell is not None:
                close()
                parsed, relation_lines = cell
                open_entry = _OpenEntry(parsed, action_field, paragraph.start)
                if relation_lines:
                    open_entry.relation.append(_Paragraph(relation_lines))
                widths += paragraph.widths
                continue
            if open_entry is None:
                if municipality is None and (found := self.gazetteer.lookup(paragraph.text)):
                    municipality = MunicipalityMention(found[0], found[1], paragraph.start + 1, paragraph.text)
                elif header_seen:
                    self.warn(paragraph.start, f"Text in der Tabelle ohne Projektzeile: „{paragraph.text[:80]}“.")
                continue
            if open_entry.relation and self._ends_table(paragraph, widths):
                close()
                ended = True
                continue
            open_entry.relation.append(paragraph)
            widths += paragraph.widths
        close()
        return entries, municipality, found_table

    def _action_field(self, paragraph: _Paragraph) -> str | None:
        name = paragraph.heading or ""
        found = action_field_by_name(name)
        if found is None:
            self.warn(
                paragraph.start,
                f"Unbekanntes Handlungsfeld „{name}“; die folgenden Projekte bleiben ohne Handlungsfeld.",
            )
            return None
        return found[1]

    def _header_municipality(
        self, paragraph: _Paragraph, current: MunicipalityMention | None
    ) -> MunicipalityMention | None:
        text = paragraph.text
        m = _HEADER_PLACE.search(text)
        name = m["name"].strip(" :.") if m else ""
        if not name:
            return current
        found = self.gazetteer.lookup(name)
        if found is None:
            mentions = self.gazetteer.find(name)
            found = (mentions[0].ags, mentions[0].name) if mentions else None
        if found is None:
            self.warn(
                paragraph.start, f"Die Kommune „{name}“ im Tabellenkopf gehört nicht zu den Kommunen des Ruhrgebiets."
            )
            return current
        if current is not None and current.ags != found[0]:
            self.warn(
                paragraph.start,
                f"Der Tabellenkopf nennt {found[1]}, ein früherer Tabellenkopf {current.name}; "
                f"die Antwort wird {current.name} zugeordnet.",
            )
            return current
        return current or MunicipalityMention(found[0], found[1], paragraph.start + 1, text)

    def _entry(self, open_entry: _OpenEntry) -> AnswerEntry | None:
        cell = open_entry.cell
        if cell.code is None:
            self.warn(
                open_entry.start,
                f"Projektnummer {cell.printed_code} bei „{cell.title}“ ist nicht lesbar; die Zeile wird nicht übernommen.",
            )
            return None
        _code, repaired = _normalise_code(cell.printed_code.strip("[]"))
        if repaired:
            self.warn(open_entry.start, f"Projektnummer {cell.printed_code} als {cell.code} gelesen.")
        relation = self._relation_text(open_entry.relation)
        if not relation:
            self.warn(open_entry.start, f"Projekt {cell.code}: kein lokaler Bezug angegeben.")
        end = max([open_entry.start, *(p.end for p in open_entry.relation)])
        return AnswerEntry(
            code=cell.code,
            title=cell.title,
            subproject=cell.subproject,
            action_field=open_entry.action_field,
            local_relation=relation,
            local_funding=self._local_funding(relation),
            source=LineSpan(open_entry.start + 1, end + 1),
        )

    @staticmethod
    def _relation_text(paragraphs: list[_Paragraph]) -> str:
        text = ""
        for paragraph in paragraphs:
            part = paragraph.text
            if not part:
                continue
            separator = "\n\n" if text.endswith(_SENTENCE_END) else " "
            text = f"{text}{separator}{part}" if text else part
        return text

    def _local_funding(self, relation: str) -> list[LocalFunding]:
        funding = []
        for sentence in split_sentences(re.sub(r"\s+", " ", relation)):
            amounts = find_amounts(sentence)
            if not amounts or (_TOTAL_WORDS.search(sentence) and not self._names_place(sentence)):
                continue
            for amount in amounts:
                # The kind is read per amount: one sentence may state money applied for and money granted.
                cue = kind_of_amount(sentence, amount.start, amount.end)
                funding.append(LocalFunding(amount.value, amount.qualifier, sentence, cue.kind, cue.wording))
        return funding

    def _names_place(self, sentence: str) -> bool:
        return bool(self.gazetteer.find(sentence))

    # -- statements --------------------------------------------------------------------

    def _statements(self, paragraphs: list[_Paragraph]) -> list[str]:
        found: list[str] = []
        for paragraph in paragraphs:
            if paragraph.heading is not None:
                continue
            for sentence in split_sentences(paragraph.text):
                if _NOT_DETERMINABLE.search(sentence) and sentence not in found:
                    found.append(sentence)
        return found

    # -- whole document ------------------------------------------------------------------

    def parse(self, filename: str) -> ParliamentaryAnswer:
        answer_reference = self._answer_reference()
        askers, party, askers_line = self._askers()
        question_reference, reference_line = self._question_reference(askers_line, answer_reference)
        question_number = self._question_number()
        title_after = reference_line if reference_line is not None else askers_line
        title, title_line = self._question_title(title_after)
        paragraphs = self._paragraphs()
        entries, municipality, found_table = self._table(paragraphs)

        if not (question_number or question_reference or answer_reference or found_table or entries):
            where = f"{filename}: " if filename else ""
            raise ValueError(
                f"{where}Der Text sieht nicht wie die Antwort auf eine Kleine Anfrage aus: "
                "weder Nummer der Anfrage, Drucksache noch Projekttabelle gefunden."
            )
        if not found_table:
            self.warn(None, "Keine Projekttabelle („Handlungsfeld …“ / „Projekt [ID-Nr.] Lokaler Bezug …“) gefunden.")
        elif not entries:
            self.warn(None, "Die Projekttabelle enthält keine lesbare Projektzeile.")
        if municipality is None and title:
            mentions = self.gazetteer.find(title)
            if mentions:
                first = mentions[0]
                line = (title_line or 0) + 1
                municipality = MunicipalityMention(first.ags, first.name, line, title)
        if municipality is None and found_table:
            self.warn(None, "Die Kommune, auf die sich die Tabelle bezieht, wurde nicht erkannt.")
        answer_date = self._answer_date()
        if answer_date is None:
            self.warn(None, "Das Datum der Antwort wurde nicht gefunden.")
        if not question_number:
            self.warn(None, "Die Nummer der Kleinen Anfrage wurde nicht gefunden.")

        document = DocumentInfo(
            kind="parliamentary_answer",
            title=title
            or (f"Kleine Anfrage {question_number}" if question_number else "Antwort auf eine Kleine Anfrage"),
            date=answer_date,
            reference=answer_reference,
            line_count=len(self.original),
        )
        return ParliamentaryAnswer(
            document=document,
            question_number=question_number,
            question_reference=question_reference,
            question_title=title,
            askers=askers,
            municipality=municipality,
            entries=entries,
            statements=self._statements(paragraphs),
            warnings=self.warnings,
            party=party,
        )


def parse_parliamentary_answer(text: str, *, gazetteer: Any = None, filename: str = "") -> ParliamentaryAnswer:
    """Parse the answer to a Kleine Anfrage: question data, the project table and notable statements.

    gazetteer resolves the municipality of the table (default: the project's list
    of Ruhr municipalities). Raises ValueError (German message) when nothing in
    the text looks like a parliamentary answer.
    """
    return _AnswerParser(text, gazetteer or default_gazetteer()).parse(filename)
