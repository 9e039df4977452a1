"""German amounts of money, percentages and dates as printed in government documents, found in running text.

"3.304.000 Euro", "1,1 Millionen Euro", "rund 65.000 Euro", "4,65 Mio. €",
"30.06.2025". Plain Python, no Django. A number itself is read by `operations.german_numbers`, the one
implementation of German notation that the form fields and every printed amount share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from operations.german_numbers import NUMBER, SCALE, parse_number, scale_factor, tidy

QUALIFIERS = {
    "rund": "approx",
    "ca": "approx",
    "circa": "approx",
    "etwa": "approx",
    "ungefähr": "approx",
    "knapp": "approx",
    "über": "more_than",
    "mehr als": "more_than",
    "weit mehr als": "more_than",
    "mindestens": "at_least",
    "bis zu": "up_to",
    "insgesamt": "exact",
}

_CURRENCY = r"(?:Euro|EUR|€)"
_QUAL = r"(?:weit mehr als|mehr als|rund|ca\.|circa|etwa|ungefähr|knapp|über|mindestens|bis zu|insgesamt)"

AMOUNT_RE = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?(?P<num>{NUMBER})\s*(?P<scale>{SCALE})?\s*{_CURRENCY}",
    re.IGNORECASE,
)
PERCENT_RE = re.compile(rf"(?:(?P<qual>{_QUAL})\s+)?(?P<num>{NUMBER})\s*(?:%|Prozent)", re.IGNORECASE)
DATE_RE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{2,4})(?!\d)")


@dataclass(frozen=True)
class Amount:
    value: Decimal
    qualifier: str | None  # "approx", "more_than", "at_least", "up_to", "exact" or None
    start: int  # character offsets in the text it was found in
    end: int
    text: str


def find_amounts(text: str) -> list[Amount]:
    """All amounts of money in text, in order, converted to euros."""
    found = []
    for m in AMOUNT_RE.finditer(text):
        value = parse_number(m["num"]) * scale_factor(m["scale"])
        qual = QUALIFIERS.get(m["qual"].lower().rstrip(".")) if m["qual"] else None
        found.append(Amount(tidy(value), qual, m.start(), m.end(), m.group(0)))
    return found


def find_percentages(text: str) -> list[Amount]:
    return [
        Amount(
            tidy(parse_number(m["num"])),
            QUALIFIERS.get(m["qual"].lower().rstrip(".")) if m["qual"] else None,
            m.start(),
            m.end(),
            m.group(0),
        )
        for m in PERCENT_RE.finditer(text)
    ]


@dataclass(frozen=True)
class DateMatch:
    value: date | None  # None when the printed date is impossible ("30.06.205")
    raw: str
    start: int
    end: int


def find_dates(text: str) -> list[DateMatch]:
    """Dates like 30.06.2025. A misprinted year ("205") yields value None so callers can warn."""
    out = []
    for m in DATE_RE.finditer(text):
        day, month, year = int(m["d"]), int(m["m"]), m["y"]
        value = None
        if len(year) == 4:
            try:
                value = date(int(year), month, day)
            except ValueError:
                value = None
        out.append(DateMatch(value, m.group(0), m.start(), m.end()))
    return out


MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
_WRITTEN_DATE_RE = re.compile(
    r"^(?:(?P<d>\d{1,2})\.\s*)?(?P<month>[A-Za-zäÄ]+)\s+(?P<y>(?:19|20)\d{2})\b", re.IGNORECASE
)


def german_date(text: str) -> date | None:
    """The date at the start of `text`: "26.11.2025", "26. November 2025" or "November 2025" (its first day)."""
    text = text.strip()
    numeric = DATE_RE.match(text)
    if numeric is not None:
        found = find_dates(numeric.group(0))
        return found[0].value if found else None
    written = _WRITTEN_DATE_RE.match(text)
    if written is None or written["month"].lower() not in MONTHS:
        return None
    try:
        return date(int(written["y"]), MONTHS[written["month"].lower()], int(written["d"] or 1))
    except ValueError:
        return None
