"""A Fortschrittsbericht (progress report of the Ruhr-Konferenz) → ProgressReport.

The text comes out of a PDF and has no reliable page headers. It is read the way
a careful reader would:

1. Title and year; the table of contents ("Inhalt") with its project codes, the
   action-field lines that group them and the other entries ("Projektberichte 7",
   "Rückblick und Ausblick 56") that tell where the project pages start and end.
2. The overview counts ("mit 42 abgeschlossenen Projekten", "noch 16 Projekte in
   der Umsetzung") from the prose before the project pages.
3. The project pages. Every line is classified (section heading, photo caption,
   action-field heading, printed project title, text). The text is cut at photo
   captions and action-field headings, and again where a section repeats (a
   second "Verantwortlich" means a new page began) or a printed title follows a
   finished page. The pages are then aligned to the table of contents in order
   (dynamic programming on a similarity score), so a page without a printed
   title still gets its entry, and a missing or extra page costs one warning
   instead of shifting every page after it.
4. Per page: responsible ministry, milestones, funding statement, status,
   sub-projects, links and the municipalities named.

Nothing raises on odd input except `ValueError` for a text that is no progress
report at all; everything doubtful becomes a German ParseWarning with its line.
Plain Python, no Django.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from ..numbers import find_amounts, find_dates, find_percentages, german_date
from ..results import (
    DocumentInfo,
    Funding,
    LineSpan,
    Milestone,
    MunicipalityMention,
    ParseWarning,
    ProgressReport,
    ProjectPage,
    Section,
    StatusSummary,
    TocEntry,
)
from ..text import default_gazetteer, join_lines, split_lines, split_sentences
from ..vocabulary import SECTION_HEADINGS, STATUS_WORDINGS, action_field_by_name, fold, status_from_wording


class GazetteerLike(Protocol):
    """What the parser needs from places.gazetteer.Gazetteer."""

    def find(self, text: str, *, first_line: int = 1) -> list[MunicipalityMention]: ...


def parse_progress_report(text: str, *, gazetteer: GazetteerLike | None = None, filename: str = "") -> ProgressReport:
    """Read a progress report. Raises ValueError (German) only if the text is clearly no progress report."""
    return _ReportParser(text, gazetteer, filename).parse()


# -- lines ------------------------------------------------------------------------------

# Pictograms the layout puts before headings ("👤 Mehrwert", "⌚ Projektvolumen", "☒ Projektergebnis");
# the check marks among them serve as bullets and stay.
_ICONS = re.compile("[\u2300-\u23ff\u2600-\u2712\u2715-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f"), None)
_BULLET_GLYPHS = "•●▪■□◦○►▶▸➢➤·✓✔"
# "?" or U+FFFD before a space at a line start is a bullet glyph the PDF font could not map.
_BULLET = re.compile(rf"^(?:[-–—*?\ufffd](?=\s)|[{_BULLET_GLYPHS}])\s*")


def _clean(raw: str) -> str:
    """The line without icons and invisible characters, whitespace collapsed; bullets and ** stay."""
    text = raw.translate(_INVISIBLE).replace("\t", " ").replace("\xa0", " ").replace("\f", " ")
    text = _ICONS.sub(" ", text).strip()
    # Symbols outside the usual pictogram blocks also serve as icons ("⊕ Mehrwert").
    while text and ord(text[0]) > 0x2000 and text[0] not in _BULLET_GLYPHS:
        if unicodedata.category(text[0]) not in {"So", "Sm", "Sk", "Co"}:
            break
        text = text[1:].lstrip()
    return re.sub(r"\s+", " ", text)


def _split_bullet(text: str) -> tuple[str, bool]:
    bullet = False
    while m := _BULLET.match(text):
        text, bullet = text[m.end() :], True
    return text, bullet


def _plain(text: str) -> str:
    """Without markdown emphasis (**bold**, *italic*)."""
    text = text.replace("**", "")
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _ends_sentence(text: str) -> bool:
    return text.rstrip("“”\"')»").endswith((".", "!", "?"))


# Compounds whose hyphen is real even when the word after the break starts in lower case.
_KNOWN_HYPHENATED = frozenset(
    {"start-up", "start-ups", "know-how", "kick-off", "roll-out", "follow-up", "check-in", "set-up", "e-mail"}
)


class _Joiner:
    """Joins wrapped lines; a hyphen at a line end stays when the document spells that compound with one."""

    def __init__(self, text: str) -> None:
        self.pairs: set[str] = set(_KNOWN_HYPHENATED)
        # anchored at a word start: unanchored, one endless word costs the square of its length
        for compound in re.findall(r"(?<!\w)\w+(?:-\w+)+", text):
            parts = compound.lower().split("-")
            self.pairs.update(f"{a}-{b}" for a, b in itertools.pairwise(parts))

    def join(self, left: str, right: str) -> str:
        if not left or not right:
            return left or right
        head = re.search(r"(\w+)-$", left)
        if head and right[:1].islower():
            first = re.match(r"\w+", right)
            if first and f"{head.group(1)}-{first.group(0)}".lower() in self.pairs:
                return left + right
        return join_lines([left, right])


@dataclass
class _Line:
    no: int  # 1-based line number in the text
    raw: str
    text: str  # cleaned (_clean)
    kind: str = "text"  # blank | text | heading | caption | field
    key: str = ""  # section key of a heading
    heading: str = ""  # the heading as printed
    inline: str = ""  # text after "Heading:" on the same line
    bullet: bool = False
    toc: int | None = None  # index of the TOC entry whose title this line prints
    field_name: str = ""  # full action-field name of a field heading
    noise: bool = False  # a page number or running header, read as a blank line


# -- section headings -------------------------------------------------------------------

# Heading words that are also ordinary words: they only count alone on their line.
_GENERIC_HEADINGS = frozenset({"stand", "ergebnis", "ergebnisse", "links", "finanzierung", "zustandig"})
_INLINE_KEYS = frozenset(
    {
        "responsible",
        "funding",
        "target_groups",
        "links",
        "value_added",
        "approach",
        "result",
        "outlook",
        "recent_development",
        "current_status",
    }
)
_YEAR_SUFFIX = re.compile(
    r"(?:\s+(?:ab|bis|fur|auf|seit|im|in|im jahr|jahr))?\s+(?:19|20)\d{2}(?:\s+(?:19|20)?\d{2})?$"
)
_GLUED_HEADING = re.compile(r"^(?P<body>.*\S)\s*\*\*(?P<label>[^*]{3,60})\*\*\s*$")
# Sections a page usually ends with: a printed title after them starts the next page.
_PAGE_END_KEYS = frozenset({"funding", "links"})
# Sections printed once per page: a second one means a new page began. ("Ausblick 2025" and
# "Ausblick 2026" may well stand on one page.)
_ONCE_PER_PAGE_KEYS = frozenset({"responsible", "milestones", "value_added", "approach", "target_groups"})


def _heading_index() -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for key, spellings in SECTION_HEADINGS.items():
        for spelling in spellings:
            folded = fold(spelling)
            index.setdefault(folded.replace(" ", ""), (key, folded))
    return index


_HEADINGS = _heading_index()


def _heading_key(label: str) -> tuple[str, bool] | None:
    """(section key, is a generic word) for a heading label such as "Ausblick 2025" or "Projekt ergebnis"."""
    label = re.sub(r"^\d{1,2}[.)]\s+", "", label.strip())  # "2. Vorgehen"
    label = re.sub(r"\s*\([^()]*\)$", "", label)  # "Aktueller Stand (30.06.2025)"
    label = re.sub(r"\s+(?:zum|vom|per|Stand)?\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}$", "", label)
    folded = _YEAR_SUFFIX.sub("", fold(label))
    hit = _HEADINGS.get(folded.replace(" ", ""))
    return (hit[0], hit[1] in _GENERIC_HEADINGS) if hit else None


def _match_heading(text: str) -> tuple[str, str, str] | None:
    """(key, heading as printed, text after the colon) if the line is a section heading."""
    if _BULLET.match(text) and not text.startswith(("?", "\ufffd")):  # a lost glyph before a heading is its icon
        return None
    label = re.sub(r"^[^\w„\"(]+", "", text.replace("**", "")).strip()
    if not label or len(label) > 200:
        return None
    rest = ""
    if m := re.match(r"^(?P<label>[^:]{2,60}?)\s*:\s*(?P<rest>.*)$", label):
        label, rest = m["label"].strip(), m["rest"].strip()
    found = _heading_key(label)
    if not found:
        return None
    key, generic = found
    if rest and (key not in _INLINE_KEYS or generic):
        return None
    return key, label, rest


_CAPTION = re.compile(
    r"^(?:(?:Fotos?|Grafik(?:en)?|Bild(?:er|quelle|nachweis)?|Abbildung(?:en)?|Abb\.|Illustration|Titelfoto|Titelbild)"
    r"(?:\s+[\w.]+){0,2}\s*:|©)",
    re.IGNORECASE,
)


# -- table of contents ------------------------------------------------------------------

_CODE_PAREN = re.compile(r"\(\s*(?P<a>\d{1,3})\s*[-–]\s*(?P<b>\d{1,2})\s*(?P<c>[a-z]?)\s*\)")
_CODE_LEAD = re.compile(r"^(?P<a>\d{2,3})\s*[-–]\s*(?P<b>\d{2})(?P<c>[a-z]?)(?:\s*[:.–-]\s*|\s+)(?=\S)")
_TOC_TRAILER = re.compile(r"^[\s.…·_]*(?P<page>\d{1,3})?\s*$")
_OTHER_ENTRY = re.compile(r"^(?P<title>.*?[^\d\s.…·_])(?:\s*[.…·_]{2,}\s*|\s+)(?P<page>\d{1,3})$")
_TOC_HEADINGS = frozenset({"inhalt", "inhaltsverzeichnis"})
_PUBLISHED = re.compile(
    r"^(?:(?:Veröffentlicht|Herausgegeben|Erschienen|Redaktionsschluss|Stand)(?:\s+(?:am|im))?\s*:?"
    r"|Düsseldorf,(?:\s+(?:den|im))?)\s*(?P<when>\S.*)$",
    re.IGNORECASE,
)
# Page numbers the extraction leaves between paragraphs ("13", "- 13 -", "Seite 13 von 56").
_PAGE_NUMBER = re.compile(r"^(?:[-–]\s*)?\d{1,3}(?:\s*[-–])?$|^Seite\s+\d{1,3}(?:\s+von\s+\d{1,3})?$", re.IGNORECASE)


def _normalise_code(a: str, b: str, letter: str) -> str | None:
    first, second = int(a), int(b)
    if not (1 <= first <= 99 and 1 <= second <= 99):
        return None
    return f"{first:02d}-{second:02d}{letter}"


@dataclass
class _TocLine:
    kind: str  # entry | field | other
    title: str = ""
    page: int | None = None
    code_parts: tuple[str, str, str] | None = None
    field_name: str = ""


def _strip_leaders(title: str) -> str:
    return re.sub(r"[\s.…·_]{2,}$", "", title).strip()


def _toc_line(text: str) -> _TocLine | None:
    matches = list(_CODE_PAREN.finditer(text))
    if matches:
        m = matches[-1]
        trailer = _TOC_TRAILER.match(text[m.end() :])
        if trailer:
            page = int(trailer["page"]) if trailer["page"] else None
            title = _strip_leaders(text[: m.start()])
            if page is None and (lead := re.match(r"^(\d{1,3})\s+(?=\D)", title)):
                page, title = int(lead.group(1)), title[lead.end() :]  # "9 Start4Chem-Labs (05-02a)"
            return _TocLine("entry", title, page, (m["a"], m["b"], m["c"]))
    if m := _CODE_LEAD.match(text):
        rest = text[m.end() :]
        page_m = re.search(r"(?:\s*[.…·_]{2,}\s*|\s+)(\d{1,3})$", rest)
        title = _strip_leaders(rest[: page_m.start()] if page_m else rest)
        if title:
            return _TocLine("entry", title, int(page_m.group(1)) if page_m else None, (m["a"], m["b"], m["c"]))
    bare = re.sub(r"[\s.…·_]*\d{0,3}$", "", text).strip()
    if bare and len(bare) <= 60 and (af := action_field_by_name(bare)):
        return _TocLine("field", field_name=af[1])
    if m := _OTHER_ENTRY.match(text):
        return _TocLine("other", _strip_leaders(m["title"]), int(m["page"]))
    return None


@dataclass
class _Toc:
    entries: list[TocEntry]
    before: list[str]  # titles of other entries printed before the first project ("Projektberichte")
    after: list[str]  # titles of other entries printed after the last project ("Rückblick und Ausblick")
    end: int  # 0-based index after the last entry


class _Titles:
    """Recognises printed project titles of the table of contents in body lines."""

    def __init__(self, entries: Sequence[TocEntry]) -> None:
        self.folded = [fold(e.title) for e in entries]
        self.compact = [f.replace(" ", "") for f in self.folded]

    def exact(self, text: str) -> int | None:
        folded = fold(_plain(text))
        if len(folded) < 3:
            return None
        compact = folded.replace(" ", "")
        for index, title in enumerate(self.compact):
            if title and compact == title:
                return index
        return None

    def prefix(self, text: str) -> int | None:
        """A title printed over several lines: the first line is a word-aligned prefix of the title."""
        folded = fold(_plain(text))
        # One word alone ("Zukunftscampus") is too weak unless it ends like a title part ("ruhrvalley:").
        if len(folded) < 8 or (" " not in folded and not text.rstrip().endswith(":")):
            return None
        for index, title in enumerate(self.folded):
            if title.startswith(folded + " "):
                return index
        return None


# -- page drafts ------------------------------------------------------------------------


@dataclass
class _Loose:
    """An unheaded paragraph of a page: a printed title or intro text ("summary")."""

    lines: list[_Line]
    text: str
    title_like: bool
    toc: int | None


@dataclass
class _Draft:
    lines: list[_Line]
    captions: list[_Line]
    field_name: str | None
    chunk: int
    after_field: bool  # the chunk began at an action-field heading
    loose: list[_Loose] = field(default_factory=list)
    sections: list[tuple[_Line, list[_Line]]] = field(default_factory=list)  # (heading, content) in order
    ministry: str | None = None
    ministry_lines: list[_Line] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    milestone_end: int = 0
    funding_lines: list[_Line] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    candidates: list[str] = field(default_factory=list)
    folded_text: str = ""
    tokens: set[str] = field(default_factory=set)

    @property
    def keys(self) -> list[str]:
        return [ln.key for ln in self.lines if ln.kind == "heading"]

    @property
    def content(self) -> list[_Line]:
        return [ln for ln in self.lines if ln.kind != "blank"]

    @property
    def start(self) -> int:
        content = self.content
        return content[0].no if content else 0

    @property
    def end(self) -> int:
        content = self.content
        return content[-1].no if content else 0


def _paragraphs(lines: Iterable[_Line]) -> list[list[_Line]]:
    """Blank-line separated paragraphs; a printed title is a paragraph of its own."""
    paragraphs: list[list[_Line]] = []
    current: list[_Line] = []
    for ln in lines:
        if ln.kind in {"blank", "caption"}:
            if current:
                paragraphs.append(current)
            current = []
            continue
        if ln.toc is not None and not ln.bullet and current:
            paragraphs.append(current)
            current = []
        current.append(ln)
        if ln.toc is not None and not ln.bullet:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_title_like(lines: Sequence[_Line], text: str) -> bool:
    if not lines or lines[0].bullet:
        return False
    if any(ln.toc is not None for ln in lines):
        return True
    if len(lines) > 3 or len(text) > 160 or len(text.split()) > 20:
        return False
    if text.endswith((".", "!", "?", ";", ",")) or (text.endswith(":") and len(text.split()) > 3):
        return False
    return not find_amounts(text)


def _title_head(para: Sequence[_Line]) -> int:
    """How many leading lines of a paragraph are a title printed right above the text (no blank line)."""
    if len(para) < 2:
        return 0
    longest = max(len(ln.text) for ln in para)
    count = 0
    while count < min(3, len(para) - 1):
        text, following = _plain(para[count].text), para[count + 1].text
        last_word = text.rsplit(" ", 1)[-1].lower()
        if para[count].bullet or _ends_sentence(text) or text.endswith((",", ";", "-", "–")):
            break
        if last_word in _OPEN_ENDINGS or len(text) > 100 or len(text) > 0.6 * longest:
            break
        if not (following[:1].isupper() or following[:1] in '„"'):
            break
        count += 1
    return count


_FUNDING_WORDS = re.compile(
    r"euro|€|\bmio\b|million|mittel|kosten|förder|finanz|haushalt|volumen|darstellbar|ausgewiesen|zuwendung"
    r"|verausgabt|ausgezahlt|aufgewandt|aufgewendet|eigenanteil|prozent|%",
    re.IGNORECASE,
)


# -- milestones -------------------------------------------------------------------------

_YEAR_LINE = re.compile(r"^(?P<y>(?:19|20)\d{2})(?:\s*[/–-]\s*(?P<y2>(?:19|20)?\d{2}))?\s*:?$")
_YEAR_WITH_TEXT = re.compile(
    r"^(?P<y>(?:19|20)\d{2})(?:\s*[/–-]\s*(?P<y2>(?:19|20)?\d{2}))?(?:\s*[:–]\s+|\s+-\s+)(?P<rest>\S.*)$"
)
_DATE_PREFIX = re.compile(r"^(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.(?:\s?(?P<y>\d{2,4}))?\s*:?\s+(?P<rest>\S.*)$")
_MONTH_YEAR_PREFIX = re.compile(r"^(?P<m>\d{1,2})\s?[/.]\s?(?P<y>(?:19|20)\d{2})\s*(?::|–|\s-)\s*(?P<rest>\S.*)$")
_MONTHS = {
    "januar": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}  # fmt: skip
_MONTH_WORD = re.compile(r"(?:(?P<d>\d{1,2})\.\s*)?\b(?P<m>" + "|".join(_MONTHS) + r")\b", re.IGNORECASE)
# Line ends after which a wrapped item certainly goes on.
_OPEN_ENDINGS = frozenset(
    "und oder der die das des dem den ein eine einer eines einem zur zum zu für mit von vom im in am an auf aus "
    "bei nach über unter sowie als wie bzw. bzw durch gegen ohne um".split()
)
_BOLD_NAME = re.compile(r"^\*\*\s*(?P<name>[^*:]{2,80}?)\s*:\s*\*\*\s*(?P<rest>.*)$")


def _year(value: str, base: int | None = None) -> int | None:
    number = int(value)
    if len(value) == 2 and base is not None:
        number = base // 100 * 100 + number
    return number if 1990 <= number <= 2100 else None


def _year_line(core: str) -> tuple[int, int | None, str] | None:
    """(year, year_end, text after the year) for "2021", "- **2021**", "2023/2024", "2021: Projektstart"."""
    core = _plain(core)
    m = _YEAR_LINE.match(core) or _YEAR_WITH_TEXT.match(core)
    if not m:
        return None
    year = _year(m["y"])
    if year is None:
        return None
    year_end = _year(m["y2"], year) if m["y2"] else None
    if year_end is not None and year_end <= year:
        year_end = None
    rest = m.groupdict().get("rest") or ""
    return year, year_end, rest


def _item_core(text: str) -> tuple[str, bool]:
    """The text of a list line without its bullet; "**- 2021**" counts as bulleted too."""
    core, bullet = _split_bullet(text)
    if not bullet and core.startswith("**"):
        inner, inner_bullet = _split_bullet(core[2:].lstrip())
        if inner_bullet:
            return "**" + inner, True
    return core, bullet


def _without_page_breaks(lines: list[_Line]) -> list[_Line]:
    """Drop the blank lines of a page break (three or more, or around a page number): a list goes on across it."""
    out: list[_Line] = []
    run: list[_Line] = []
    for line in [*lines, None]:
        if line is not None and line.kind == "blank":
            run.append(line)
            continue
        if len(run) < 3 and not any(ln.noise for ln in run):
            out.extend(run)
        run = []
        if line is not None:
            out.append(line)
    return out


def _wraps(before: str, after: str) -> bool:
    """Does the line `after` plainly go on with `before` (broken word, open ending, lower-case start)?"""
    if re.search(r"\w-$", before) or before.endswith((",", "/", "(", "„", "–", ":")):
        return True
    if after[:1].islower() or after[:1] in "()":
        return True
    return (before.rsplit(" ", 1)[-1].lower() if before else "") in _OPEN_ENDINGS


def _is_prose(text: str) -> bool:
    return _ends_sentence(text) and (len(text) >= 60 or len(text.split()) >= 8)


@dataclass
class _Item:
    year: int | None
    year_end: int | None
    first: _Line
    parts: list[str] = field(default_factory=list)
    raw_parts: list[str] = field(default_factory=list)
    bold_name: str = ""

    @property
    def bold_open(self) -> bool:
        return sum(part.count("**") for part in self.raw_parts) % 2 == 1

    @property
    def waiting(self) -> bool:
        """Only a "Name:" so far: the item's text is on the next line."""
        text = _plain(" ".join(self.parts)).strip()
        return not text or text.endswith(":")

    @property
    def tail(self) -> str:
        m = _BOLD_NAME.match(self.raw_parts[0]) if self.raw_parts else None
        return m["rest"].strip() if m else ""


