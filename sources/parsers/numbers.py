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


# --- what a person types into a form -------------------------------------------------------------------
# The finders above read amounts out of running text; these read one value a person typed into one field.
# They are strict where a guess could be wrong by a factor of a thousand ("1.5" is refused, not read as 1,5
# or 15) and lenient where nothing is ambiguous (spaces, "€", "EUR", "Mio.", "%", ISO dates).


class InputError(ValueError):
    """A typed value that cannot be read. `code` lets a form show its own (translated) message; the message
    itself is German and names what was typed, for callers without Django (round trip, commands)."""

    MESSAGES = {
        "invalid": "„{value}“ ist keine Zahl in deutscher Schreibweise (z. B. {example}).",
        "decimal_point": "„{value}“ ist keine Zahl in deutscher Schreibweise: Bitte das Komma als "
        "Dezimalzeichen verwenden (z. B. {example}).",
        "negative": "„{value}“: Ein Betrag kann nicht negativ sein.",
        "invalid_date": "„{value}“ ist kein Datum wie 31.12.2025.",
        "no_such_day": "„{value}“: Diesen Tag gibt es nicht.",
    }

    def __init__(self, code: str, value: str, example: str = ""):
        self.code, self.value, self.example = code, value.strip(), example
        super().__init__(self.MESSAGES[code].format(value=self.value, example=example))


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_INPUT_AMOUNT = re.compile(
    rf"^(?P<num>{NUMBER})(?P<scale>{_SCALE})?$",
    re.IGNORECASE,
)
_INPUT_SCALE_WORDS = re.compile(r"(?:millionen|million|mio\.?|milliarden|milliarde|mrd\.?|tausend|tsd\.?)$", re.I)
_GROUPED_WITH_SPACES = re.compile(r"^\d{1,3}(?: \d{3})+(?:,\d+)?")


def _compact(raw: str) -> str:
    text = _SPACES.sub(" ", raw).strip()
    # "1 500 000" (grouping with spaces, as some offices type) becomes "1.500.000" before spaces are dropped.
    m = _GROUPED_WITH_SPACES.match(text)
    if m and (len(m.group(0)) == len(text) or not text[m.end()].isdigit()):
        text = m.group(0).replace(" ", ".") + text[m.end() :]
    return text.replace(" ", "")


def _number_error(raw: str, example: str) -> InputError:
    # "1.5" or "2100000.00": a machine's decimal point, which German grouping never produces.
    if re.fullmatch(r"-?\d+\.\d{1,2}|-?\d+\.\d{4,}", _compact(raw)):
        return InputError("decimal_point", raw, example)
    return InputError("invalid", raw, example)


def parse_amount_input(raw: str) -> Decimal:
    """A sum of money as typed: "2.100.000,00", "1.890.000", "1,9 Mio.", "2,1 Millionen", "1.500 €" → euros."""
    text = _compact(raw)
    for currency in ("euro", "eur", "€"):
        if text.lower().endswith(currency):
            text = text[: -len(currency)]
            break
        if text.lower().startswith(currency):
            text = text[len(currency) :]
            break
    if text.startswith("-"):
        raise InputError("negative", raw)
    m = _INPUT_AMOUNT.fullmatch(text)
    if not m:
        raise _number_error(raw, "2.100.000,00 oder 1,9 Mio.")
    return _tidy(parse_number(m["num"]) * _scale(m["scale"]))


def parse_percent_input(raw: str) -> Decimal:
    """A percentage as typed: "90 %", "90", "12,5 %", "12,5 Prozent" → 90, 12.5."""
    text = _compact(raw)
    lowered = text.lower()
    for sign in ("prozent", "%"):
        if lowered.endswith(sign):
            text = text[: -len(sign)]
            break
    negative = text.startswith("-")
    if not re.fullmatch(NUMBER, text.lstrip("-")):
        raise _number_error(raw, "90 % oder 12,5 %")
    value = _tidy(parse_number(text.lstrip("-")))
    return -value if negative else value


def parse_number_input(raw: str) -> Decimal:
    """A plain number as typed: "1.500", "2,5", "-3", "1 500" (no unit)."""
    text = _compact(raw)
    negative = text.startswith("-")
    if not re.fullmatch(NUMBER, text.lstrip("-")):
        raise _number_error(raw, "1.500 oder 2,5")
    value = parse_number(text.lstrip("-"))
    return -value if negative else value


_INPUT_DATE_DE = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})$")
_INPUT_DATE_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")


def parse_date_input(raw: str) -> date:
    """A date as typed: "31.12.2025", "1.7.2025", "31.12.25" (20xx) or ISO "2025-12-31"."""
    text = _SPACES.sub("", raw)
    m = _INPUT_DATE_DE.fullmatch(text) or _INPUT_DATE_ISO.fullmatch(text)
    if not m:
        raise InputError("invalid_date", raw)
    year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
    try:
        return date(year, int(m["m"]), int(m["d"]))
    except ValueError as exc:
        raise InputError("no_such_day", raw) from exc


def format_number_de(value: Decimal | int | float | str | None, places: int | None = None) -> str:
    """1900000 -> '1.900.000', Decimal('12.50') -> '12,5' (or with `places` fixed: '12,50'); None -> ''."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if places is not None:
        text = f"{value:,.{places}f}"
    elif value == value.to_integral_value():
        text = f"{value:,.0f}"
    else:
        text = f"{value.normalize():,f}"
    return german_grouping(text)


def format_amount_input(value: Decimal | int | float | str | None) -> str:
    """How an amount is shown back in a form field: '2.100.000' or '1.250.000,50' (cents only when any)."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    return format_number_de(value, None if value == value.to_integral_value() else 2)


def format_date_de(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""
