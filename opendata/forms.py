"""Forms of the opendata app: they validate; the services act."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from operations.uploads import TEXT, XLSX, check_upload

from .registry import DATASETS, ROUND_TRIP

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Bearbeitete Datei (XLSX oder CSV)"))
    dataset = forms.ChoiceField(
        label=_("Datensatz (nur bei CSV; sonst aus der Kopfzeile erkannt)"),
        required=False,
        choices=lambda: [("", "—"), *((slug, DATASETS[slug].title) for slug in ROUND_TRIP)],
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
