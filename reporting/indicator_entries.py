"""Kennzahlen of a project report: the entries of `ProjectReport.indicators` and how they read.

A report keeps one entry per indicator of its project as JSON on the report itself, so the optimistic
lock, the version history, restore and the frozen published record cover indicators exactly like the
other sections. An entry holds the definition (name, unit, direction, baseline and target with their
dates, the target's qualifier) and the value this period states (value, qualifier, "Stand"); `previous`
is what the previous period stated, shown to the editor but never published again as this period's
value. Numbers are stored as plain decimal strings ("1500", "2.5"), dates as ISO strings, so the JSON
compares equal across saves. Publishing turns each entry into `programmes.Indicator` and, when the
entry has a value, one `programmes.IndicatorValue` pointing at the line of the generated report text
that states it (importers/period.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from operations.german_numbers import german_grouping

DEFINITION_FIELDS = (
    "name",
    "unit",
    "direction",
    "baseline",
    "baseline_date",
    "target",
    "target_qualifier",
    "target_date",
)
VALUE_FIELDS = ("value", "qualifier", "as_of")

# Codes as in programmes.IndicatorValue.qualifier / sources.parsers.numbers.QUALIFIERS.
QUALIFIER_WORDS = {"approx": "rund", "more_than": "mehr als", "at_least": "mindestens", "up_to": "bis zu"}

_EMPTY: dict[str, Any] = {
    "name": "",
    "unit": "",
    "direction": "increase",
    "baseline": None,
    "baseline_date": None,
    "target": None,
    "target_qualifier": "",
    "target_date": None,
    "value": None,
    "qualifier": "",
    "as_of": None,
    "sentence": "",
    "previous": None,
}


def entry(raw: dict[str, Any]) -> dict[str, Any]:
    """An entry with every key present; older entries (name, unit, value, qualifier, sentence) stay valid."""
    out = {**_EMPTY, **{k: v for k, v in (raw or {}).items() if k in _EMPTY}}
    for key in ("value", "baseline", "target"):
        if out[key] in ("", None):
            out[key] = None
        else:
            out[key] = store_decimal(as_decimal(out[key]))
    return out


def entries(raw_list) -> list[dict[str, Any]]:
    return [entry(item) for item in raw_list or []]


def store_decimal(value: Decimal | None) -> str | None:
    if value is None:
        return None
    value = Decimal(value).normalize()
    return f"{value:f}"


def store_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def as_decimal(raw) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def as_date(raw) -> date | None:
    if not raw:
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        return None


def format_number(raw, qualifier: str = "") -> str:
    """'1500', 'approx' -> 'rund 1.500'; '2.5' -> '2,5' (German notation, as the reports print figures)."""
    value = as_decimal(raw)
    if value is None:
        return ""
    text = f"{value:,f}" if value != value.to_integral_value() else f"{value:,.0f}"
    text = german_grouping(text)
    word = QUALIFIER_WORDS.get(qualifier or "")
    return f"{word} {text}" if word else text


def format_date(raw) -> str:
    day = as_date(raw)
    return day.strftime("%d.%m.%Y") if day else ""


def describe(item: dict[str, Any], *, default_as_of: date | None = None) -> str:
    """The line of the report text that states one indicator for this period.

    "Forschungsprofessuren besetzt: 27 Professuren (Stand 31.12.2025); Ziel: mehr als 50 Professuren bis
    31.12.2026; Ausgangswert: 0 Professuren (Stand 01.01.2022)". The value comes first so that the line
    reads as the statement of this period; the reader of the printed report sees the target beside it.
    """
    item = entry(item)
    unit = f" {item['unit']}" if item["unit"] else ""
    parts = []
    if item["value"] is not None:
        stand = format_date(item["as_of"]) or format_date(default_as_of)
        text = f"{format_number(item['value'], item['qualifier'])}{unit}"
        parts.append(f"{text} (Stand {stand})" if stand else text)
    else:
        parts.append("in diesem Bericht kein Wert")
    if item["target"] is not None:
        target = f"Ziel: {format_number(item['target'], item['target_qualifier'])}{unit}"
        if item["target_date"]:
            target += f" bis {format_date(item['target_date'])}"
        parts.append(target)
    if item["baseline"] is not None:
        baseline = f"Ausgangswert: {format_number(item['baseline'])}{unit}"
        if item["baseline_date"]:
            baseline += f" (Stand {format_date(item['baseline_date'])})"
        parts.append(baseline)
    return f"{item['name']}: " + "; ".join(parts)


def carried_over(item: dict[str, Any], *, as_of: date | None, period_title: str = "") -> dict[str, Any]:
    """The entry a new period starts with: the same definition, last period's value only as `previous`.

    A figure is stated for a cut-off; copying it into the next period as that period's value would
    publish an old number as new. The editor sees it and enters the current one.
    """
    item = entry(item)
    previous = item["previous"]
    if item["value"] is not None:
        previous = {
            "value": item["value"],
            "qualifier": item["qualifier"],
            "as_of": item["as_of"] or store_date(as_of),
            "period": period_title,
        }
    return {**item, "value": None, "qualifier": "", "as_of": None, "sentence": "", "previous": previous}