# -- sub-projects -----------------------------------------------------------------------

_NAME_PREFIX = re.compile(r"^(?P<name>[^:]{2,70}?)\s*:\s+(?P<rest>\S.*)$")
_NOT_SUBPROJECTS = frozenset(
    fold(word)
    for word in (
        "Ziel", "Ziele", "Kooperationspartner", "Kooperationspartner sind", "Partner", "Foto", "Fotos", "Grafik",
        "Stand", "Hinweis", "Kennzahlen", "Beispiel", "Beispiele", "Ergebnis", "Ergebnisse", "Status", "Quelle",
        "Teilnehmende", "Termin", "Termine", "Zeitraum", "Laufzeit", "Kontakt", "Achtung", "Fazit",
    )
)  # fmt: skip
_DETERMINERS = frozenset(
    "der die das den dem des ein eine einer eines einem im in mit für zu zur zum seit bis ab auf am an es wir sie "
    "dies diese dieser dieses hier dazu daher damit so auch nach bei über unter vom von".split()
)


def _is_enumeration(text: str) -> bool:
    """'MechSyn, Simplyfined' or 'u.a. EEDEN, E-LYTE, xemX': a list of names, not an action."""
    if re.match(r"^(?:u\.\s?a\.|z\.\s?B\.|bspw\.)", text):
        return True
    parts = [p.strip(" .;") for p in re.split(r",|\bund\b|&", text) if p.strip(" .;")]
    return len(parts) >= 2 and all(len(p.split()) <= 2 for p in parts)


