"""Does this passage state this figure? The check behind "every figure cites a line that contains it".

Plain Python (no Django), so importers, publishing and tests can all ask it. Figures are recognised in
the forms German documents print them: "1.890.000 €", "1.250.000,50 Euro", "1,89 Mio. Euro",
"2,1 Millionen Euro", "90 %", "90 Prozent", "30.06.2025", "30. Juni 2025".

An amount printed with a magnitude word is as exact as its digits: "1,89 Mio. Euro" states every amount
from 1.885.000 up to (not including) 1.895.000 €, and a passage saying so contains 1.890.000 €. Without a
magnitude word the printed amount must equal the figure to the cent.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from .numbers import DATE_RE, MONTHS, find_amounts, find_dates, find_percentages

AMOUNT = "amount"
PERCENT = "percent"
DATE = "date"

_WRITTEN_DATE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\.\s*(?P<month>[A-Za-zäÄ]+)\s+(?P<y>(?:19|20)\d{2})(?!\d)")
_SCALED = re.compile(r"Mio|Million|Mrd|Milliard|Tsd|Tausend", re.IGNORECASE)


def _digits_after_comma(printed: str) -> int:
    number = re.search(r"\d[\d.]*(?:,(\d+))?", printed)
    return len(number.group(1)) if number and number.group(1) else 0


def _scale_of(printed: str) -> Decimal:
    lowered = printed.lower()
    if "mrd" in lowered or "milliard" in lowered:
        return Decimal(1_000_000_000)
    if "mio" in lowered or "million" in lowered:
        return Decimal(1_000_000)
    return Decimal(1_000)


def _amount_matches(printed_value: Decimal, printed: str, figure: Decimal) -> bool:
    if printed_value == figure:
        return True
    if not _SCALED.search(printed):
        return False
    # "1,89 Mio." is exact to half of its last printed digit.
    half_step = _scale_of(printed) * Decimal(1).scaleb(-_digits_after_comma(printed)) / 2
    return printed_value - half_step <= figure < printed_value + half_step


def amounts_in(text: str) -> list[tuple[Decimal, str]]:
    return [(a.value, a.text) for a in find_amounts(text)]


def dates_in(text: str) -> list[date]:
    found = [d.value for d in find_dates(text) if d.value is not None]
    for m in _WRITTEN_DATE.finditer(text):
        month = MONTHS.get(m["month"].lower())
        if month is None:
            continue
        try:
            found.append(date(int(m["y"]), month, int(m["d"])))
        except ValueError:
            continue
    return found


def contains_figure(text: str, value, kind: str) -> bool:
    """True when `text` (the cited line range, joined) states `value` of this kind (amount, percent, date)."""
    text = " ".join(text.split())
    if kind == DATE:
        return value in dates_in(text)
    figure = Decimal(str(value))
    if kind == PERCENT:
        return any(p.value == figure for p in find_percentages(text))
    if kind == AMOUNT:
        return any(_amount_matches(v, printed, figure) for v, printed in amounts_in(text))
    raise ValueError(f"unbekannte Art einer Zahl: {kind}")


__all__ = ["AMOUNT", "DATE", "DATE_RE", "PERCENT", "amounts_in", "contains_figure", "dates_in"]
