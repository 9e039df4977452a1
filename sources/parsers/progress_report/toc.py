"""The table of contents ("Inhalt"): project entries with their codes and pages, the action-field lines that
group them, the other entries ("Projektberichte 7", "Rückblick und Ausblick 56") that tell where the project pages
start and end, and the printed titles of the entries recognised again in the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..results import TocEntry
from ..vocabulary import action_field_by_name, fold
from .lines import _heading_key, _match_heading, _plain, _Reading

_CODE_PAREN = re.compile(r"\(\s*(?P<a>\d{1,3})\s*[-–]\s*(?P<b>\d{1,2})\s*(?P<c>[a-z]?)\s*\)")
_CODE_LEAD = re.compile(r"^(?P<a>\d{2,3})\s*[-–]\s*(?P<b>\d{2})(?P<c>[a-z]?)(?:\s*[:.–-]\s*|\s+)(?=\S)")
_TOC_TRAILER = re.compile(r"^[\s.…·_]*(?P<page>\d{1,3})?\s*$")
_OTHER_ENTRY = re.compile(r"^(?P<title>.*?[^\d\s.…·_])(?:\s*[.…·_]{2,}\s*|\s+)(?P<page>\d{1,3})$")
_TOC_HEADINGS = frozenset({"inhalt", "inhaltsverzeichnis"})


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


class TocReading(_Reading):
    """Reads the table of contents and finds the area of the project pages."""

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
