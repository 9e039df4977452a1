"""Form fields for free text typed by people: control characters and bidi overrides removed, formulas refused.

Forms of every app use `CleanCharField` for text that reaches pages, downloads or mails (operations/cells.py says
why). Only the stored text changes; what a person typed visibly stays as typed.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .cells import clean_text, is_formula_input


class CleanCharField(forms.CharField):
    def __init__(self, *args, refuse_formulas: bool = True, **kwargs):
        self.refuse_formulas = refuse_formulas
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value

    def validate(self, value):
        super().validate(value)
        if self.refuse_formulas and value and is_formula_input(value):
            raise ValidationError(
                _("Der Text darf nicht mit =, +, @ oder einem Tabulator beginnen (wie eine Tabellenformel)."),
                code="formula",
            )
