"""How far an indicator has come: latest value, target, the straight line from baseline to target, a sentence.

Plain functions over the registry, used by the portal (project page, /kennzahlen/) and the API.
"At risk" means: baseline (or the first of several values), target and target date are known, and
the latest value is behind the straight line from baseline to target at today's date (for an
indicator where lower is better: above it). Without those, an indicator is "not assessable" and
the reason says what is missing; nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from operations.german_numbers import german_grouping

from .models import Indicator, IndicatorDirection, IndicatorValue

ON_TRACK = "on_track"
BEHIND = "behind"
REACHED = "reached"
NOT_ASSESSABLE = "not_assessable"

QUALIFIER_WORDS = {
    "approx": gettext_lazy("rund"),
    "more_than": gettext_lazy("mehr als"),
    "at_least": gettext_lazy("mindestens"),
    "up_to": gettext_lazy("bis zu"),
}
STATUS_LABELS = {
    ON_TRACK: gettext_lazy("im Plan"),
    BEHIND: gettext_lazy("hinter dem Plan"),
    REACHED: gettext_lazy("erreicht"),
    NOT_ASSESSABLE: gettext_lazy("nicht bewertbar"),
}


def format_number(value: Decimal | None, qualifier: str = "", unit: str = "") -> str:
    """Decimal('1500'), 'approx' -> 'rund 1.500'; euros in millions: 'mehr als 90 Mio. €'."""
    if value is None:
        return "–"
    value = Decimal(value).normalize()
    if unit == "Euro" and abs(value) >= 1_000_000:
        short = (value / 1_000_000).normalize()
        text = german_grouping(f"{short:,f}") + "\u00a0" + _("Mio. €")
    elif unit == "Euro":
        text = german_grouping(f"{value:,.0f}") + "\u00a0€"
    else:
        text = german_grouping(f"{value:,f}" if value != value.to_integral_value() else f"{value:,.0f}")
        if unit == "Prozent":
            text += "\u00a0%"
    word = QUALIFIER_WORDS.get(qualifier)
    return f"{word} {text}" if word else text


def format_as_of(day: date | None) -> str:
    if day is None:
        return ""
    if day.month == 12 and day.day == 31:
        return _("Ende %(year)s") % {"year": day.year}
    return date_format(day, "F Y")


@dataclass
class Progress:
    indicator: Indicator
    values: list[IndicatorValue]
    latest: IndicatorValue | None
    status: str
    reason: str  # German: why not assessable, or how far behind
    share: Decimal | None  # latest / target, 0..1 (or more)
    expected: Decimal | None  # value the straight line asks for today
    start: tuple[date, Decimal] | None  # start of the straight line

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def sentence(self) -> str:
        """'Neue Forschungsprofessuren besetzt: 27 von mehr als 50 (Stand Ende 2024)' – plain German."""
        ind = self.indicator
        target = format_number(ind.target, ind.target_qualifier, ind.unit) if ind.target is not None else ""
        unit_word = "" if ind.unit in ("Euro", "Prozent") else f" {ind.unit}" if ind.unit else ""
        if self.latest is not None:
            value = format_number(self.latest.value, self.latest.qualifier, ind.unit)
            stand = format_as_of(self.latest.as_of)
            if target:
                text = _("%(name)s: %(value)s von %(target)s%(unit)s (Stand %(stand)s)") % {
                    "name": ind.name,
                    "value": value,
                    "target": target,
                    "unit": unit_word,
                    "stand": stand,
                }
            else:
                text = _("%(name)s: %(value)s%(unit)s (Stand %(stand)s)") % {
                    "name": ind.name,
                    "value": value,
                    "unit": unit_word,
                    "stand": stand,
                }
        elif target:
            text = _("%(name)s: Ziel %(target)s%(unit)s") % {"name": ind.name, "target": target, "unit": unit_word}
            if ind.target_date:
                text += " " + _("bis %(date)s") % {"date": format_as_of(ind.target_date)}
            return text + "; " + _("noch kein Wert berichtet")
        else:
            return ind.name
        if target and ind.target_date:
            text += ", " + _("Ziel bis %(date)s") % {"date": format_as_of(ind.target_date)}
        return text


def _start(indicator: Indicator, values: list[IndicatorValue]) -> tuple[date, Decimal] | None:
    if indicator.baseline is not None and indicator.baseline_date is not None:
        return indicator.baseline_date, indicator.baseline
    if len(values) >= 2:
        return values[0].as_of, values[0].value
    return None


def progress(indicator: Indicator, *, today: date, values=None) -> Progress:
    """Progress of one indicator; its values should be prefetched in date order (`Indicator.objects.with_values()`).

    `values` replaces the indicator's own values: a programme indicator passes its rolled-up series
    (anything with as_of, value, qualifier, pk), so both are assessed by the same straight line.
    """
    values = sorted(indicator.values.all() if values is None else values, key=lambda v: (v.as_of, v.pk))
    latest = values[-1] if values else None
    start = _start(indicator, values)
    target = indicator.target
    lower_is_better = indicator.direction == IndicatorDirection.DECREASE

    def result(status: str, reason: str, expected: Decimal | None = None) -> Progress:
        share = None
        if latest is not None and target:
            share = (latest.value / target).quantize(Decimal("0.001"))
        return Progress(indicator, values, latest, status, reason, share, expected, start)

    if target is None:
        return result(NOT_ASSESSABLE, _("kein Zielwert genannt"))
    if latest is None:
        return result(NOT_ASSESSABLE, _("noch kein Wert berichtet"))
    reached = latest.value <= target if lower_is_better else latest.value >= target
    if reached:
        return result(REACHED, _("Ziel erreicht"))
    if indicator.target_date is None:
        return result(NOT_ASSESSABLE, _("kein Zieldatum genannt"))
    if start is None:
        return result(NOT_ASSESSABLE, _("kein Ausgangswert und nur ein Wert"))
    start_date, start_value = start
    span = (indicator.target_date - start_date).days
    if span <= 0:
        return result(NOT_ASSESSABLE, _("Zieldatum liegt vor dem Ausgangswert"))
    elapsed = min(max((today - start_date).days, 0), span)
    expected = start_value + (target - start_value) * Decimal(elapsed) / Decimal(span)
    behind = latest.value > expected if lower_is_better else latest.value < expected
    if behind:
        return result(
            BEHIND,
            _("laut gerader Linie heute %(expected)s erwartet")
            % {"expected": format_number(expected.quantize(Decimal(1)))},
            expected,
        )
    return result(ON_TRACK, _("im Plan"), expected)
