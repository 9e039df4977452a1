"""Forms of the registry's office views."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Indicator, SuggestionKind

QUALIFIER_CHOICES = [
    ("", _("genau")),
    ("approx", _("rund")),
    ("more_than", _("mehr als")),
    ("at_least", _("mindestens")),
    ("up_to", _("bis zu")),
]


class ConfirmSuggestionForm(forms.Form):
    """What the office decides when it confirms a suggestion; prefilled from what the finder read."""

    indicator = forms.ModelChoiceField(
        Indicator.objects.none(),
        required=False,
        label=_("Vorhandene Kennzahl"),
        help_text=_("Leer lassen, um eine neue Kennzahl mit dem Namen unten anzulegen."),
    )
    indicator_name = forms.CharField(label=_("Name der Kennzahl"), max_length=300, required=False)
    unit = forms.CharField(label=_("Einheit"), max_length=50, required=False)
    kind = forms.ChoiceField(label=_("Art"), choices=SuggestionKind.choices)
    value = forms.DecimalField(label=_("Wert"), max_digits=18, decimal_places=4)
    qualifier = forms.ChoiceField(label=_("Angabe"), choices=QUALIFIER_CHOICES, required=False)
    as_of = forms.DateField(label=_("Stand (bei erreichtem Wert)"), required=False)
    target_date = forms.DateField(label=_("Ziel bis (bei Ziel)"), required=False)

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(project=suggestion.project)

    def clean(self):
        data = super().clean()
        if not data.get("indicator") and not (data.get("indicator_name") or "").strip():
            raise forms.ValidationError(_("Bitte eine vorhandene Kennzahl wählen oder einen Namen angeben."))
        return data
