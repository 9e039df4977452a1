"""Form fields for what a German office worker types: amounts, percentages, plain numbers and dates.

Every staff form uses these, so "2.100.000,00", "1,9 Mio.", "90 %" and "31.12.2025" are read the same way
everywhere and a stored value is shown back in the same notation. The reading itself is plain Python in
`operations.german_numbers` (shared with the round trip and the document parsers); these classes add the field's limits and the
translated messages, which name the field so that an error summary at the top of a page reads on its own.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .german_numbers import (
    InputError,
    format_amount_input,
    format_date_de,
    format_number_de,
    parse_amount_input,
    parse_date_input,
    parse_number_input,
    parse_percent_input,
)

__all__ = ["GermanAmountField", "GermanDateField", "GermanNumberField", "GermanPercentField"]


class GermanNumberField(forms.CharField):
    """A plain number: "1.500", "2,5", "1 500"; refuses "1.5" rather than guessing 1,5 or 15."""

    parse = staticmethod(parse_number_input)
    example = _("1.500 oder 2,5")
    default_error_messages = {
        "required": _("%(field)s: Bitte einen Wert angeben."),
        "invalid": _("%(field)s: „%(value)s“ ist keine Zahl in deutscher Schreibweise (z. B. %(example)s)."),
        "decimal_point": _(
            "%(field)s: „%(value)s“ ist keine Zahl in deutscher Schreibweise: "
            "Bitte das Komma als Dezimalzeichen verwenden (z. B. %(example)s)."
        ),
        "negative": _("%(field)s: Der Wert kann nicht negativ sein."),
        "places": _("%(field)s: höchstens %(places)d Nachkommastellen."),
        "too_large": _("%(field)s: Die Zahl ist zu groß."),
        "min_value": _("%(field)s: Der Wert muss mindestens %(limit)s betragen."),
        "max_value": _("%(field)s: Der Wert darf höchstens %(limit)s betragen."),
    }

    def __init__(
        self,
        *,
        min_value: Decimal | int | None = None,
        max_value: Decimal | int | None = None,
        decimal_places: int = 4,
        max_digits: int = 18,
        **kwargs,
    ):
        self.min_value = None if min_value is None else Decimal(min_value)
        self.max_value = None if max_value is None else Decimal(max_value)
        self.decimal_places = decimal_places
        self.max_digits = max_digits
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A text field, not type=number: browsers refuse "2.100.000,00" in number inputs.
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})
        return attrs

    def _error(self, code: str, **params) -> ValidationError:
        params = {"field": self.label or _("Eingabe"), "example": self.example, **params}
        return ValidationError(self.error_messages[code], code=code, params=params)

    def clean(self, value):
        # The field's own "required" message names the field; Django's would not.
        if self.required and (value is None or str(value).strip() == ""):
            raise self._error("required")
        return super().clean(value)

    def to_python(self, value) -> Decimal | None:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return Decimal(value)
        text = super().to_python(value)
        if not text:
            return None
        try:
            number = self.parse(text)
        except InputError as exc:
            raise self._error(exc.code, value=exc.value) from exc
        return number

    def validate(self, value) -> None:
        if value is None:
            return
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimal_places:
            raise self._error("places", places=self.decimal_places)
        if abs(value) >= Decimal(10) ** (self.max_digits - self.decimal_places):
            raise self._error("too_large")
        if self.min_value is not None and value < self.min_value:
            raise self._error("negative" if self.min_value == 0 else "min_value", limit=self.display(self.min_value))
        if self.max_value is not None and value > self.max_value:
            raise self._error("max_value", limit=self.display(self.max_value))

    def display(self, value: Decimal) -> str:
        return format_number_de(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return self.display(Decimal(str(value)))
        return value

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != (None if initial in (None, "") else self.to_python(initial))
        except ValidationError:
            return True


class GermanAmountField(GermanNumberField):
    """A sum of money in euros: "2.100.000,00", "1.890.000", "1,9 Mio.", "2,1 Millionen", "1.500 €"."""

    parse = staticmethod(parse_amount_input)
    example = _("2.100.000,00 oder 1,9 Mio.")
    default_error_messages = {
        "invalid": _("%(field)s: „%(value)s“ ist kein Betrag in deutscher Schreibweise (z. B. %(example)s)."),
        "negative": _("%(field)s: Ein Betrag kann nicht negativ sein."),
        "places": _("%(field)s: Bitte höchstens auf den Cent genau angeben (%(places)d Nachkommastellen)."),
    }

    def __init__(self, *, min_value=0, decimal_places: int = 2, max_digits: int = 16, **kwargs):
        super().__init__(min_value=min_value, decimal_places=decimal_places, max_digits=max_digits, **kwargs)

    def display(self, value: Decimal) -> str:
        return format_amount_input(value)


class GermanPercentField(GermanNumberField):
    """A share in per cent: "90 %", "90", "12,5 %"; between 0 and 100 unless told otherwise."""

    parse = staticmethod(parse_percent_input)
    example = _("90 % oder 12,5 %")
    default_error_messages = {
        "min_value": _("%(field)s: Der Anteil muss mindestens %(limit)s %% betragen."),
        "max_value": _("%(field)s: Der Anteil darf höchstens %(limit)s %% betragen."),
        "negative": _("%(field)s: Ein Anteil kann nicht negativ sein."),
    }

    def __init__(self, *, min_value=0, max_value=100, decimal_places: int = 2, max_digits: int = 5, **kwargs):
        super().__init__(
            min_value=min_value, max_value=max_value, decimal_places=decimal_places, max_digits=max_digits, **kwargs
        )


class GermanDateField(forms.DateField):
    """A date: "31.12.2025", "1.7.2025", "31.12.25" or ISO "2025-12-31"; shown back as 31.12.2025."""

    widget = forms.TextInput
    default_error_messages = {
        "required": _("%(field)s: Bitte ein Datum angeben."),
        "invalid_date": _("%(field)s: „%(value)s“ ist kein Datum. Bitte wie 31.12.2025 angeben."),
        "no_such_day": _("%(field)s: Den %(value)s gibt es nicht. Bitte ein gültiges Datum angeben."),
        "min_value": _("%(field)s: Das Datum darf nicht vor dem %(limit)s liegen."),
        "max_value": _("%(field)s: Das Datum darf nicht nach dem %(limit)s liegen."),
    }

    def __init__(self, *, min_value: date | None = None, max_value: date | None = None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("help_text", _("TT.MM.JJJJ"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"autocomplete": "off", "spellcheck": "false", "size": "10"})
        return attrs

    def _error(self, code: str, **params) -> ValidationError:
        params = {"field": self.label or _("Datum"), **params}
        return ValidationError(self.error_messages[code], code=code, params=params)

    def clean(self, value):
        if self.required and (value is None or str(value).strip() == ""):
            raise self._error("required")
        return super().clean(value)

    def to_python(self, value) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return parse_date_input(str(value))
        except InputError as exc:
            raise self._error(exc.code, value=exc.value) from exc

    def validate(self, value) -> None:
        super().validate(value)
        if value is None:
            return
        if self.min_value and value < self.min_value:
            raise self._error("min_value", limit=format_date_de(self.min_value))
        if self.max_value and value > self.max_value:
            raise self._error("max_value", limit=format_date_de(self.max_value))

    def prepare_value(self, value):
        if isinstance(value, date):
            return format_date_de(value)
        return value

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True
