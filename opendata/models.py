"""The office's uploads of edited spreadsheets (round trip), kept as the audit record."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadStatus(models.TextChoices):
    PENDING = "pending", _("Vorschau, noch nicht übernommen")
    APPLIED = "applied", _("übernommen")
    REJECTED = "rejected", _("fehlerhaft, nicht übernommen")
    DISCARDED = "discarded", _("verworfen")


class Upload(models.Model):
    """An edited spreadsheet uploaded by the office: its file, every change found, and whether it was applied.

    Kept after applying as the audit record of the round trip (who changed which
    cell from what to what), next to the version history of the changed records.
    """

    key = models.UUIDField(_("Schlüssel"), default=uuid.uuid4, unique=True, editable=False)
    filename = models.CharField(_("Dateiname"), max_length=255)
    content = models.BinaryField(_("Datei"))
    dataset = models.CharField(_("Datensatz (bei CSV)"), max_length=40, blank=True)
    status = models.CharField(_("Status"), max_length=16, choices=UploadStatus.choices, default=UploadStatus.PENDING)
    changes = models.JSONField(_("Änderungen"), default=list, blank=True)
    errors = models.JSONField(_("Fehler"), default=list, blank=True)
    notes = models.JSONField(_("Hinweise"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("übernommen von"),
    )
    applied_at = models.DateTimeField(_("übernommen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Tabellen-Upload")
        verbose_name_plural = _("Tabellen-Uploads")
        # Moved from the api app (issue 19): the table keeps its name, so no data is copied.
        db_table = "api_upload"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
