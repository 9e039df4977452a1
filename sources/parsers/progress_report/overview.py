"""The overview before the project pages: the counts of the programme ("mit 42 abgeschlossenen Projekten",
"noch 16 Projekte in der Umsetzung"), and at the end the check of those counts against the pages read.
"""

from __future__ import annotations

import re

from ..results import LineSpan, ProjectPage, StatusSummary, TocEntry
from ..text import split_sentences
from .lines import _plain, _Reading

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


class OverviewReading(_Reading):
    """Reads the overview counts and checks them against the pages."""

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
