"""The chambers' list of project ideas ("Projektideen der IHKs und HWKs") → ProposalList.

The list is numbered ("1. Planungsbeschleunigung …"), grouped under short theme
headings ("Mobilität", "Energie"), and each idea has a "Ziel:" and a
"Hintergrund:" paragraph. The text comes out of a PDF: titles and paragraphs
wrap with soft hyphens, sometimes with a blank line after every line, and
bullet glyphs or page numbers sit in between.

"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from .numbers import find_dates
from .results import DocumentInfo, LineSpan, ParseWarning, Proposal, ProposalList
from .text import SENTENCE_END, clean_line, default_gazetteer, join_lines, mentions_in, split_lines
from .vocabulary import fold

DEFAULT_TITLE = "Projektideen der IHKs und HWKs im Ruhrgebiet für die Ruhrkonferenz"

# -- the proposal list --------------------------------------------------------------

_NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})\s*[.)]\s+(?P<title>\S.*)$")
_LABEL = re.compile(r"^\s*(?P<label>Ziele?|Hintergr(?:u|ü)nde?)\s*:\s*(?P<text>.*)$")
_MONTHS = frozenset("januar februar märz april mai juni juli august september oktober november dezember".split())
_CLOSING = re.compile(r"^\s*(?:Kontakt|Ansprechpartner\w*|Impressum|Herausgeber)\b")
_STAND = re.compile(r"^\s*Stand\s*:?\s*(?P<date>.+)$")
_HEADING_MAX = 80
_THEME_STOPWORDS = frozenset({"und", "sowie", "der", "die", "das", "von", "fur", "im"})


@dataclass
class _Block:
    number: int
    title: str  # the part on the numbered line
    start: int  # 0-based index of the numbered line
    end: int  # exclusive
    theme: str


def _is_page_number(lines: list[str], index: int) -> bool:
    if not re.fullmatch(r"\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*|\s*Seite\s+\d+(?:\s+von\s+\d+)?\s*", lines[index]):
        return False
    before = lines[index - 1].strip() if index > 0 else ""
    after = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return not before and not after


def _noise(lines: list[str]) -> set[int]:
    """Page numbers and running headers/footers (the same longer line on three or more pages)."""
    noise = {i for i in range(len(lines)) if _is_page_number(lines, i)}
    counts = Counter(line.strip() for line in lines)
    for i, line in enumerate(lines):
        text = line.strip()
        if len(text) >= 8 and counts[text] >= 3 and not _NUMBERED.match(text) and not _LABEL.match(text):
            noise.add(i)
    return noise


def _next_nonblank(lines: list[str], index: int) -> int | None:
    for j in range(index + 1, len(lines)):
        if lines[j].strip():
            return j
    return None


def _previous_nonblank(lines: list[str], index: int) -> int | None:
    for j in range(index - 1, -1, -1):
        if lines[j].strip():
            return j
    return None


def _numbered(line: str) -> tuple[int, str] | None:
    m = _NUMBERED.match(line)
    if not m:
        return None
    title = m["title"].strip()
    first_word = title.split(" ", 1)[0].lower().rstrip(".,")
    if first_word in _MONTHS or not (title[0].isupper() or title[0].isdigit() or title[0] in "„\"'»"):
        return None  # "2. Oktober 2019", "3. bis 5." are not proposals
    return int(m["number"]), title


def _proposal_starts(lines: list[str]) -> list[int]:
    """Indexes of numbered lines that start a proposal.

    A numbered line counts when it carries the expected next number, or when a
    "Ziel:"/"Hintergrund:" label follows before the next numbered line (so a
    gap in the numbering is still found, and a date at a line start is not).
    """
    candidates = [(i, found[0]) for i, line in enumerate(lines) if (found := _numbered(line))]
    starts: list[int] = []
    expected = 1
    for k, (i, number) in enumerate(candidates):
        limit = candidates[k + 1][0] if k + 1 < len(candidates) else len(lines)
        labelled = any(_LABEL.match(lines[j]) for j in range(i + 1, limit))
        if number == expected or labelled:
            starts.append(i)
            expected = number + 1
    return starts


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(SENTENCE_END)


def _heading_like(line: str) -> bool:
    text = line.strip()
    return (
        0 < len(text) <= _HEADING_MAX
        and text[0].isupper()
        and not text.endswith((".", ",", ";", ":", "-"))
        and not _NUMBERED.match(text)
        and not _LABEL.match(text)
    )


def _theme_heading(lines: list[str], index: int, starts: set[int]) -> tuple[int, str] | None:
    """The theme heading printed right before the proposal at index: (its first line, wording) or None.

    A heading stands after a finished sentence (or, in the introduction, after a
    blank line); a short line after an unfinished one is the tail of the
    paragraph or title before it.
    """
    j = _previous_nonblank(lines, index)
    if j is None or j in starts or not _heading_like(lines[j]):
        return None
    above = _previous_nonblank(lines, j)
    in_introduction = above is not None and above < min(starts) and above != j - 1
    if above is None or _ends_sentence(lines[above]) or in_introduction:
        return j, re.sub(r"\s+", " ", lines[j]).strip()
    wrapped = lines[above].strip()
    # A heading wrapped over two lines leaves its first line visibly unfinished ("… /", "… und").
    if (
        above == j - 1
        and wrapped.endswith(("/", "&", " und", " sowie", ","))
        and _heading_like(wrapped.rstrip(","))
        and above not in starts
    ):
        before = _previous_nonblank(lines, above)
        if before is None or _ends_sentence(lines[before]):
            return above, join_lines([lines[above], lines[j]])
    return None


def _title_continues(title_so_far: str, line: str, next_line: str | None) -> bool:
    text = line.strip()
    if title_so_far.endswith(("-", "/", ",")) or text[0].islower():
        return True
    if title_so_far.count("(") > title_so_far.count(")") or title_so_far.count("„") > title_so_far.count("“"):
        return True
    followed_by_label = next_line is not None and _LABEL.match(next_line) is not None
    return followed_by_label and len(text) <= _HEADING_MAX and not text.endswith(".")


def _intro_themes(lines: list[str]) -> list[str]:
    """The themes the introduction announces in parentheses: "(Mobilität, Digitalisierung & Innovation, …)"."""
    intro = join_lines(lines)
    for m in re.finditer(r"\(([^()]{10,400})\)", intro):
        content = m.group(1)
        items = re.split(r",\s*|\s+sowie\s+", content)
        if len(items) == 2 or (" sowie " not in content and len(items) >= 2):
            items = [*items[:-1], *re.split(r"\s+und\s+", items[-1])]
        items = [item.strip() for item in items if item.strip()]
        if len(items) >= 3 and all(len(item) <= 40 and item[0].isupper() for item in items):
            return items
    return []


def _theme_tokens(text: str) -> set[str]:
    return {token for token in fold(text).split() if token not in _THEME_STOPWORDS and len(token) > 2}


def _document_title(lines: list[str], first_start: int) -> str:
    first = _next_nonblank(lines, -1)
    if first is None or first >= first_start:
        return DEFAULT_TITLE
    following = lines[first + 1].strip() if first + 1 < len(lines) else ""
    text = lines[first].strip()
    if _heading_like(text) and len(text) >= 10 and not following:
        return re.sub(r"\s+", " ", text)
    return DEFAULT_TITLE


def _document_date(lines: list[str]) -> date | None:
    for line in lines:
        m = _STAND.match(line)
        if m:
            for found in find_dates(m["date"]):
                if found.value:
                    return found.value
    return None


class _ProposalParser:
    def __init__(self, text: str, gazetteer: Any):
        self.original = split_lines(text)
        cleaned = [clean_line(line) for line in self.original]
        noise = _noise(cleaned)
        self.lines = ["" if i in noise else line for i, line in enumerate(cleaned)]
        self.gazetteer = gazetteer
        self.warnings: list[ParseWarning] = []

    def warn(self, index: int | None, message: str) -> None:
        self.warnings.append(ParseWarning(None if index is None else index + 1, message))

    def parse(self) -> ProposalList:
        lines = self.lines
        starts = _proposal_starts(lines)
        if not starts:
            raise ValueError(
                "Keine nummerierten Projektideen gefunden: Erwartet werden Zeilen wie „1. Titel der Idee“ "
                "mit den Abschnitten „Ziel:“ und „Hintergrund:“."
            )
        start_set = set(starts)
        headings: dict[int, tuple[int, str]] = {}
        for i in starts:
            heading = _theme_heading(lines, i, start_set)
            if heading:
                headings[i] = heading
        blocks = self._blocks(starts, headings)
        self._check_numbering(blocks)
        themes = list(dict.fromkeys(block.theme for block in blocks if block.theme))
        self._check_themes(lines[: starts[0]], headings)
        proposals = [self._proposal(block) for block in blocks]
        document = DocumentInfo(
            kind="proposal_list",
            title=_document_title(lines, starts[0]),
            date=_document_date(lines),
            line_count=len(self.original),
        )
        return ProposalList(document=document, themes=themes, proposals=proposals, warnings=self.warnings)

    def _blocks(self, starts: list[int], headings: dict[int, tuple[int, str]]) -> list[_Block]:
        blocks = []
        theme = ""
        for k, start in enumerate(starts):
            if start in headings:
                theme = headings[start][1]
            end = len(self.lines)
            if k + 1 < len(starts):
                following = starts[k + 1]
                end = headings[following][0] if following in headings else following
            else:
                closing = next((j for j in range(start + 1, end) if _CLOSING.match(self.lines[j])), None)
                end = closing if closing is not None else end
            number, title = _numbered(self.lines[start]) or (0, "")  # starts are numbered lines
            blocks.append(_Block(number=number, title=title, start=start, end=end, theme=theme))
        return blocks

    def _check_numbering(self, blocks: list[_Block]) -> None:
        seen: set[int] = set()
        previous = None
        for block in blocks:
            if block.number in seen:
                self.warn(block.start, f"Projektidee Nr. {block.number} kommt mehrfach vor.")
            elif previous is not None and block.number != previous + 1:
                missing = (
                    f"Nr. {previous + 1}"
                    if block.number == previous + 2
                    else f"Nr. {previous + 1} bis {block.number - 1}"
                )
                if block.number > previous + 1:
                    self.warn(block.start, f"Nummerierung springt von {previous} auf {block.number}: {missing} fehlt.")
                else:
                    self.warn(block.start, f"Nummerierung springt von {previous} zurück auf {block.number}.")
            elif previous is None and block.number != 1:
                self.warn(block.start, f"Die Liste beginnt mit Nr. {block.number} statt mit Nr. 1.")
            seen.add(block.number)
            previous = block.number

    def _check_themes(self, intro: list[str], headings: dict[int, tuple[int, str]]) -> None:
        announced = _intro_themes(intro)
        if not announced:
            return
        announced_tokens = [_theme_tokens(theme) for theme in announced]
        for first_line, wording in headings.values():
            tokens = _theme_tokens(wording)
            if not any(tokens & other for other in announced_tokens):
                self.warn(
                    first_line,
                    f"Die Themenüberschrift „{wording}“ gehört zu keinem der in der Einleitung genannten Themen "
                    f"({', '.join(announced)}).",
                )

    def _proposal(self, block: _Block) -> Proposal:
        lines = self.lines
        number = block.number
        title_parts = [block.title]
        index = block.start + 1
        fields: dict[str, list[str]] = {"goal": [], "background": [], "unlabelled": []}
        labels_seen: Counter[str] = Counter()
        current = "title"
        while index < block.end:
            line = lines[index]
            if not line.strip():
                index += 1
                continue
            label = _LABEL.match(line)
            if label:
                current = "goal" if label["label"].startswith("Ziel") else "background"
                labels_seen[current] += 1
                if labels_seen[current] == 2:
                    name = "Ziel" if current == "goal" else "Hintergrund"
                    self.warn(index, f"Projektidee Nr. {number}: zweiter Abschnitt „{name}:“, an den ersten angehängt.")
                fields[current].append(label["text"])
            elif current == "title":
                following = _next_nonblank(lines, index)
                next_line = lines[following] if following is not None and following < block.end else None
                if len(title_parts) <= 3 and _title_continues(join_lines(title_parts), line, next_line):
                    title_parts.append(line)
                else:
                    current = "unlabelled"
                    fields[current].append(line)
            else:
                fields[current].append(line)
            index += 1

        goal, background = join_lines(fields["goal"]), join_lines(fields["background"])
        goal, background = self._place_unlabelled(number, block, join_lines(fields["unlabelled"]), goal, background)
        if not labels_seen["goal"]:
            self.warn(block.start, f"Projektidee Nr. {number}: kein Abschnitt „Ziel:“.")
        if not labels_seen["background"]:
            self.warn(block.start, f"Projektidee Nr. {number}: kein Abschnitt „Hintergrund:“.")
        last = max((j for j in range(block.start, block.end) if lines[j].strip()), default=block.start)
        return Proposal(
            number=number,
            title=join_lines(title_parts),
            theme=block.theme,
            goal=goal,
            background=background,
            source=LineSpan(block.start + 1, last + 1),
            municipalities=mentions_in(self.gazetteer, lines[block.start : last + 1], block.start + 1),
        )

    def _place_unlabelled(self, number: int, block: _Block, text: str, goal: str, background: str) -> tuple[str, str]:
        """Text between the title and the first label: kept (nothing is lost), with a warning."""
        if not text:
            return goal, background
        if not goal:
            self.warn(block.start, f"Projektidee Nr. {number}: Text ohne „Ziel:“ nach dem Titel als Ziel übernommen.")
            return text, background
        self.warn(block.start, f"Projektidee Nr. {number}: Text ohne Abschnittsbezeichnung vor „Ziel:“ gestellt.")
        return f"{text} {goal}", background


def parse_proposals(text: str, *, gazetteer: Any = None, filename: str = "") -> ProposalList:
    """Parse the chambers' numbered list of project ideas.

    gazetteer finds the municipalities each idea mentions (default: the project's
    list of Ruhr municipalities). filename is only used in messages. Raises
    ValueError (German message) when the text holds no numbered proposal.
    """
    try:
        return _ProposalParser(text, gazetteer or default_gazetteer()).parse()
    except ValueError as exc:
        if filename:
            raise ValueError(f"{filename}: {exc}") from exc
        raise