def _plausible_subproject(name: str, rest: str, *, bold: bool) -> bool:
    words = name.split()
    if not words or len(words) > 6 or not name[0].isupper():
        return False
    if re.search(r"[\d()„“\"]", name) or words[0].lower() in _DETERMINERS:
        return False
    if fold(name) in _NOT_SUBPROJECTS or fold(words[0]) in _NOT_SUBPROJECTS:
        return False
    if _heading_key(name) or action_field_by_name(name):
        return False
    if bold:
        return True
    return len(rest.split()) >= 2 and not _is_enumeration(rest)


# -- funding ----------------------------------------------------------------------------

_NOT_DETERMINABLE = re.compile(
    r"nicht\s+(?:gesondert\s+|separat\s+|eindeutig\s+)?(?:darstellbar|ausgewiesen|ausweisbar|bezifferbar|beziffert"
    r"|ermittelbar|zu\s+ermitteln|quantifizierbar|abgrenzbar)|keine\s+(?:\w+\s+){0,2}Angabe",
    re.IGNORECASE,
)
_STATE_WORDS = re.compile(
    r"Landesmitteln?|Mitteln?\s+des\s+Landes|Landesförderung|Förderung\s+(?:durch\s+das|des)\s+Land|\bZuwendung\b"
    r"|Land(?:es)?\s+(?:NRW|Nordrhein-Westfalen)|Ruhr-Konferenz",
    re.IGNORECASE,
)
_OWN_WORDS = re.compile(r"Eigenanteil|Eigenmittel|Eigenleistung", re.IGNORECASE)
_SPENT_WORDS = re.compile(
    r"verausgabt|ausgezahlt|ausgegeben|abgeflossen|aufgewandt|aufgewendet|abgerufen", re.IGNORECASE
)
_ANNUAL_WORDS = re.compile(r"jährlich|pro\s+Jahr|je\s+Jahr|p\.\s?a\.|per\s+annum", re.IGNORECASE)
_ORGANISATION = re.compile(r"Ministeri|Staatskanzlei|Minister|Landesregierung|Ressort|Projektgruppe|Landesamt")
_PART_WORDS = re.compile(r"\b(?:davon|darunter|hiervon)\b", re.IGNORECASE)


# -- status -----------------------------------------------------------------------------

_CLOSING_MILESTONE = re.compile(
    r"projektabschluss|abschluss\s+des\s+projekte?s\b|ende\s+der\s+(?:projekt)?förderung|abschluss\s+als\s+projekt"
    r"|projektende|projekt\s+(?:wurde\s+|ist\s+)?(?:abgeschlossen|beendet)",
    re.IGNORECASE,
)
_CLOSED_SENTENCE = re.compile(
    r"\bDas\s+Projekt\s+(?:wurde|ist|war)\b(?:(?!\bnicht\b)[^.]){0,80}\b(?:abgeschlossen|beendet)\b"
    r"|\bDas\s+Projekt\s+endete\b"
)
_EXPLICIT_STATUS = re.compile(r"^(?:Projekt)?[Ss]tatus\s*[:–-]\s*(?P<wording>\S.*)$")
_STATUS_BASE = {fold(p) for _code, phrases in STATUS_WORDINGS for p in phrases if len(p.split()) >= 2} | {
    "abgeschlossen",
    "verstetigt",
    "beendet",
}
_STATUS_LINES = frozenset(_STATUS_BASE | {f"projekt {w}" for w in _STATUS_BASE})


# -- overview ---------------------------------------------------------------------------

_COUNT = re.compile(r"(?<![\d.,/–-])\b(?P<n>\d{1,3})\b(?![\d.,/°%–-]|\s*(?:%|Prozent|Euro|Mio|Millionen|Mrd))")
_COUNT_NOUN = re.compile(r"(?:Ressort|Partner)?[Pp]rojekt\w*|Vorhaben|Maßnahmen")
_COUNT_KEYS: list[tuple[str, re.Pattern[str]]] = [
    ("not_pursued", re.compile(r"nicht\s+weiter\s*verfolgt|nicht\s+umgesetzt|eingestellt|verworfen", re.I)),
    ("continued", re.compile(r"verstetigt", re.I)),
    ("completed", re.compile(r"abgeschlossen|beendet|fertiggestellt|zum\s+Abschluss", re.I)),
    ("reported", re.compile(r"bearbeitet|dokumentiert|berichtet|dargestellt|vorgestellt", re.I)),
    ("in_progress", re.compile(r"in\s+(?:der\s+)?Umsetzung|laufend|in\s+Arbeit", re.I)),
]
_EARLIER_REPORT = re.compile(
    r"(?:letzten|vorherigen|vorigen|vergangenen)\s+Fortschrittsbericht|Berichtsstand\s+des|Vorjahresbericht|damals",
    re.I,
)
_CUMULATIVE_KEYS = frozenset({"completed", "not_pursued", "continued", "total"})

_STOPWORDS = frozenset(
    "der die das und fur von im in zu zur zum mit den dem des ein eine einer eines auf an am aus bei nach uber vor "
    "als oder sowie".split()
)


def _tokens(text: str) -> set[str]:
    return {t for t in fold(text).split() if len(t) >= 2 and t not in _STOPWORDS}


# -- the parser -------------------------------------------------------------------------


