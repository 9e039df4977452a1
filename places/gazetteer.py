"""Find the municipalities of the Ruhr area in German text.

Plain Python (no Django): the document parsers in `sources.parsers` use it and
must run on their own. The list of places comes from data/ruhr/gemeinden.csv.

German text names a town in many shapes: "Bochum", "Bochums", "Bochumer",
"Bochumerinnen", "Dortmund-Hörde", "Mülheim a. d. Ruhr", "Bo-" + "chum" across
a line break. Some names are also ordinary words ("das Essen", "die Alpen",
"das Wetter") or name a district rather than the town ("Kreis Wesel"); those
uses are not reported.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sources.parsers.results import MunicipalityMention
from sources.parsers.vocabulary import fold

CSV_PATH = Path(__file__).resolve().parents[1] / "data" / "ruhr" / "gemeinden.csv"

CONTEXT_CHARS = 200

# Demonyms that German does not build regularly from the town's name.
_DEMONYM_OVERRIDES = {
    "Lünen": "Lüner",
    "Recklinghausen": "Recklinghäuser",
    "Hattingen": "Hattinger",
}

# Demonyms that are also common words or first names ("Hammer", "Werner",
# "Schwerter" = swords): reporting them would cost more than missing them.
_AMBIGUOUS_DEMONYMS = frozenset({"Hammer", "Werner", "Schwerter", "Wetterer"})

# Short names that are ordinary nouns too ("das Essen", "die Alpen",
# "Datteln" the fruit). Reported unless an article or adjective precedes them.
_COMMON_NOUN_HOMONYMS = frozenset({"Essen", "Alpen", "Datteln"})

# Short names that are far more often a common word than the town ("das Wetter"):
# only the qualified forms ("Wetter (Ruhr)", "Stadt Wetter") count.
_QUALIFIED_ONLY = frozenset({"Wetter"})

# Same name, other place: "Köln-Mülheim", "Mülheim-Kärlich", "Düsseldorf-Hamm".
_FOREIGN_PREFIXES = {"Mülheim": ("Köln-",), "Hamm": ("Düsseldorf-",)}
_FOREIGN_SUFFIXES = {
    "Mülheim": ("-Kärlich", " an der Mosel", " (Mosel)", " am Main"),
    "Hamm": (" (Sieg)", " an der Sieg"),
}

_DISTRICT_BEFORE = re.compile(r"(?:\b(?:Land)?[Kk]reis(?:es)?|\bKreisgebiet(?:s|es)?)\s+$")
# "Kreise Recklinghausen, Unna und Wesel": every name in the list is a district.
_DISTRICT_LIST_BEFORE = re.compile(r"\b(?:Land)?[Kk]reisen?\s+(?:[A-ZÄÖÜ][\w-]*(?:\s*,\s*|\s+und\s+|\s+sowie\s+))*$")
# "Langendreer/Werne": a pair of city districts, not the town Werne.
_DISTRICT_PAIR_BEFORE = re.compile(r"(?:^|[^\w-])(?P<word>[A-ZÄÖÜ][\w-]+)/$")
_PERSON_BEFORE = re.compile(r"(?:\bHerrn?|\bFrau|\bDr\.|\bProf\.)\s+$")
_TOWN_BEFORE = re.compile(r"\b(?:Stadt|Gemeinde|Kommune|Hansestadt|Kreisstadt)\s+$")
_PREVIOUS_WORD = re.compile(r"(\S+)\s+$")
_NOUN_DETERMINERS = frozenset(
    "der die das den dem des ein eine einen einem eines kein keine keinen keinem beim zum vom "
    "ihr ihre sein seine unser unsere mehr viel wenig frische frisches getrocknete".split()
)
# Function words that end like an inflected adjective but introduce a place ("sowie Essen", "zwischen Essen").
_NOT_ADJECTIVES = frozenset("sowie beziehungsweise ohne gegen neben zwischen oben unten innen außen nahe eben".split())
_NOUN_FOLLOWERS = re.compile(r"^\s+(?:und\s+Trinken|auf\s+Rädern|essen)\b")

_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
_TOWN_PREFIX = re.compile(r"^(?:(?:kreisfreie\s+)?stadt|gemeinde|hansestadt|kreisstadt)\s+", re.IGNORECASE)
_HEAD_BROKEN = re.compile(r"(?:^|[^\w-])([\w-]*\w)-$")
_TAIL_WORD = re.compile(r"^(\w+)")


def _key(text: str) -> str:
    """Comparison key that treats "Mülheim", "Muelheim" and "MUELHEIM" alike."""
    return fold(text.translate(_TRANSLITERATION))


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _next_nonblank(lines: list[str], index: int) -> str | None:
    """The next line after index with text on it (soft hyphenation may be followed by blank lines)."""
    for j in range(index + 1, len(lines)):
        if lines[j].strip():
            return lines[j].strip()
    return None


def _context(line: str, start: int, end: int) -> str:
    stripped = line.strip()
    if len(stripped) <= CONTEXT_CHARS:
        return stripped
    offset = len(line) - len(line.lstrip())
    middle = (start + end) // 2 - offset
    begin = max(0, min(middle - CONTEXT_CHARS // 2, len(stripped) - CONTEXT_CHARS))
    return stripped[begin : begin + CONTEXT_CHARS].strip()


@dataclass(frozen=True)
class _Form:
    ags: str
    name: str  # official name, as in the CSV
    short: str  # the name without qualifier ("Mülheim", "Wetter")
    kind: str  # "name" | "short" | "genitive" | "demonym"


def _short_name(name: str) -> str:
    """'Mülheim an der Ruhr' -> 'Mülheim', 'Voerde (Niederrhein)' -> 'Voerde', 'Fröndenberg/Ruhr' -> 'Fröndenberg'."""
    short = re.sub(r"\s*\(.*?\)\s*$", "", name)
    short = short.split("/")[0]
    short = re.split(r"\s+(?:an\s+der|am|an|im)\s+", short)[0]
    return short.strip()


def _qualified_variants(name: str) -> set[str]:
    """Other printed spellings of a qualified name: 'X an der Y', 'X a. d. Y', 'X/Y', 'X (Y)'."""
    short = _short_name(name)
    variants = {name}
    if short == name:
        return variants
    river = None
    if m := re.search(r"\((.+?)\)\s*$", name):
        river = m.group(1)
    elif "/" in name:
        river = name.split("/", 1)[1].strip()
    elif m := re.search(r"\s+an\s+der\s+(.+)$", name):
        river = m.group(1)
    if river:
        variants |= {
            f"{short} an der {river}",
            f"{short} a. d. {river}",
            f"{short} a.d. {river}",
            f"{short} a.d.{river}",
            f"{short}/{river}",
            f"{short} ({river})",
        }
    return variants


def _demonym(short: str) -> str | None:
    if short in _DEMONYM_OVERRIDES:
        return _DEMONYM_OVERRIDES[short]
    demonym = short + ("r" if short.endswith("e") else "er")
    return None if demonym in _AMBIGUOUS_DEMONYMS else demonym


def _inflections(demonym: str) -> list[str]:
    return [demonym, demonym + "s", demonym + "n", demonym + "in", demonym + "innen"]


class Gazetteer:
    """Knows the municipalities of the Ruhr area by AGS and name and finds them in text."""

    def __init__(self, entries: Iterable[tuple[str, str]]):
        self._names: dict[str, str] = {}
        self._forms: dict[str, _Form] = {}
        self._lookup: dict[str, str] = {}
        for ags, name in entries:
            ags, name = ags.strip(), name.strip()
            self._names[ags] = name
            self._add(ags, name)
        # Longest first, so "Mülheim an der Ruhr" wins over "Mülheim" at the same position.
        alternatives = sorted(self._forms, key=len, reverse=True)
        pattern = "|".join(re.escape(form) for form in alternatives) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")

    # -- construction --------------------------------------------------------------

    def _add(self, ags: str, name: str) -> None:
        short = _short_name(name)
        searchable: list[tuple[str, str]] = [(variant, "name") for variant in _qualified_variants(name)]
        if short != name and short not in _QUALIFIED_ONLY:
            searchable.append((short, "short"))
        if short in _QUALIFIED_ONLY:
            searchable += [(f"{word} {short}", "name") for word in ("Stadt", "Gemeinde")]
        if short not in _QUALIFIED_ONLY:
            if not short.endswith(("s", "x", "z", "ß")):
                searchable.append((short + "s", "genitive"))
            if demonym := _demonym(short):
                searchable += [(form, "demonym") for form in _inflections(demonym)]
        for form, kind in list(searchable):
            transliterated = form.translate(_TRANSLITERATION)
            if transliterated != form:
                searchable.append((transliterated, kind))
        if short not in _COMMON_NOUN_HOMONYMS | _QUALIFIED_ONLY:
            searchable += [(form.upper(), kind) for form, kind in searchable if kind in {"name", "short"}]
        for form, kind in searchable:
            self._forms.setdefault(form, _Form(ags, name, short, kind))

        for key_source in [name, short, *_qualified_variants(name)]:
            self._lookup.setdefault(_key(key_source), ags)
        if demonym := _demonym(short):
            for form in _inflections(demonym):
                self._lookup.setdefault(_key(form), ags)

    @classmethod
    def from_csv(cls, path: str | Path) -> Gazetteer:
        with Path(path).open(encoding="utf-8-sig", newline="") as fh:
            return cls((row["ags"], row["name"]) for row in csv.DictReader(fh) if row.get("ags") and row.get("name"))

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The 53 municipalities shipped with the project; built once per process."""
        return cls.from_csv(CSV_PATH)

    # -- queries -------------------------------------------------------------------

    @property
    def names(self) -> dict[str, str]:
        """AGS -> official name."""
        return dict(self._names)

    def lookup(self, name: str) -> tuple[str, str] | None:
        """(ags, name) for a name, spelling variant, demonym or AGS; None for anything else (also for "Kreis Unna")."""
        text = name.strip()
        digits = re.sub(r"\s+", "", text)
        if digits.isdigit():
            ags = digits.zfill(8) if len(digits) <= 8 else digits[:5] + digits[-3:]  # 12-digit ARS -> AGS
            return (ags, self._names[ags]) if ags in self._names else None
        text = _TOWN_PREFIX.sub("", text)
        ags = self._lookup.get(_key(text))
        return (ags, self._names[ags]) if ags else None

    def find(self, text: str, *, first_line: int = 1) -> list[MunicipalityMention]:
        """Every municipality named in text, at most once per line; line numbers start at first_line."""
        lines = _lines(text)
        found: list[tuple[int, int, MunicipalityMention]] = []
        seen: set[tuple[str, int]] = set()

        def report(ags: str, index: int, position: int, context: str) -> None:
            line_no = first_line + index
            if (ags, line_no) in seen:
                return
            seen.add((ags, line_no))
            found.append((line_no, position, MunicipalityMention(ags, self._names[ags], line_no, context)))

        for index, line in enumerate(lines):
            for match in self._pattern.finditer(line):
                form = self._forms[match.group(0)]
                if self._is_fragment(lines, index, match.end()):
                    continue
                if self._accepts(form, line[: match.start()], line[match.end() :]):
                    report(form.ags, index, match.start(), _context(line, match.start(), match.end()))
            broken = self._broken_across_lines(lines, index)
            if broken is not None:
                form, position, context = broken
                report(form.ags, index, position, context)
        found.sort(key=lambda item: (item[0], item[1]))
        return [mention for _line, _pos, mention in found]

    # -- rules ---------------------------------------------------------------------

    def _accepts(self, form: _Form, before: str, after: str) -> bool:
        if form.kind in {"name", "short", "genitive"}:
            if _DISTRICT_BEFORE.search(before) or _DISTRICT_LIST_BEFORE.search(before):
                return False  # "Kreis Wesel" is the district, not the town
            pair = _DISTRICT_PAIR_BEFORE.search(before)
            if pair and pair["word"] not in self._forms:
                return False
            if _PERSON_BEFORE.search(before):
                return False  # "Herr Hagen"
        if any(before.endswith(prefix) for prefix in _FOREIGN_PREFIXES.get(form.short, ())):
            return False
        if any(after.startswith(suffix) for suffix in _FOREIGN_SUFFIXES.get(form.short, ())):
            return False
        if form.short in _COMMON_NOUN_HOMONYMS and form.kind in {"short", "name", "genitive"}:
            return not self._reads_as_noun(before, after)
        return True

    @staticmethod
    def _reads_as_noun(before: str, after: str) -> bool:
        """'das Essen', 'warmes Essen', 'die Alpen', 'Essen und Trinken' are not places."""
        if _TOWN_BEFORE.search(before) or before.endswith("-"):
            return False
        if _NOUN_FOLLOWERS.match(after):
            return True
        m = _PREVIOUS_WORD.search(before)
        if not m:
            return False
        word = m.group(1)
        if word.lower() in _NOUN_DETERMINERS:
            return True
        # An inflected adjective ("warmes", "gesunde", "leckeren") before the word makes it a noun.
        return word.islower() and word not in _NOT_ADJECTIVES and word.endswith(("e", "en", "es", "em"))

    @staticmethod
    def _is_fragment(lines: list[str], index: int, end: int) -> bool:
        """'Hamm-' at a line end followed by 'inkeln' is the start of another word, not Hamm."""
        if lines[index][end:].rstrip() != "-":
            return False
        following = _next_nonblank(lines, index) or ""
        return following[:1].islower()

    def _broken_across_lines(self, lines: list[str], index: int) -> tuple[_Form, int, str] | None:
        """A name hyphenated at the end of line index ("Bo-" / "chum"), possibly with blank lines between."""
        line = lines[index].rstrip()
        head_match = _HEAD_BROKEN.search(line)
        if not head_match:
            return None
        following = _next_nonblank(lines, index)
        if following is None:
            return None
        tail_match = _TAIL_WORD.match(following)
        if not tail_match:
            return None
        head, tail = head_match.group(1), tail_match.group(1)
        parts = head.split("-")
        for start in range(len(parts)):
            piece = "-".join(parts[start:])
            # Upper case after the break: a real hyphen ("Castrop-" / "Rauxel"); lower case: a soft one.
            hyphen = "-" if tail[0].isupper() else ""
            form = self._forms.get(piece + hyphen + tail)
            if form is None:
                continue
            position = head_match.start(1) + len(head) - len(piece)
            if self._accepts(form, line[:position], following[len(tail) :]):
                joined = line.strip()[:-1] + hyphen + following
                return form, position, _context(joined, 0, len(joined))
        return None
