"""Forms of the api app: they validate; the services act."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from operations.uploads import TEXT, XLSX, check_upload

from .models import AlertScope
from .registry import DATASETS, ROUND_TRIP

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    scope = forms.ChoiceField(label=_("Worüber"), choices=AlertScope.choices, initial=AlertScope.PROGRAMME)
    target = forms.CharField(
        label=_("Auswahl"),
        required=False,
        max_length=500,
        help_text=_(
            "Projektnummer (z. B. 13-03), Gemeindeschlüssel oder Kurzname der Kommune (z. B. bochum), "
            "Handlungsfeld (z. B. mobilitaet) oder Filter wie status=completed&municipality=bochum"
        ),
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Bearbeitete Datei (XLSX oder CSV)"))
    dataset = forms.ChoiceField(
        label=_("Datensatz (nur bei CSV; sonst aus der Kopfzeile erkannt)"),
        required=False,
        choices=[("", "—"), *((slug, DATASETS[slug].title) for slug in ROUND_TRIP)],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Die Datei ist größer als 10 MB."))
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv", ".txt")):
            raise forms.ValidationError(_("Bitte eine XLSX- oder CSV-Datei hochladen."))
        # The name only chooses the reader; the content must be what the name says (read from the bytes).
        expected = XLSX if name.endswith(".xlsx") else TEXT
        check_upload(upload, allowed={expected}, max_bytes=MAX_UPLOAD_BYTES)
        return upload