class _ReportParser:
    def __init__(self, text: str, gazetteer: GazetteerLike | None, filename: str) -> None:
        self.text = text or ""
        self.raw_lines = split_lines(self.text)
        self.cleaned = [_clean(line) for line in self.raw_lines]
        self.gazetteer = gazetteer
        self.filename = filename
        self.warnings: list[ParseWarning] = []
        self.joiner = _Joiner(self.text)
        self.document_title = ""

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ParseWarning(line, message))

    # -- whole document --------------------------------------------------------------

    def parse(self) -> ProgressReport:
        document = self._document_info()
        self.document_title = document.title
        if not self.text.strip():
            self.warn(None, "Der Text ist leer; es wurden keine Projektseiten gelesen.")
            return ProgressReport(document, StatusSummary(), [], [], self.warnings)

        toc = self._table_of_contents()
        entries = toc.entries if toc else []
        titles = _Titles(entries)
        area_start, area_end = self._project_area(toc)
        lines = self._classify(area_start, area_end, titles)
        drafts = self._drafts(lines)
        if not entries and not drafts:
            raise ValueError(
                "Der Text ist kein Fortschrittsbericht: weder ein Inhaltsverzeichnis mit Projektnummern "
                "noch Projektseiten mit Abschnitten wie „Verantwortlich“ oder „Projektvolumen“ gefunden."
            )
        if not entries:
            self.warn(None, "Kein Inhaltsverzeichnis mit Projektnummern gefunden; die Seiten bleiben ohne Nummer.")

        overview_end = area_start if area_start > (toc.end if toc else 0) else (drafts[0].start - 1 if drafts else 0)
        summary = self._status_summary(toc.end if toc else 0, overview_end)

        for draft in drafts:
            self._analyse(draft)
        assignment = self._align(drafts, entries)
        projects = [self._project(draft, entries, index) for draft, index in zip(drafts, assignment, strict=True)]
        self._check_counts(summary, projects, entries, assignment)
        return ProgressReport(document, summary, entries, projects, self.warnings)

    def _document_info(self) -> DocumentInfo:
        title, year = "", None
        for index, text in enumerate(self.cleaned[:300]):
            if not re.match(r"^(?:Ruhr-Konferenz\s*[–-]?\s*)?Fortschrittsbericht\b", text) or len(text) > 100:
                continue
            title = _plain(text)
            if m := re.search(r"\b((?:19|20)\d{2})\b", text):
                year = int(m.group(1))
            else:
                following = next((t for t in self.cleaned[index + 1 : index + 4] if t), "")
                if re.fullmatch(r"(?:19|20)\d{2}", following):
                    year = int(following)
                    title = f"{title} {following}"
            break
        if year is None and (m := re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", self.filename)):
            year = int(m.group(1))
        if not title:
            title = f"Fortschrittsbericht {year}" if year else "Fortschrittsbericht"
        line_count = len(self.raw_lines) if self.text else 0
        published, line = self._publication_date()
        return DocumentInfo(
            kind="progress_report", title=title, date=published, year=year, line_count=line_count, date_line=line
        )

    def _publication_date(self) -> tuple[date | None, int | None]:
        """The date the document says it was published ("Stand: 26.11.2025", "Düsseldorf, im November 2025").

        Only the title pages (before the table of contents) and the imprint are read: inside the project
        pages a "Stand" dates a figure, not the document. A month without a day is its first day.
        Returns the date and its (1-based) line, or (None, None): no date is better than a guessed one.
        """
        cleaned = self.cleaned
        toc = next((i for i, t in enumerate(cleaned) if fold(t) in _TOC_HEADINGS), min(len(cleaned), 40))
        imprint = max((i for i, t in enumerate(cleaned) if fold(t) == "impressum"), default=len(cleaned))
        for index in [*range(toc), *range(imprint, len(cleaned))]:
            if match := _PUBLISHED.search(cleaned[index]):
                found = german_date(match["when"])
                if found is not None:
                    return found, index + 1
        return None, None

    # -- table of contents -----------------------------------------------------------

    def _table_of_contents(self) -> _Toc | None:
        heading = next((i for i, t in enumerate(self.cleaned) if fold(t) in _TOC_HEADINGS), None)
        toc = self._scan_toc(heading) if heading is not None else None
        return toc or self._scan_toc(None)

    def _scan_toc(self, heading: int | None) -> _Toc | None:
        cleaned = self.cleaned
        if heading is None:
            first = next(
                (i for i, t in enumerate(cleaned) if (tl := _toc_line(t)) and tl.kind == "entry" and tl.page),
                None,
            )
            if first is None:
                return None
            heading = max(0, first - 3)
            scan_from = heading
        else:
            scan_from = heading + 1

        entries: list[TocEntry] = []
        others: list[tuple[str, int]] = []  # title, number of project entries before it
        field_name: str | None = None
        pending: list[int] = []
        last: int | None = None
        noise = 0
        for index in range(scan_from, len(cleaned)):
            text = cleaned[index]
            if not text:
                pending = []
                continue
            item = _toc_line(text)
            if item is None and re.fullmatch(r"\d{1,3}", text) and entries:
                if entries[-1].page is None and last == index - 1:
                    entries[-1].page = int(text)  # the page number of a wrapped entry, on a line of its own
                continue
            if item is None:
                follows = index + 1 < len(cleaned) and (nxt := _toc_line(cleaned[index + 1])) and nxt.kind == "entry"
                if follows:
                    pending.append(index)  # a long title wrapped before its code
                    continue
                if last is not None:
                    break
                noise += 1
                if noise > 8:
                    return None
                continue
            if item.kind == "field":
                field_name = item.field_name
                pending = []
                continue
            if item.kind == "other":
                others.append((item.title, len(entries)))
                last, pending = index, []
                continue
            title = self._join([*(cleaned[i] for i in pending), item.title])
            entries.append(self._toc_entry(item, title, field_name, index))
            last, pending = index, []
        if last is None:
            return None
        seen: set[str] = set()
        for entry in entries:
            if entry.code in seen:
                self.warn(entry.line, f"Projektnummer „{entry.code}“ steht mehrfach im Inhaltsverzeichnis.")
            seen.add(entry.code)
        before = [title for title, n in others if n == 0]
        after = [title for title, n in others if n == len(entries) and n > 0]
        return _Toc(entries, before, after, last + 1)

    def _toc_entry(self, item: _TocLine, title: str, field_name: str | None, index: int) -> TocEntry:
        assert item.code_parts is not None
        a, b, c = item.code_parts
        printed = f"{a}-{b}{c}"
        code = _normalise_code(a, b, c)
        line = index + 1
        if code is None:
            self.warn(
                line, f"Projektnummer „{printed}“ im Inhaltsverzeichnis ist ungültig und wurde unverändert übernommen."
            )
            code = printed
        elif code != printed:
            self.warn(
                line, f"Projektnummer „{printed}“ im Inhaltsverzeichnis ist fehlerhaft gedruckt; gelesen als „{code}“."
            )
        return TocEntry(
            code=code,
            title=re.sub(r"\s+", " ", _plain(title)),
            action_field=field_name,
            page=item.page,
            line=line,
            printed_code=printed if printed != code else "",
        )

    def _project_area(self, toc: _Toc | None) -> tuple[int, int]:
        """0-based [start, end) of the project pages: after "Projektberichte", before "Rückblick"/"Impressum"."""
        begin = toc.end if toc else 0
        first_heading = next(
            (
                i
                for i in range(begin, len(self.cleaned))
                if (h := _match_heading(self.cleaned[i])) and h[0] in {"responsible", "milestones", "funding"}
            ),
            len(self.cleaned),
        )
        start = begin
        for title in toc.before if toc else []:
            wanted = fold(title)
            for i in range(begin, first_heading):
                if wanted and fold(self.cleaned[i]) == wanted:
                    start = max(start, i + 1)
                    break
        end = len(self.cleaned)
        # An entry named like a section ("Ausblick") would end the area at the first page's heading.
        markers = [fold(t) for t in (toc.after if toc else []) if not _heading_key(t)] + ["impressum"]
        for i in range(max(start, first_heading), len(self.cleaned)):
            if fold(self.cleaned[i]) in markers:
                end = i
                break
        return start, end

    # -- overview counts -------------------------------------------------------------

    def _status_summary(self, start: int, end: int) -> StatusSummary:
        candidates: list[tuple[str, int, int, bool, int]] = []  # key, value, line, earlier report, order
        for text, offsets in self._overview_paragraphs(start, end):
            for sentence_start, sentence in self._sentences_with_offsets(text):
                earlier = bool(_EARLIER_REPORT.search(sentence))
                numbers = list(_COUNT.finditer(sentence))
                for position, m in enumerate(numbers):
                    clause_end = numbers[position + 1].start() if position + 1 < len(numbers) else len(sentence)
                    key = self._count_key(sentence, m, clause_end, short=len(text) <= 40)
                    if key:
                        line = self._line_at(offsets, sentence_start + m.start())
                        candidates.append((key, int(m["n"]), line, earlier, len(candidates)))
        summary = StatusSummary()
        used: list[int] = []
        for key in ("completed", "in_progress", "not_pursued", "continued", "total", "reported"):
            found = [c for c in candidates if c[0] == key]
            if not found:
                continue
            current = [c for c in found if not c[3]] or found
            chosen = max(current, key=lambda c: c[1]) if key in _CUMULATIVE_KEYS else current[-1]
            if key == "reported":
                chosen = current[0]
            setattr(summary, key, chosen[1])
            used.append(chosen[2])
        if used:
            summary.source = LineSpan(min(used), max(used))
        return summary

    @staticmethod
    def _count_key(sentence: str, m: re.Match[str], clause_end: int, *, short: bool) -> str | None:
        before = sentence[: m.start()].split()
        if before and before[-1].lower() in {"weitere", "weiteren", "zusätzliche", "zusätzlich"}:
            return None  # an increment, not a count
        clause = sentence[m.end() : clause_end]
        words = clause.split()[:6]
        noun = next((w for w in words if _COUNT_NOUN.fullmatch(w.strip(",.;:()"))), None)
        if noun is None and not short:
            return None
        if noun and noun.lower().startswith("projektvorschl"):
            return "total"
        for key, pattern in _COUNT_KEYS:
            if pattern.search(clause) or (short and pattern.search(sentence)):
                return key
        if before and before[-1].lower() == "insgesamt" and noun:
            return "total"
        return None

    def _overview_paragraphs(self, start: int, end: int) -> list[tuple[str, list[tuple[int, int]]]]:
        """Paragraphs (text, [(character offset, line number)]) of lines start..end (0-based)."""
        paragraphs: list[tuple[str, list[tuple[int, int]]]] = []
        text, offsets = "", []
        for index in range(max(start, 0), min(end, len(self.cleaned))):
            line = _plain(self.cleaned[index])
            if not line:
                if text:
                    paragraphs.append((text, offsets))
                text, offsets = "", []
                continue
            offsets.append((len(text) + (1 if text else 0), index + 1))
            text = f"{text} {line}" if text else line
        if text:
            paragraphs.append((text, offsets))
        return paragraphs

    @staticmethod
    def _sentences_with_offsets(text: str) -> list[tuple[int, str]]:
        out, cursor = [], 0
        for sentence in split_sentences(text):
            position = text.find(sentence, cursor)
            position = cursor if position < 0 else position
            out.append((position, sentence))
            cursor = position + len(sentence)
        return out

    @staticmethod
    def _line_at(offsets: list[tuple[int, int]], position: int) -> int:
        line = offsets[0][1]
        for offset, number in offsets:
            if offset <= position:
                line = number
        return line

    # -- classifying and cutting pages ---------------------------------------------

    def _classify(self, start: int, end: int, titles: _Titles) -> list[_Line]:
        out: list[_Line] = []
        for index in range(start, end):
            raw, text = self.raw_lines[index], self.cleaned[index]
            no = index + 1
            if text and self._is_noise(text):
                out.append(_Line(no, raw, "", "blank", noise=True))
                continue
            if not text:
                out.append(_Line(no, raw, "", "blank"))
                continue
            if _CAPTION.match(text):
                out.append(_Line(no, raw, text, "caption"))
                continue
            if heading := _match_heading(text):
                key, label, inline = heading
                out.append(_Line(no, raw, text, "heading", key=key, heading=label, inline=inline))
                continue
            if (glued := _GLUED_HEADING.match(text)) and (found := _heading_key(glued["label"])):
                _body, bullet = _split_bullet(glued["body"])
                out.append(_Line(no, raw, glued["body"], "text", bullet=bullet))
                out.append(_Line(no, raw, glued["label"], "heading", key=found[0], heading=glued["label"].strip()))
                continue
            _core, bullet = _split_bullet(text)
            line = _Line(no, raw, text, "text", bullet=bullet)
            if not bullet:
                line.toc = titles.exact(text)
                if line.toc is None and len(text) <= 60 and (af := action_field_by_name(_plain(text))):
                    line.kind, line.field_name = "field", af[1]
                elif line.toc is None:
                    line.toc = titles.prefix(text)
            out.append(line)
        previous: _Line | None = None
        for line in out:
            if line.kind == "field" and previous is not None and previous.kind == "heading":
                line.kind = "text"  # the content of a section ("Zielgruppe" / "Wirtschaft"), not a group heading
            if line.kind != "blank":
                previous = line
        self._mark_captions(out)
        return out

    def _is_noise(self, text: str) -> bool:
        """A page number or a running header repeating the report's title ("Fortschrittsbericht 2024 | 13")."""
        if _PAGE_NUMBER.match(text):
            return True
        title = fold(self.document_title)
        folded = re.sub(r"^(?:seite )?\d{1,3} | (?:seite )?\d{1,3}$", "", fold(text))
        return bool(title) and folded == title

    def _mark_captions(self, lines: list[_Line]) -> None:
        """A photo caption takes the lines of its block: back to the page break before it, on to a blank line."""
        for k in [i for i, ln in enumerate(lines) if ln.kind == "caption"]:
            for j in range(self._caption_start(lines, k), k):
                if lines[j].kind == "text":
                    lines[j].kind = "caption"
            taken, j = 0, k + 1
            while j < len(lines) and taken < 2:
                nxt = lines[j]
                if nxt.kind != "text" or nxt.bullet or nxt.toc is not None or len(nxt.text) > 80:
                    break
                if nxt.text.endswith((".", ":")):
                    break
                nxt.kind = "caption"
                taken, j = taken + 1, j + 1

    @staticmethod
    def _caption_start(lines: list[_Line], k: int) -> int:
        j, blank_run, taken = k - 1, 0, 0
        while j >= 0:
            ln = lines[j]
            if ln.kind == "blank":
                blank_run += 1
                if blank_run >= 2:
                    start = j + blank_run
                    before = next((x for x in reversed(lines[:j]) if x.kind != "blank"), None)
                    # The first paragraph of a section is content even after a page break.
                    if taken and (before is None or before.kind != "heading"):
                        return start
                    break
            else:
                blank_run = 0
                if ln.kind not in {"text", "caption"} or ln.bullet or ln.toc is not None or len(ln.text) > 200:
                    break
                taken += 1
                if taken > 6:
                    break
            j -= 1
        start = k
        while start - 1 >= 0 and k - start < 2:
            prev = lines[start - 1]
            if prev.kind != "text" or prev.bullet or prev.toc is not None or len(prev.text) > 120:
                break
            if prev.text.endswith((".", ":", ";")):
                break
            before = next((x for x in reversed(lines[: start - 1]) if x.kind != "blank"), None)
            if before is not None and before.kind == "heading":
                break  # the first line of a section is its content, not a caption
            start -= 1
        return start

    def _drafts(self, lines: list[_Line]) -> list[_Draft]:
        drafts: list[_Draft] = []
        for chunk_id, (chunk, captions, field_name, after_field) in enumerate(self._chunks(lines)):
            pages = self._split_pages(chunk)
            for position, page in enumerate(pages):
                drafts.append(
                    _Draft(
                        lines=page,
                        captions=captions if position == len(pages) - 1 else [],
                        field_name=field_name,
                        chunk=chunk_id,
                        after_field=after_field and position == 0,
                    )
                )
        drafts = self._merge_fragments(drafts)
        kept = []
        for draft in drafts:
            keys = set(draft.keys)
            has_title = any(ln.toc is not None for ln in draft.lines)
            if len(keys) >= 2 or (keys and has_title):
                kept.append(draft)
            elif keys:
                names = ", ".join(sorted(keys))
                self.warn(
                    draft.start,
                    f"Textblock in Zeilen {draft.start}–{draft.end} (Abschnitt {names}) ließ sich keiner Projektseite "
                    "zuordnen und wurde übersprungen.",
                )
        return kept

    @staticmethod
    def _chunks(lines: list[_Line]) -> list[tuple[list[_Line], list[_Line], str | None, bool]]:
        """Cut at photo captions and action-field headings: (lines, captions, action field, begins at a field)."""
        chunks: list[tuple[list[_Line], list[_Line], str | None, bool]] = []
        current: list[_Line] = []
        captions: list[_Line] = []
        field_name: str | None = None
        after_field = False
        in_caption = False

        def close(next_after_field: bool) -> None:
            nonlocal current, captions, after_field
            if any(ln.kind != "blank" for ln in current):
                chunks.append((current, captions, field_name, after_field))
            elif captions and chunks:
                chunks[-1][1].extend(captions)
            current, captions, after_field = [], [], next_after_field

        for line in lines:
            if line.kind == "caption":
                captions.append(line)
                in_caption = True
                continue
            if line.kind == "blank":
                if not in_caption:
                    current.append(line)
                continue
            if line.kind == "field":
                close(True)
                field_name = line.field_name
                in_caption = False
                continue
            if in_caption:
                close(False)
                in_caption = False
            current.append(line)
        close(False)
        return chunks

    def _split_pages(self, chunk: list[_Line]) -> list[list[_Line]]:
        pages: list[list[_Line]] = []
        current: list[_Line] = []
        keys: set[str] = set()
        for line in chunk:
            if line.kind == "text" and line.toc is not None and not line.bullet and keys & _PAGE_END_KEYS:
                pages.append(current)
                current, keys = [], set()
            elif line.kind == "heading" and line.key in keys and line.key in _ONCE_PER_PAGE_KEYS:
                cut = self._new_page_cut(current, line.key)
                pages.append(current[:cut])
                current = current[cut:]
                keys = {ln.key for ln in current if ln.kind == "heading"}
            if line.kind == "heading":
                keys.add(line.key)
            current.append(line)
        pages.append(current)
        return [p for p in pages if any(ln.kind != "blank" for ln in p)]

    def _new_page_cut(self, current: list[_Line], repeated: str) -> int:
        """Where the page ended, given that section `repeated` starts again.

        A page normally closes with its funding statement (or links): if one follows the first
        "repeated" section, the next page begins with the heading after it ("Projektvolumen …
        Verantwortlich: … Meilensteine" — the new page began at "Verantwortlich"). Title-like
        lines at the end of the closing section belong to the new page too.
        """
        headings = [i for i, ln in enumerate(current) if ln.kind == "heading"]
        if not headings:
            return len(current)
        first = next(i for i in headings if current[i].key == repeated)
        closing = [i for i in headings if i > first and current[i].key in _PAGE_END_KEYS]
        last = closing[-1] if closing else headings[-1]
        after = [i for i in headings if i > last]
        limit = after[0] if after else len(current)
        spans: list[tuple[int, int]] = []
        start = None
        for i in range(last + 1, limit):
            if current[i].kind in {"blank", "caption"}:
                if start is not None:
                    spans.append((start, i))
                start = None
            elif start is None:
                start = i
        if start is not None:
            spans.append((start, limit))
        cut = limit
        for span_start, span_end in reversed(spans[1:]):
            para = current[span_start:span_end]
            text = self._join([_plain(ln.text) for ln in para])
            funding_tail = current[last].key == "funding" and not _FUNDING_WORDS.search(text)
            if _is_title_like(para, text) or funding_tail:
                cut = span_start
            else:
                break
        return cut

    @staticmethod
    def _merge_fragments(drafts: list[_Draft]) -> list[_Draft]:
        """A page cut in two by a photo in its middle: the second part has only sections the first lacks."""
        merged: list[_Draft] = []
        for draft in drafts:
            previous = merged[-1] if merged else None
            if (
                previous is not None
                and draft.chunk != previous.chunk
                and not draft.after_field
                and not set(draft.keys) & set(previous.keys)
                and not any(ln.toc is not None for ln in draft.lines)
                and draft.keys
            ):
                previous.lines = previous.lines + previous.captions + draft.lines
                previous.captions = draft.captions
                continue
            merged.append(draft)
        return merged

    # -- one page: structure ---------------------------------------------------------

    def _join(self, parts: Iterable[str]) -> str:
        text = ""
        for part in parts:
            text = self.joiner.join(text, part.strip())
        return text.strip()

    def _para_text(self, para: Sequence[_Line]) -> str:
        return self._join(_plain(_split_bullet(ln.text)[0]) for ln in para)

    def _loose(self, para: list[_Line]) -> list[_Loose]:
        """An unheaded paragraph; short lines above an intro without a blank line between are a title of their own."""
        head = _title_head(para)
        parts = [para[:head], para[head:]] if head else [para]
        out = []
        for part in parts:
            text = self._para_text(part)
            toc = next((ln.toc for ln in part if ln.toc is not None), None)
            out.append(_Loose(part, text, _is_title_like(part, text), toc))
        return out

    def _analyse(self, draft: _Draft) -> None:
        segments: list[tuple[_Line | None, list[_Line]]] = [(None, [])]
        for line in draft.lines:
            if line.kind == "heading":
                segments.append((line, []))
            else:
                segments[-1][1].append(line)
        for heading, content in segments:
            if heading is None:
                draft.loose.extend(part for p in _paragraphs(content) for part in self._loose(p))
                continue
            rest: list[_Line] = content
            if heading.key == "responsible":
                rest = self._ministry(draft, heading, content)
            elif heading.key == "milestones":
                rest = self._milestones(draft, content)
            elif heading.key == "funding":
                rest = self._funding_lines(draft, content)
            else:
                titled = [p for p in _paragraphs(content) if p[0].toc is not None and not p[0].bullet]
                draft.loose.extend(part for p in titled for part in self._loose(p))
                rest = []
                taken = {id(ln) for p in titled for ln in p}
                keep = [ln for ln in content if id(ln) not in taken]
                draft.sections.append((heading, keep))
                continue
            draft.sections.append((heading, []))
            draft.loose.extend(part for p in _paragraphs(rest) for part in self._loose(p))
        self._evidence(draft)

    def _ministry(self, draft: _Draft, heading: _Line, content: list[_Line]) -> list[_Line]:
        """The ministry after "Verantwortlich:", joined over its broken lines; what follows is intro or title."""
        names: list[str] = []
        used: list[_Line] = []
        current = heading.inline
        index = 0
        lines = list(content)
        if not current:
            while index < len(lines) and lines[index].kind in {"blank", "caption"}:
                index += 1
        while index < len(lines):
            line = lines[index]
            if line.kind in {"blank", "caption"} or line.toc is not None or line.bullet:
                break
            text = _plain(line.text)
            starts_new = bool(re.match(r"^(?:Ministerium|Staatskanzlei|Ministerin|Minister)\b", text))
            if not current and (len(text) > 150 or (_is_prose(text) and not _ORGANISATION.search(text))):
                break  # the page's intro, not a ministry: the page names none
            if current and self._ministry_complete(current):
                if not starts_new:
                    break
                names.append(current)
                current = ""
            elif current and (len(text) > 80 or (_is_prose(text) and not starts_new)):
                break
            current = self._join([current, text]) if current else text
            used.append(line)
            index += 1
            if len(used) >= 6:
                break
        if current:
            names.append(current)
        names = [re.sub(r"\s+", " ", n).strip(" ,;") for n in names if n.strip(" ,;")]
        draft.ministry = "; ".join(names) or None
        draft.ministry_lines = used
        return lines[index:]

    @staticmethod
    def _ministry_complete(text: str) -> bool:
        return bool(re.search(r"(?:Nordrhein-Westfalen|NRW)\.?$", text)) or text.endswith(".")

    def _funding_lines(self, draft: _Draft, content: list[_Line]) -> list[_Line]:
        """The funding statement is the section's first paragraph and any further one about money."""
        paragraphs = _paragraphs(content)
        rest: list[_Line] = []
        for position, para in enumerate(paragraphs):
            text = self._para_text(para)
            if position == 0 or (_FUNDING_WORDS.search(text) and not rest):
                draft.funding_lines.extend(para)
            elif _is_title_like(para, text) and para[0].toc is None:
                continue  # a label of the photo or graphic that follows
            else:
                rest.extend(para)
                rest.append(_Line(para[-1].no, "", "", "blank"))
        return rest

    # -- milestones --------------------------------------------------------------

    def _milestones(self, draft: _Draft, content: list[_Line]) -> list[_Line]:
        content = _without_page_breaks(content)
        end = self._milestone_list_end(content)
        listed = content[:end]
        width = self._column_width(listed)
        items: list[_Item] = []
        year: int | None = None
        year_end: int | None = None
        current: _Item | None = None
        previous: _Line | None = None
        blank_before = False
        for line in listed:
            if line.kind != "text":
                blank_before = blank_before or line.kind == "blank"
                continue
            core, bullet = _item_core(line.text)
            found = _year_line(core)
            if found:
                year, year_end, rest = found
                current = None
                if rest:
                    current = _Item(year, year_end, line, [rest], [rest])
                    items.append(current)
                previous, blank_before = line, False
                continue
            if not bullet and current is not None and current.waiting:
                current.parts.append(core)
                current.raw_parts.append(core)
            elif bullet or current is None or blank_before:
                current = self._new_item(year, year_end, line, core)
                items.append(current)
            elif previous is not None and self._continues(previous, current, core, width):
                current.parts.append(core)
                current.raw_parts.append(core)
            else:
                current = self._new_item(year, year_end, line, core)
                items.append(current)
            previous, blank_before = line, False
        for item in items:
            milestone = self._milestone(item)
            if milestone is not None:
                draft.milestones.append(milestone)
        draft.milestone_end = max((ln.no for ln in listed if ln.kind == "text"), default=0)
        return content[end:]

    @staticmethod
    def _column_width(listed: list[_Line]) -> int:
        """The width of a narrow text column the list was set in, or 0 when its lines do not look wrapped."""
        lengths = [
            len(ln.text) for ln in listed if ln.kind == "text" and not _YEAR_LINE.match(_plain(_item_core(ln.text)[0]))
        ]
        if not lengths:
            return 0
        width = max(lengths)
        # Wrapping fills lines: several of them come close to the column width.
        return width if sum(1 for n in lengths if n >= 0.85 * width) >= 3 else 0

    @staticmethod
    def _new_item(year: int | None, year_end: int | None, line: _Line, core: str) -> _Item:
        bold = _BOLD_NAME.match(core)
        return _Item(year, year_end, line, [core], [core], bold_name=bold["name"].strip() if bold else "")

    @staticmethod
    def _milestone_list_end(content: list[_Line]) -> int:
        """The list ends at a printed title or at an unbulleted paragraph of prose (the page intro)."""
        cores = [_item_core(ln.text) if ln.kind == "text" else ("", False) for ln in content]
        bulleted = any(bullet and not _year_line(core) for core, bullet in cores)
        structured = [i for i, (core, bullet) in enumerate(cores) if bullet or (core and _year_line(core))]
        last_structured = structured[-1] if structured else -1
        blank_before = False
        seen_entry = False
        previous: _Line | None = None
        for index, line in enumerate(content):
            if line.kind != "text":
                blank_before = blank_before or line.kind == "blank"
                continue
            core, bullet = cores[index]
            if _year_line(core):
                seen_entry, blank_before, previous = True, False, line
                continue
            if not bullet:
                if line.toc is not None:
                    return index
                if previous is not None and not blank_before and _wraps(_plain(_item_core(previous.text)[0]), core):
                    seen_entry, previous = True, line
                    continue  # the wrapped rest of the item above, even if it reads like a sentence
                if _is_prose(_plain(core)):
                    return index
                if bulleted and blank_before and seen_entry:
                    return index
                # After the last item: an unbulleted run of prose is the page intro, not a wrapped item.
                if index > last_structured and previous is not None and not blank_before:
                    run = [_plain(ln.text) for ln in content[index:] if ln.kind == "text"]
                    if not _wraps(_plain(_item_core(previous.text)[0]), core) and _is_prose(" ".join(run)):
                        return index
            seen_entry, blank_before, previous = True, False, line
        return len(content)

    @staticmethod
    def _continues(previous: _Line, item: _Item, core: str, width: int) -> bool:
        """Is an unbulleted line the wrapped rest of the item before it, or an item of its own?"""
        if item.bold_open:
            return True
        if _DATE_PREFIX.match(core) or _MONTH_YEAR_PREFIX.match(core):
            return False  # a dated line is an item of its own
        if _wraps(_plain(_split_bullet(previous.text)[0]), core):
            return True
        first_word = core.split(" ", 1)[0]
        # In a narrow column a line breaks where the next word did not fit.
        full = len(previous.text) >= 0.7 * width
        return bool(width) and full and len(previous.text) + 1 + len(first_word) > width

    def _milestone(self, item: _Item) -> Milestone | None:
        text = self._join(_plain(part) for part in item.parts)
        subproject = ""
        if item.bold_name:
            subproject = item.bold_name
            text = self._join([_plain(item.tail), *(_plain(p) for p in item.parts[1:])])
        month = day = None
        year = item.year
        if m := _DATE_PREFIX.match(text):
            d, mo = int(m["d"]), int(m["m"])
            if 1 <= mo <= 12 and 1 <= d <= 31:
                day, month, text = d, mo, m["rest"]
                if year is None and m["y"] and len(m["y"]) == 4:
                    year = _year(m["y"])
        elif (m := _MONTH_YEAR_PREFIX.match(text)) and 1 <= int(m["m"]) <= 12 and _year(m["y"]):
            month, text = int(m["m"]), m["rest"]
            year = year if year is not None else _year(m["y"])
        elif m := re.match(
            rf"^(?P<m>{'|'.join(_MONTHS)})\s+(?P<y>(?:19|20)\d{{2}})\s*[:–]\s*(?P<rest>\S.*)$", text, re.I
        ):
            if _year(m["y"]):
                month, text = _MONTHS[m["m"].lower()], m["rest"]
                year = year if year is not None else _year(m["y"])
        if not subproject and (m := _NAME_PREFIX.match(text)):
            if _plausible_subproject(m["name"], m["rest"], bold=False):
                subproject, text = m["name"].strip(), m["rest"].strip()
        if month is None:
            months = {(_MONTHS[w["m"].lower()], w["d"]) for w in _MONTH_WORD.finditer(text)}
            if len({mo for mo, _d in months}) == 1:
                month, raw_day = next(iter(months))
                day = int(raw_day) if raw_day and 1 <= int(raw_day) <= 31 else None
        text = text.strip()
        if not text:
            text = subproject
        if year is None:
            self.warn(item.first.no, f"Meilenstein ohne Jahresangabe übersprungen: „{text}“.")
            return None
        return Milestone(
            year=year,
            text=text,
            line=item.first.no,
            year_end=item.year_end,
            month=month,
            day=day,
            subproject=subproject,
        )

    # -- alignment with the table of contents -------------------------------------

    def _evidence(self, draft: _Draft) -> None:
        text_lines = [ln for ln in draft.lines if ln.kind in {"text", "heading"}]
        draft.folded_text = fold(" ".join(_plain(ln.text) for ln in text_lines))
        draft.tokens = set(draft.folded_text.split())
        for ln in text_lines:
            for m in _CODE_PAREN.finditer(ln.text):
                code = _normalise_code(m["a"], m["b"], m["c"])
                if code:
                    draft.codes.add(code)
            if not ln.bullet and (m := _CODE_LEAD.match(ln.text)) and (code := _normalise_code(m["a"], m["b"], m["c"])):
                draft.codes.add(code)
        run: list[str] = []
        for loose in draft.loose:
            if loose.title_like:
                draft.candidates.append(loose.text)
                run.append(loose.text)
                for size in (2, 3):
                    if len(run) >= size:
                        draft.candidates.append(" ".join(run[-size:]))
            else:
                run = []

    def _align(self, drafts: list[_Draft], entries: list[TocEntry]) -> list[int | None]:
        """Monotone alignment of pages to TOC entries maximising similarity; each match also earns a base point."""
        n, m = len(drafts), len(entries)
        if not n or not m:
            return [None] * n
        df = Counter(t for e in entries for t in _tokens(e.title))
        weights = {t: 1.0 + math.log(m / c) for t, c in df.items()}
        default_weight = 1.0 + math.log(m)
        title_ev = [[self._title_evidence(d, e, weights, default_weight) for e in entries] for d in drafts]
        scores: list[list[float | None]] = []
        for i, draft in enumerate(drafts):
            best_title = max(title_ev[i])
            row: list[float | None] = []
            for j, entry in enumerate(entries):
                if draft.codes and entry.code not in draft.codes:
                    row.append(None)
                    continue
                if best_title >= 0.9 and title_ev[i][j] < 0.5:
                    row.append(None)  # the page prints another project's title
                    continue
                score = 1.0 + 6 * title_ev[i][j] + 2 * self._text_evidence(draft, entry, weights, default_weight)
                if entry.code in draft.codes:
                    score += 20
                if draft.field_name and entry.action_field and draft.field_name != entry.action_field:
                    score -= 2
                row.append(max(score, 0.1))
            scores.append(row)

        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        move = [[0] * (m + 1) for _ in range(n + 1)]  # 0 match, 1 skip page, 2 skip entry
        for i in range(1, n + 1):
            move[i][0] = 1
        for j in range(1, m + 1):
            move[0][j] = 2
        for i in range(1, n + 1):
            for j in range(1, m + 1):
                options = [(best[i - 1][j], 1), (best[i][j - 1], 2)]
                score = scores[i - 1][j - 1]
                if score is not None:
                    options.append((best[i - 1][j - 1] + score, 0))
                best[i][j], move[i][j] = max(options, key=lambda o: (o[0], o[1] == 0))
        assignment: list[int | None] = [None] * n
        i, j = n, m
        while i > 0 and j > 0:
            step = move[i][j]
            if step == 0:
                assignment[i - 1] = j - 1
                i, j = i - 1, j - 1
            elif step == 1:
                i -= 1
            else:
                j -= 1

        # A page out of order still gets its entry when its printed title or code says which one.
        taken = {a for a in assignment if a is not None}
        for i, draft in enumerate(drafts):
            if assignment[i] is not None:
                continue
            options = [
                (title_ev[i][j] + (2 if entries[j].code in draft.codes else 0), j)
                for j in range(m)
                if j not in taken and (title_ev[i][j] >= 0.9 or entries[j].code in draft.codes)
            ]
            if options:
                _score, j = max(options)
                assignment[i] = j
                taken.add(j)
                self.warn(
                    draft.start,
                    f"Die Projektseite {entries[j].code} „{entries[j].title}“ (Zeile {draft.start}) steht nicht an "
                    "der Stelle, die das Inhaltsverzeichnis erwarten lässt.",
                )
        return assignment

    @staticmethod
    def _weighted(tokens: Iterable[str], weights: dict[str, float], default: float) -> float:
        return sum(weights.get(t, default) for t in tokens)

    def _title_evidence(self, draft: _Draft, entry: TocEntry, weights: dict[str, float], default: float) -> float:
        title = fold(entry.title)
        if not title:
            return 0.0
        title_tokens = _tokens(entry.title)
        best = 0.0
        for candidate in draft.candidates:
            folded = fold(candidate)
            if not folded:
                continue
            if folded.replace(" ", "") == title.replace(" ", ""):
                return 1.0
            tokens = _tokens(candidate)
            union = self._weighted(tokens | title_tokens, weights, default)
            score = self._weighted(tokens & title_tokens, weights, default) / union if union else 0.0
            if len(folded) >= 8 and title.startswith(folded + " "):
                score = max(score, 0.8)
            best = max(best, score)
        return best

    def _text_evidence(self, draft: _Draft, entry: TocEntry, weights: dict[str, float], default: float) -> float:
        title = fold(entry.title)
        if title and f" {title} " in f" {draft.folded_text} ":
            return 1.0
        tokens = _tokens(entry.title)
        total = self._weighted(tokens, weights, default)
        return self._weighted(tokens & draft.tokens, weights, default) / total if total else 0.0

    # -- one page: results -------------------------------------------------------

    def _project(self, draft: _Draft, entries: list[TocEntry], index: int | None) -> ProjectPage:
        entry = entries[index] if index is not None else None
        printed_title, title_ids = self._printed_title(draft, entry, index)
        title = entry.title if entry else printed_title
        code = entry.code if entry else (sorted(draft.codes)[0] if len(draft.codes) == 1 else None)
        if entry is None and entries:
            label = f"„{title}“" if title else "ohne erkennbaren Titel"
            self.warn(
                draft.start,
                f"Projektseite in Zeilen {draft.start}–{draft.end} ({label}) passt zu keinem Eintrag des "
                "Inhaltsverzeichnisses" + ("." if code else "; keine Projektnummer."),
            )
        sections = self._sections(draft, title_ids)
        if draft.ministry is None:
            self.warn(draft.start, f"Seite nennt kein verantwortliches Ressort: {code or '?'} „{title}“.")
        funding = self._funding(draft, code or title)
        status, basis = self._status(draft, sections)
        return ProjectPage(
            code=code,
            title=title,
            action_field=(entry.action_field if entry and entry.action_field else draft.field_name),
            ministry=draft.ministry,
            status=status,
            status_basis=basis,
            milestones=draft.milestones,
            funding=funding,
            sections=sections,
            municipalities=self._municipalities(draft),
            subprojects=self._subprojects(draft, sections, title),
            links=self._links(sections, draft),
            toc_page=entry.page if entry else None,
            source=LineSpan(draft.start, draft.end),
        )

    def _printed_title(self, draft: _Draft, entry: TocEntry | None, index: int | None) -> tuple[str, set[int]]:
        """The page's own title lines (removed from the intro text) and the title they print."""
        ids: set[int] = set()
        if entry is not None:
            title = fold(entry.title)
            for i, loose in enumerate(draft.loose):
                if not loose.title_like:
                    continue
                folded = fold(loose.text)
                part_of = len(folded) >= 3 and f" {folded} " in f" {title} "
                similar = (
                    bool(_tokens(loose.text))
                    and len(_tokens(loose.text) & _tokens(entry.title))
                    / len(_tokens(loose.text) | _tokens(entry.title))
                    >= 0.5
                )
                if loose.toc == index or part_of or similar:
                    ids.add(i)
            return " ".join(draft.loose[i].text for i in sorted(ids)), ids
        for i, loose in enumerate(draft.loose):
            if loose.title_like:
                ids.add(i)
            elif ids:
                break
        return " ".join(draft.loose[i].text for i in sorted(ids)), ids

    def _section_text(self, lines: Sequence[_Line]) -> str:
        blocks = []
        for para in _paragraphs(lines):
            rows: list[str] = []
            bullet_row = False
            for line in para:
                core, bullet = _split_bullet(line.text)
                core = _plain(core)
                if bullet:
                    rows.append(f"- {core}")
                    bullet_row = True
                elif rows and not (bullet_row and _ends_sentence(rows[-1])):
                    rows[-1] = self.joiner.join(rows[-1], core)
                else:
                    rows.append(core)
                    bullet_row = False
            if rows:
                blocks.append("\n".join(rows))
        return "\n\n".join(blocks)

    def _sections(self, draft: _Draft, title_ids: set[int]) -> dict[str, Section]:
        sections: dict[str, Section] = {}
        intro = [loose for i, loose in enumerate(draft.loose) if i not in title_ids]
        if intro:
            text = "\n\n".join(self._section_text(loose.lines) for loose in intro)
            numbers = [ln.no for loose in intro for ln in loose.lines]
            sections["summary"] = Section("summary", "", text, min(numbers), max(numbers))
        for heading, content in draft.sections:
            key = heading.key
            if key == "responsible":
                text = draft.ministry or ""
                numbers = [ln.no for ln in draft.ministry_lines]
            elif key == "milestones":
                text = self._milestones_text(draft.milestones)
                numbers = [draft.milestone_end] if draft.milestone_end else []
            elif key == "funding":
                text = self._join(_plain(ln.text) for ln in draft.funding_lines if ln.kind == "text")
                numbers = [ln.no for ln in draft.funding_lines]
            else:
                text = self._section_text(content)
                if heading.inline:
                    text = f"{heading.inline}\n\n{text}".strip()
                numbers = [ln.no for ln in content if ln.kind == "text"]
            end = max([heading.no, *numbers])
            if key in sections:  # a heading printed twice on one page: keep both texts
                old = sections[key]
                sections[key] = Section(key, old.heading, f"{old.text}\n\n{text}".strip(), old.start_line, end)
            else:
                sections[key] = Section(key, heading.heading, text, heading.no, end)
        return sections

    @staticmethod
    def _milestones_text(milestones: list[Milestone]) -> str:
        blocks: list[str] = []
        last: tuple[int, int | None] | None = None
        for m in milestones:
            if (m.year, m.year_end) != last:
                blocks.append(f"{m.year}/{m.year_end}" if m.year_end else str(m.year))
                last = (m.year, m.year_end)
            prefix = f"{m.subproject}: " if m.subproject and m.subproject != m.text else ""
            blocks[-1] += f"\n- {prefix}{m.text}"
        return "\n\n".join(blocks)

    # -- funding -----------------------------------------------------------------

    def _funding(self, draft: _Draft, label: str) -> Funding | None:
        lines = [ln for ln in draft.funding_lines if ln.kind == "text"]
        if not lines:
            return None
        text = self._join(_plain(ln.text) for ln in lines)
        funding = Funding(text=text, start_line=lines[0].no, end_line=lines[-1].no)
        for d in find_dates(text):
            if d.value is None:
                line = next((ln.no for ln in lines if d.raw in ln.text), lines[0].no)
                self.warn(
                    line,
                    f"Ungültiges Datum „{d.raw}“ im Projektvolumen von {label} (Zeile {line}); "
                    "der Stichtag wurde nicht übernommen.",
                )
        amounts_found = bool(find_amounts(text))
        if not amounts_found and _NOT_DETERMINABLE.search(text):
            funding.determinable = False
            funding.reason = " ".join(s for s in split_sentences(text) if _NOT_DETERMINABLE.search(s)) or text
            return funding
        for sentence in split_sentences(text):
            self._funding_sentence(funding, sentence)
        return funding

    def _funding_sentence(self, funding: Funding, sentence: str) -> None:
        """Assign each amount of a sentence a role from the words around it.

        Rules (only what is stated; derived figures are the registry's job):
        - an amount spent, paid out or used ("verausgabt", "ausgezahlt", "aufgewandt") is spent_eur;
          with a cut-off date that is all we know, so the volume stays empty; without one it states
          the project's total expenditure ("insgesamt ca. 3 Millionen Euro aufgewandt") and is the
          volume too;
        - "jährlich"/"pro Jahr" before an amount makes it the annual amount;
        - a part after "davon" is the state's (Landesmittel, Förderung, Zuwendung, Ruhr-Konferenz)
          or the own share (Eigenanteil), else it is left in the text;
        - the first other amount is the volume; "aus Landesmitteln" right after it makes the whole
          volume state money; "bis (zum) 30.06.2025" after it is the volume's cut-off date.
        """
        amounts = find_amounts(sentence)
        for index, amount in enumerate(amounts):
            previous_end = amounts[index - 1].end if index else 0
            next_start = amounts[index + 1].start if index + 1 < len(amounts) else len(sentence)
            head = sentence[previous_end : amount.start]
            tail = sentence[amount.end : next_start]
            own_tail = re.split(r"\(?\s*\b(?:davon|darunter|hiervon)\b|;", tail, maxsplit=1)[0]
            part = next(reversed(list(_PART_WORDS.finditer(head))), None)
            is_part = part is not None
            if part is not None:
                # "davon Landesmittel: 2 Mio. Euro" names the part before it, "davon 2 Mio. Euro Landesmittel" after.
                own_tail = head[part.end() :] + " " + tail.split(")", 1)[0]
            when = self._date_in(own_tail) or self._date_in(head)
            if _SPENT_WORDS.search(own_tail) or (not is_part and _SPENT_WORDS.search(head + own_tail)):
                if funding.spent_eur is None:
                    funding.spent_eur = amount.value
                    funding.spent_as_of = when[0] if when else None
                    if when is None and not is_part and funding.volume_eur is None:
                        funding.volume_eur, funding.volume_qualifier = amount.value, amount.qualifier
                continue
            if _ANNUAL_WORDS.search(head[-40:]) or _ANNUAL_WORDS.match(own_tail.strip()):
                if funding.annual_eur is None:
                    funding.annual_eur, funding.annual_qualifier = amount.value, amount.qualifier
                continue
            if is_part:
                if _OWN_WORDS.search(own_tail):
                    funding.own_eur = funding.own_eur if funding.own_eur is not None else amount.value
                elif _STATE_WORDS.search(own_tail) and funding.state_eur is None:
                    funding.state_eur, funding.state_qualifier = amount.value, amount.qualifier
                continue
            if funding.volume_eur is None:
                funding.volume_eur, funding.volume_qualifier = amount.value, amount.qualifier
                if when and re.search(r"\b(?:bis|Stand)\b", own_tail + head, re.IGNORECASE):
                    funding.volume_as_of = when[0]
                if _STATE_WORDS.search(own_tail) and funding.state_eur is None:
                    funding.state_eur, funding.state_qualifier = amount.value, amount.qualifier
        self._shares(funding, sentence)

    @staticmethod
    def _shares(funding: Funding, sentence: str) -> None:
        percentages = find_percentages(sentence)
        for index, share in enumerate(percentages):
            start = percentages[index - 1].end if index else 0
            stop = percentages[index + 1].start if index + 1 < len(percentages) else len(sentence)
            tail = re.split(r"\)|;|,", sentence[share.end : stop], maxsplit=1)[0]
            head = sentence[start : share.start][-30:]
            # The words after a share name it ("90% Förderung durch das Land"); "Förderquote 90 %" before it.
            for context in (tail, head):
                if _OWN_WORDS.search(context):
                    if funding.own_share_percent is None:
                        funding.own_share_percent = share.value
                    break
                if re.search(r"Land|Förder|Zuwendung", context):
                    if funding.state_share_percent is None:
                        funding.state_share_percent = share.value
                    break

    @staticmethod
    def _date_in(text: str) -> tuple[date | None] | None:
        """(date,) for the first date in text; (None,) when it is misprinted; None when there is none."""
        found = find_dates(text)
        return (found[0].value,) if found else None

    # -- status ------------------------------------------------------------------

    def _status(self, draft: _Draft, sections: dict[str, Section]) -> tuple[str, str]:
        # The page's own status statement: "Status: verstetigt" anywhere, or a bare wording as a line of its own.
        bare = {id(ln) for loose in draft.loose for ln in loose.lines}
        for line in draft.lines:
            if line.kind != "text" or line.bullet:
                continue
            text = _plain(line.text)
            m = _EXPLICIT_STATUS.match(text)
            wording = m["wording"] if m else (text if id(line) in bare and fold(text) in _STATUS_LINES else "")
            if wording and (code := status_from_wording(wording)):
                return code, f"Statusangabe „{text}“ (Zeile {line.no})"
        if "result" in sections:
            return "completed", f"Abschnitt „{sections['result'].heading}“ vorhanden"
        if draft.milestones:
            latest = max(m.year_end or m.year for m in draft.milestones)
            for milestone in draft.milestones:
                if (milestone.year_end or milestone.year) == latest and _CLOSING_MILESTONE.search(milestone.text):
                    return "completed", f"Meilenstein {latest}: „{milestone.text}“"
        for key in ("recent_development", "current_status", "summary"):
            if key in sections and (m := _CLOSED_SENTENCE.search(sections[key].text)):
                sentence = next((s for s in split_sentences(sections[key].text) if m.group(0) in s), m.group(0))
                return "completed", f"Abschnitt „{sections[key].heading or 'Einleitung'}“: „{sentence}“"
        return "in_progress", "Weder Projektergebnis noch Projektabschluss genannt: das Projekt wird noch umgesetzt."

    # -- places, sub-projects, links ---------------------------------------------

    def _municipalities(self, draft: _Draft) -> list[MunicipalityMention]:
        gazetteer = self._gazetteer()
        if gazetteer is None:
            return []
        start, end = draft.start, draft.end
        if not start:
            return []
        caption_numbers = {ln.no for ln in draft.lines if ln.kind == "caption"} | {ln.no for ln in draft.captions}
        content = ["" if number in caption_numbers else self.raw_lines[number - 1] for number in range(start, end + 1)]
        mentions = self._find(gazetteer, "\n".join(content), start)
        for block in self._blocks(sorted(caption_numbers)):
            mentions += self._find(gazetteer, "\n".join(self.raw_lines[n - 1] for n in block), block[0])
        seen: set[str] = set()
        unique = []
        for mention in mentions:
            if mention.ags not in seen:
                seen.add(mention.ags)
                unique.append(mention)
        return unique

    @staticmethod
    def _blocks(numbers: list[int]) -> list[list[int]]:
        blocks: list[list[int]] = []
        for number in numbers:
            if blocks and number == blocks[-1][-1] + 1:
                blocks[-1].append(number)
            else:
                blocks.append([number])
        return blocks

    def _find(self, gazetteer: GazetteerLike, text: str, first_line: int) -> list[MunicipalityMention]:
        try:
            return list(gazetteer.find(text, first_line=first_line))
        except Exception as exc:  # a faulty place list must not stop reading the report
            self.warn(first_line, f"Ortssuche in Zeile {first_line} fehlgeschlagen: {exc}")
            return []

    def _gazetteer(self) -> GazetteerLike | None:
        if self.gazetteer is None:
            try:
                self.gazetteer = default_gazetteer()
            except ImportError as exc:
                self.warn(None, f"Ortsverzeichnis nicht verfügbar ({exc}); Ortsbezüge wurden nicht ermittelt.")
                self.gazetteer = _NoGazetteer()
        return None if isinstance(self.gazetteer, _NoGazetteer) else self.gazetteer

    def _subprojects(self, draft: _Draft, sections: dict[str, Section], title: str) -> list[str]:
        found: list[tuple[int, str]] = [(m.line, m.subproject) for m in draft.milestones if m.subproject]
        for heading, content in draft.sections:
            if heading.key != "current_status":
                continue
            for line in content:
                if line.kind != "text":
                    continue
                core = _plain(_split_bullet(line.text)[0])
                if (m := _NAME_PREFIX.match(core)) and _plausible_subproject(m["name"], m["rest"], bold=False):
                    found.append((line.no, m["name"].strip()))
        own = fold(title)
        names: list[str] = []
        seen: set[str] = set()
        for _line, name in sorted(found, key=lambda f: f[0]):
            key = fold(name)
            if not key or key in seen or key == own:
                continue
            seen.add(key)
            names.append(name)
        return names

    @staticmethod
    def _links(sections: dict[str, Section], draft: _Draft) -> list[str]:
        section = sections.get("links")
        if section is None:
            return []
        text = section.text
        found: list[str] = []
        for m in re.finditer(r"<(?P<a>https?://[^>\s]+)>|\((?P<b>https?://[^)\s]+)\)|(?P<c>https?://[^\s<>()]+)", text):
            found.append(m["a"] or m["b"] or m["c"])
        for m in re.finditer(r"(?<![/\w.])www\.[^\s<>()]+", text):
            found.append(m.group(0))
        links: list[str] = []
        for link in found:
            link = link.rstrip(".,;:)")
            if link not in links and not any(link in other for other in links):
                links.append(link)
        return links

    # -- consistency -------------------------------------------------------------

    def _check_counts(
        self,
        summary: StatusSummary,
        projects: list[ProjectPage],
        entries: list[TocEntry],
        assignment: list[int | None],
    ) -> None:
        taken = {a for a in assignment if a is not None}
        for index, entry in enumerate(entries):
            if index not in taken:
                self.warn(
                    entry.line,
                    f"Zu {entry.code} „{entry.title}“ aus dem Inhaltsverzeichnis wurde keine Projektseite gefunden.",
                )
        line = summary.source.start_line if summary.source else None
        if summary.reported is not None and summary.reported != len(projects):
            self.warn(
                line,
                f"Die Übersicht nennt {summary.reported} bearbeitete Projekte, gefunden wurden {len(projects)} "
                "Projektseiten.",
            )
        parts = [summary.completed, summary.in_progress, summary.not_pursued]
        if summary.total is not None and all(p is not None for p in parts):
            total = sum(p for p in parts if p is not None) + (summary.continued or 0)
            if total != summary.total:
                self.warn(
                    line,
                    f"Die Zahlen der Übersicht ergeben zusammen {total} Projekte, genannt sind {summary.total}.",
                )
        running = sum(1 for p in projects if p.status == "in_progress")
        if summary.in_progress is not None and running > summary.in_progress:
            self.warn(
                line,
                f"{running} Projektseiten gelten als in Umsetzung, die Übersicht nennt nur {summary.in_progress}.",
            )


class _NoGazetteer:
    def find(self, text: str, *, first_line: int = 1) -> list[MunicipalityMention]:
        return []


__all__ = ["GazetteerLike", "parse_progress_report"]
