"""Parse a government press release that announces a Fortschrittsbericht: which report, on which day.

The 2024 progress report states no publication date of its own; the cabinet's press release does
("26.11.2025" under the headline, "Das Landeskabinett hat den vierten Fortschrittsbericht der
Ruhr-Konferenz beschlossen"). This parser reads exactly that and nothing more, and refuses a text
it cannot read with certainty: a wrong publication date is worse than none.

* the release date: a line in the head (before the announcement) that is a date and nothing else,
  optionally after the place ("Düsseldorf, 26.11.2025"); a misprinted date is an error, not a guess;
* the announcement: the first sentence that says a Fortschrittsbericht was adopted, published or
  presented (beschlossen, verabschiedet, veröffentlicht, vorgelegt, vorgestellt);
* the reporting year: "Fortschrittsbericht (Ruhr-Konferenz) 2024" in the headline or the announcement,
  else "Sachstand zum Ende des Jahres 2024" / "Stand Ende 2024" in the announcing paragraph.
"""

from __future__ import annotations

import re
from datetime import date

from .numbers import german_date
from .results import Announcement, DocumentInfo, ParseWarning, PressRelease
from .text import clean_line, split_lines, split_sentences

_DATE_ONLY = re.compile(
    r"^(?:[A-ZÄÖÜ][\wäöüß-]+,\s*(?:den\s+)?)?"
    r"(?P<when>\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\.\s*[A-Za-zäÄ]+\s+\d{4})$"
)
_ANNOUNCES = re.compile(
    r"\bFortschrittsbericht\w*\b.*?\b(?P<verb>beschlossen|verabschiedet|veröffentlicht|vorgelegt|vorgestellt)\b",
    re.IGNORECASE,
)
_REPORT_YEAR = re.compile(r"\bFortschrittsbericht\w*(?:\s+(?:der\s+)?Ruhr-Konferenz)?\s+(?P<y>(?:19|20)\d{2})\b")
_AS_OF_YEAR = re.compile(
    r"\b(?:Sachstand|Stand|Berichtsstand)\s+(?:zum\s+)?Ende\s+(?:des\s+Jahres\s+)?(?P<y>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_ISSUER = re.compile(r"^(?P<issuer>(?:Das|Die|Der)\s+\S.*?)\s+teilt\s+mit\s*:?\s*$")
_HEAD_LINES = 20


def parse_press_release(text: str, *, filename: str = "") -> PressRelease:
    """Raises ValueError (German, naming the line) when the text is not a release announcing a report."""
    lines = [clean_line(line).strip() for line in split_lines(text)]
    warnings: list[ParseWarning] = []

    announcement_line, sentence = _announcement(lines)
    if announcement_line is None:
        raise ValueError(
            "Keine Pressemitteilung zu einem Fortschrittsbericht: kein Satz sagt, dass ein Fortschrittsbericht "
            "beschlossen, verabschiedet, veröffentlicht, vorgelegt oder vorgestellt wurde."
        )
    release_date, date_line = _release_date(lines[: announcement_line - 1])
    headline_line = next(
        (n for n, line in enumerate(lines[: announcement_line - 1], start=1) if "Fortschrittsbericht" in line), None
    )
    headline = lines[headline_line - 1] if headline_line else ""
    year = _year(headline, sentence, lines[announcement_line - 1], announcement_line)
    if release_date <= date(year, 12, 31):
        raise ValueError(
            f"Zeile {date_line}: Die Pressemitteilung vom {release_date:%d.%m.%Y} liegt nicht nach dem Stand des "
            f"Fortschrittsberichts {year} (31.12.{year}); das Datum kann nicht seine Veröffentlichung sein."
        )
    issuer = next((m["issuer"] for line in lines[:announcement_line] if (m := _ISSUER.match(line))), "")
    title = f"Pressemitteilung vom {release_date:%d.%m.%Y}"
    if headline:
        title = f"{title}: {headline}"
    return PressRelease(
        document=DocumentInfo(
            kind="press_release",
            title=title[:500],
            date=release_date,
            year=year,
            line_count=len(lines) if text else 0,
            date_line=date_line,
        ),
        announcement=Announcement(
            kind="progress_report",
            year=year,
            date=release_date,
            date_line=date_line,
            line=announcement_line,
            text=sentence,
        ),
        issuer=issuer,
        warnings=warnings,
    )


def _announcement(lines: list[str]) -> tuple[int | None, str]:
    for number, line in enumerate(lines, start=1):
        for sentence in split_sentences(line):
            if _ANNOUNCES.search(sentence):
                return number, sentence.strip()
    return None, ""


def _release_date(head: list[str]) -> tuple[date, int]:
    for number, line in enumerate(head[:_HEAD_LINES], start=1):
        match = _DATE_ONLY.match(line)
        if match is None:
            continue
        found = german_date(match["when"])
        if found is None:
            raise ValueError(
                f"Zeile {number}: „{line}“ ist kein gültiges Datum; die Pressemitteilung wird nicht datiert."
            )
        return found, number
    raise ValueError(
        "Die Pressemitteilung nennt vor ihrer Meldung kein Datum (eine Zeile wie „26.11.2025“ unter der Überschrift)."
    )


def _year(headline: str, sentence: str, paragraph: str, line: int) -> int:
    stated = [int(m["y"]) for text in (headline, sentence) if (m := _REPORT_YEAR.search(text))]
    as_of = _AS_OF_YEAR.search(paragraph)
    if as_of is not None:
        stated.append(int(as_of["y"]))
    if not stated:
        raise ValueError(
            f"Zeile {line}: Die Pressemitteilung sagt nicht, welcher Fortschrittsbericht gemeint ist "
            "(kein Berichtsjahr wie „Fortschrittsbericht 2024“ oder „Sachstand zum Ende des Jahres 2024“)."
        )
    if len(set(stated)) > 1:
        raise ValueError(
            f"Zeile {line}: Die Pressemitteilung nennt widersprüchliche Berichtsjahre "
            f"({', '.join(str(y) for y in sorted(set(stated)))}); welcher Bericht gemeint ist, bleibt offen."
        )
    return stated[0]
