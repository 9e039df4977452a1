"""The office's ad-hoc query of the per-place answer and its saved form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from places.models import District, Municipality
from programmes.models import ActionField, Ministry, ProjectStatus


class AnswerQueryForm(forms.Form):
    """Filters of an ad-hoc question. Validates only; building the answer is answers.place_answers' job."""

    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), required=False, label=_("Kommune"), to_field_name="slug"
    )
    district = forms.ModelChoiceField(District.objects.all(), required=False, label=_("Kreis"), to_field_name="slug")
    action_field = forms.ModelChoiceField(
        ActionField.objects.all(), required=False, label=_("Handlungsfeld"), to_field_name="slug"
    )
    ministry = forms.ModelChoiceField(Ministry.objects.all(), required=False, label=_("Ressort"), to_field_name="slug")
    status = forms.ChoiceField(choices=[("", "–"), *ProjectStatus.choices], required=False, label=_("Status"))
    as_of = forms.CharField(
        required=False,
        label=_("Stichtag"),
        help_text=_("Datum, Berichtsjahr oder Titel eines Berichts; leer = aktuell"),
    )
    funding_min = forms.DecimalField(required=False, min_value=0, label=_("Förderung vor Ort ab (Euro)"))
    funding_max = forms.DecimalField(required=False, min_value=0, label=_("Förderung vor Ort bis (Euro)"))

    def clean(self):
        data = super().clean()
        if data.get("municipality") and data.get("district"):
            raise forms.ValidationError(_("Bitte entweder eine Kommune oder einen Kreis wählen, nicht beides."))
        low, high = data.get("funding_min"), data.get("funding_max")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("„ab“ ist größer als „bis“."))
        return data


class SaveQueryForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Titel der Abfrage"))
