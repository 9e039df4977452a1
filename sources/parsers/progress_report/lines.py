"""The lines of a report and what every reading step shares: cleaning a line (icons, invisible characters,
bullets), the section headings ("Verantwortlich", "Meilensteine", "Projektvolumen"), photo captions, paragraphs
and printed titles, the page draft (_Draft) the later steps fill, and the reading state (_Reading: text, lines,
joiner of wrapped lines, warnings).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..numbers import find_amounts
from ..results import Milestone, MunicipalityMention, ParseWarning
from ..text import join_lines, split_lines
from ..vocabulary import SECTION_HEADINGS, fold

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


# Line ends after which a wrapped item certainly goes on.
_OPEN_ENDINGS = frozenset(
    "und oder der die das des dem den ein eine einer eines einem zur zum zu für mit von vom im in am an auf aus "
    "bei nach über unter sowie als wie bzw. bzw durch gegen ohne um".split()
)


def _is_prose(text: str) -> bool:
    return _ends_sentence(text) and (len(text) >= 60 or len(text.split()) >= 8)


class GazetteerLike(Protocol):
    """What the parser needs from places.gazetteer.Gazetteer."""

    def find(self, text: str, *, first_line: int = 1) -> list[MunicipalityMention]: ...


class _Reading:
    """The state every step reads from: the text, its lines raw and cleaned, the joiner of wrapped lines, and
    the warnings so far."""

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

    def _join(self, parts: Iterable[str]) -> str:
        text = ""
        for part in parts:
            text = self.joiner.join(text, part.strip())
        return text.strip()

    def _para_text(self, para: Sequence[_Line]) -> str:
        return self._join(_plain(_split_bullet(ln.text)[0]) for ln in para)
