"""German numbers, amounts of money and dates as printed in government documents.

"3.304.000 Euro", "1,1 Millionen Euro", "rund 65.000 Euro", "4,65 Mio. €",
"30.06.2025". Plain Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

_SCALES = {
    "tsd": Decimal(1_000),
    "tausend": Decimal(1_000),
    "mio": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "millionen": Decimal(1_000_000),
    "mrd": Decimal(1_000_000_000),
    "milliarde": Decimal(1_000_000_000),
    "milliarden": Decimal(1_000_000_000),
}

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

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = r"(?:Millionen|Million|Mio\.?|Milliarden|Milliarde|Mrd\.?|Tausend|Tsd\.?)"
_CURRENCY = r"(?:Euro|EUR|€)"
_QUAL = r"(?:weit mehr als|mehr als|rund|ca\.|circa|etwa|ungefähr|knapp|über|mindestens|bis zu|insgesamt)"

AMOUNT_RE = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?(?P<num>{NUMBER})\s*(?P<scale>{_SCALE})?\s*{_CURRENCY}",
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


def parse_number(raw: str) -> Decimal:
    """German notation: '3.304.000' -> 3304000, '1,1' -> 1.1. Raises ValueError on garbage."""
    text = raw.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(f"keine Zahl: {raw!r}") from exc


def _tidy(value: Decimal) -> Decimal:
    """1100000.0 -> 1100000; keeps real fractions (cents, percentages like 12.5)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _scale(raw: str | None) -> Decimal:
    if not raw:
        return Decimal(1)
    return _SCALES[raw.lower().rstrip(".")]


def find_amounts(text: str) -> list[Amount]:
    """All amounts of money in text, in order, converted to euros."""
    found = []
    for m in AMOUNT_RE.finditer(text):
        value = parse_number(m["num"]) * _scale(m["scale"])
        qual = QUALIFIERS.get(m["qual"].lower().rstrip(".")) if m["qual"] else None
        found.append(Amount(_tidy(value), qual, m.start(), m.end(), m.group(0)))
    return found


def find_percentages(text: str) -> list[Amount]:
    return [
        Amount(
            _tidy(parse_number(m["num"])),
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


def german_grouping(formatted: str) -> str:
    """'1,100,000.50' (Python's grouping) -> '1.100.000,50'."""
    return formatted.replace(",", "X").replace(".", ",").replace("X", ".")


def format_euro(value: Decimal | int | float | str | None) -> str:
    """1100000 -> '1.100.000 €' with a no-break space; cents only when there are any; None -> '–'."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    text = f"{value:,.2f}" if value != value.to_integral_value() else f"{value:,.0f}"
    return german_grouping(text) + "\u00a0€"
