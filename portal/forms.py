"""Forms of the portal's office-edited content: the videos in Deutsche Gebärdensprache."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from operations.uploads import is_webvtt, sniff_video

from .models import SignLanguageVideo

MAX_VIDEO_BYTES = 200 * 1024 * 1024
MAX_CAPTION_BYTES = 1024 * 1024


def _head(upload, size: int) -> bytes:
    upload.seek(0)
    data = upload.read(size)
    upload.seek(0)
    return data


class SignLanguageVideoForm(forms.ModelForm):
    class Meta:
        model = SignLanguageVideo
        fields = ["topic", "video", "captions", "transcript", "published"]

    def clean_video(self):
        upload = self.cleaned_data.get("video")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged or cleared
        if upload.size > MAX_VIDEO_BYTES:
            raise ValidationError(_("Das Video ist größer als 200 MB."))
        kind = sniff_video(_head(upload, 64))
        if kind is None:
            raise ValidationError(_("Die Datei ist kein Video im Format MP4 oder WebM."))
        upload.name = f"video.{kind}"  # the stored name follows the content, not the uploader's file name
        return upload

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        if not upload or not hasattr(upload, "content_type"):
            return upload
        if upload.size > MAX_CAPTION_BYTES:
            raise ValidationError(_("Die Untertitel-Datei ist größer als 1 MB."))
        if not is_webvtt(_head(upload, MAX_CAPTION_BYTES)):
            raise ValidationError(_("Die Untertitel-Datei ist keine WebVTT-Datei (erste Zeile „WEBVTT“)."))
        upload.name = "untertitel.vtt"
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("published"):
            missing = [
                label
                for name, label in (
                    ("video", _("Video")),
                    ("captions", _("Untertitel")),
                    ("transcript", _("Abschrift")),
                )
                if not cleaned.get(name)
            ]
            if missing:
                raise ValidationError(
                    _("Veröffentlichen geht erst, wenn alles da ist. Es fehlt: %(missing)s.")
                    % {"missing": ", ".join(str(m) for m in missing)}
                )
        return cleaned
