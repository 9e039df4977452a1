"""Forms of the registry's office views and admin: indicators, ministries, project photos."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from operations.formfields import GermanDateField, GermanNumberField
from operations.uploads import sniff_image

from .models import Indicator, IndicatorDirection, ProjectPhoto, RollupAggregation, SuggestionKind

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
    value = GermanNumberField(label=_("Wert"))
    qualifier = forms.ChoiceField(label=_("Angabe"), choices=QUALIFIER_CHOICES, required=False)
    as_of = GermanDateField(label=_("Stand (bei erreichtem Wert)"), required=False)
    target_date = GermanDateField(label=_("Ziel bis (bei Ziel)"), required=False)

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(project=suggestion.project)

    def clean(self):
        data = super().clean()
        if not data.get("indicator") and not (data.get("indicator_name") or "").strip():
            raise forms.ValidationError(_("Bitte eine vorhandene Kennzahl wählen oder einen Namen angeben."))
        return data


class ContributionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        unit = f" ({obj.unit})" if obj.unit else ""
        return f"{obj.project.code} – {obj.name}{unit}"


class ProgrammeIndicatorForm(forms.Form):
    """The office's definition of a programme indicator. Validates only; the services act."""

    name = forms.CharField(label=_("Name"), max_length=300)
    unit = forms.CharField(
        label=_("Einheit"),
        max_length=50,
        required=False,
        help_text=_("z. B. Jugendliche, Start-ups; bei Fördermitteln immer Euro."),
    )
    aggregation = forms.ChoiceField(label=_("Berechnung"), choices=RollupAggregation.choices)
    direction = forms.ChoiceField(label=_("Richtung"), choices=IndicatorDirection.choices)
    match_unit = forms.CharField(
        label=_("Alle Kennzahlen der Projekte mit dieser Einheit einbeziehen"),
        max_length=50,
        required=False,
        help_text=_("Leer lassen, wenn nur die unten gewählten Kennzahlen zählen sollen."),
    )
    contributions = ContributionChoice(
        Indicator.objects.none(),
        label=_("Beitragende Kennzahlen der Projekte"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bei den Fördermitteln zählen die Projektvolumen-Angaben aller veröffentlichten Projekte."),
    )
    target = GermanNumberField(label=_("Zielwert"), required=False)
    target_qualifier = forms.ChoiceField(label=_("Angabe zum Ziel"), choices=QUALIFIER_CHOICES, required=False)
    target_date = GermanDateField(label=_("Ziel bis"), required=False)
    baseline = GermanNumberField(label=_("Ausgangswert"), required=False)
    baseline_date = GermanDateField(label=_("Ausgangswert, Stand"), required=False)
    method = forms.CharField(label=_("Berechnungsweise"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    position = forms.IntegerField(label=_("Reihenfolge"), min_value=0, max_value=32767, initial=0)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].queryset = Indicator.objects.select_related("project").order_by(
            "project__code", "name"
        )
        for bound in self.fields.values():  # KERN UX classes, so the page needs no form CSS of its own
            widget = bound.widget
            if isinstance(widget, forms.Select) and not isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "kern-form-input__select")
            elif not isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
                widget.attrs.setdefault("class", "kern-form-input__input")

    def clean(self):
        data = super().clean()
        if data.get("target") is None and data.get("target_date"):
            self.add_error("target", _("Ein Zieldatum braucht einen Zielwert."))
        if data.get("baseline") is None and data.get("baseline_date"):
            self.add_error("baseline", _("Ein Stand braucht einen Ausgangswert."))
        return data

    def definition(self) -> dict:
        """The fields the services take (everything but the choice of contributions and the version)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("contributions", "version")}


class MinistryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    abbreviation = forms.CharField(label=_("Kürzel"), max_length=20)


MAX_PHOTO_BYTES = 10 * 1024 * 1024


def _head(upload, size: int) -> bytes:
    upload.seek(0)
    data = upload.read(size)
    upload.seek(0)
    return data


class ProjectPhotoForm(forms.ModelForm):
    """Alternative text, credit and licence are required by the model; the file type is read from the bytes."""

    class Meta:
        model = ProjectPhoto
        fields = ["project", "image", "alt_text", "caption", "credit", "licence", "position", "published"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload or not hasattr(upload, "content_type"):
            return upload
        if upload.size > MAX_PHOTO_BYTES:
            raise ValidationError(_("Das Bild ist größer als 10 MB."))
        kind = sniff_image(_head(upload, 16))
        if kind is None:
            raise ValidationError(_("Die Datei ist kein Bild im Format JPEG, PNG oder WebP."))
        upload.name = f"foto.{kind}"
        return upload

    def clean_alt_text(self):
        text = self.cleaned_data["alt_text"].strip()
        if text.lower() in {"foto", "bild", "image", "photo"} or len(text) < 10:
            raise ValidationError(_("Bitte beschreiben Sie, was auf dem Bild zu sehen ist (mindestens 10 Zeichen)."))
        return text
