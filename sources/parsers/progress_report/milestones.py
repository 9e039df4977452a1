"""The milestones of a page: a list by year ("2021", "2023/2024", "2021: Projektstart"), its items over
wrapped lines and narrow columns, dates and months within an item, and the sub-project an item names
("**MechSyn:** …"), which the page's sub-projects are read from too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..results import Milestone
from ..vocabulary import action_field_by_name, fold
from .lines import _OPEN_ENDINGS, _Draft, _heading_key, _is_prose, _Line, _plain, _Reading, _split_bullet

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


class MilestoneReading(_Reading):
    """Reads the milestone list of a page."""

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
