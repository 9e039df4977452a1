"""German numbers as people write and read them: amounts of money, percentages, plain numbers and dates.

Plain Python, no Django: the one implementation of German notation, at the bottom of the layers so that every
app may use it. The parsers that find figures in running text (`sources.parsers.numbers`) read a number with
`parse_number`; the form fields (`operations.formfields`) and the office's spreadsheet round trip read one typed
value with the `parse_*_input` functions; every page, document and answer prints amounts with `format_euro`.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

SCALES = {
    "tsd": Decimal(1_000),
    "tausend": Decimal(1_000),
    "mio": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "millionen": Decimal(1_000_000),
    "mrd": Decimal(1_000_000_000),
    "milliarde": Decimal(1_000_000_000),
    "milliarden": Decimal(1_000_000_000),
}

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
SCALE = r"(?:Millionen|Million|Mio\.?|Milliarden|Milliarde|Mrd\.?|Tausend|Tsd\.?)"


def parse_number(raw: str) -> Decimal:
    """German notation: '3.304.000' -> 3304000, '1,1' -> 1.1. Raises ValueError on garbage."""
    text = raw.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(f"keine Zahl: {raw!r}") from exc


def tidy(value: Decimal) -> Decimal:
    """1100000.0 -> 1100000; keeps real fractions (cents, percentages like 12.5)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def scale_factor(raw: str | None) -> Decimal:
    if not raw:
        return Decimal(1)
    return SCALES[raw.lower().rstrip(".")]


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
# The finders of sources.parsers.numbers read amounts out of running text; these read one value a person typed into one field.
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
    rf"^(?P<num>{NUMBER})(?P<scale>{SCALE})?$",
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
    return tidy(parse_number(m["num"]) * scale_factor(m["scale"]))


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
    value = tidy(parse_number(text.lstrip("-")))
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
