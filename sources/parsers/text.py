"""Text helpers shared by the parsers: lines as numbered, icon noise, hyphenation, sentences.

PDF extraction breaks words at line ends ("Pla-" / "nungsgesetz"), scatters
bullet glyphs and emoji icons, and leaves invisible characters; every parser
reads lines through these helpers so they all count and join lines alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from .results import MunicipalityMention

_BULLET_ONLY = frozenset("•●▪■□◦○►▶▸➢➤✓✔·")
_INVISIBLE = {"\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\f": " ", "\t": " ", "\u00a0": " "}
# Words that follow a suspended hyphen ("Förder-" / "und Investitionsvolumina"): the hyphen stays.
_SUSPENSION_FOLLOWERS = frozenset({"und", "oder", "bzw", "bzw.", "sowie", "als", "bis", "wie", "noch", "statt", "&"})
SENTENCE_END = (".", "!", "?", ":", "“", '"', ")", "]")
_ABBREVIATIONS = frozenset(
    {
        "a", "abs", "art", "b", "bspw", "bzw", "ca", "d", "dr", "drs", "e", "etc", "evtl", "ff", "gem", "ggf", "h",
        "i", "inkl", "jh", "lt", "max", "min", "mio", "mrd", "nr", "o", "prof", "rd", "s", "sog", "st", "str",
        "tel", "tsd", "u", "usw", "v", "vgl", "z", "zzgl",
    }
)  # fmt: skip


def split_lines(text: str) -> list[str]:
    """Lines as numbered by the parsers: split on newlines only (a form feed stays inside its line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def clean_line(line: str) -> str:
    """Drop bullet glyphs, private-use icons, emoji and invisible characters; keep the wording."""
    for raw, replacement in _INVISIBLE.items():
        line = line.replace(raw, replacement)
    kept = []
    for ch in line:
        if ch in _BULLET_ONLY or unicodedata.category(ch) in {"Co", "Cs", "Cc"}:
            kept.append(" ")
        elif 0x1F000 <= ord(ch) <= 0x1FAFF or 0x2600 <= ord(ch) <= 0x27BF:
            kept.append(" ")  # emoji and pictograms used as icons
        else:
            kept.append(ch)
    return "".join(kept).rstrip()


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one paragraph, undoing hyphenation at line ends.

    "Pla-" + "nungsgesetz" → "Planungsgesetz" (lower-case continuation: a soft hyphen),
    "Ruhr-" + "Universität" → "Ruhr-Universität" (upper case: a real hyphen),
    "[05-" + "02]" → "[05-02]", "Förder-" + "und" → "Förder- und". Blank lines are skipped.
    """
    text = ""
    for raw in lines:
        line = re.sub(r"\s+", " ", clean_line(raw)).strip()
        if not line:
            continue
        if not text:
            text = line
        elif text.endswith("-") and len(text) > 1 and not text[-2].isspace():
            first_word = line.split(" ", 1)[0]
            if first_word in _SUSPENSION_FOLLOWERS:
                text += " " + line
            elif line[0].islower():
                text = text[:-1] + line
            else:
                text += line
        elif text.endswith("/"):
            text += line
        else:
            text += " " + line
    return text.strip()


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; abbreviations ("z. B.", "Prof. Dr.") and ordinals ("30. September") do not end one."""
    sentences = []
    start = 0
    for m in re.finditer(r"[.!?](?=\s+[„\"(A-ZÄÖÜ0-9])", text):
        # The word before the full stop, looked for in the last 64 characters only: searching the whole
        # unsplit rest for it made a text without sentence ends (numbered lines) cost the square of its length.
        # A longer token is no abbreviation or ordinal either way.
        window = text[max(start, m.start() - 64) : m.start()].split()
        token = window[-1] if window and not text[m.start() - 1 : m.start()].isspace() else ""
        bare = token.lstrip('(„"').lower()
        if m.group(0) == "." and (bare in _ABBREVIATIONS or (bare.isdigit() and len(bare) <= 2) or len(bare) == 1):
            continue
        sentences.append(text[start : m.end()].strip())
        start = m.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


class GazetteerUnavailable(ImportError):
    """No gazetteer was passed and none is registered. An ImportError, as a missing places module was before:
    the progress report parser then reads on without places and says so in a warning."""


_registered_gazetteer: Callable[[], Any] | None = None


def register_default_gazetteer(factory: Callable[[], Any]) -> None:
    """Name the gazetteer the parsers use when a caller passes none. `sources` is the ground floor and imports
    nothing from the apps above it, so the app that owns the list of places (`places.apps.PlacesConfig.ready`)
    tells the parsers where it is; outside Django, callers pass their gazetteer themselves."""
    global _registered_gazetteer
    _registered_gazetteer = factory


def default_gazetteer() -> Any:
    if _registered_gazetteer is None:
        raise GazetteerUnavailable("kein Ortsverzeichnis übergeben und keines angemeldet")
    return _registered_gazetteer()


def mentions_in(gazetteer: Any, lines: list[str], first_line: int) -> list[MunicipalityMention]:
    return gazetteer.find("\n".join(lines), first_line=first_line) if lines else []
