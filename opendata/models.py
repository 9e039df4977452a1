"""E-mail alerts (double opt-in) and the office's uploads of edited spreadsheets (round trip)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertScope(models.TextChoices):
    PROGRAMME = "programme", _("gesamtes Programm")
    PROJECT = "project", _("Projekt")
    MUNICIPALITY = "municipality", _("Kommune")
    ACTION_FIELD = "action_field", _("Handlungsfeld")
    SEARCH = "search", _("gespeicherte Suche")


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def unconfirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=True, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    """Alerts for one address and one scope. Active only after the address confirmed it (double opt-in)."""

    key = models.UUIDField(_("Schlüssel"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("E-Mail-Adresse"))
    scope = models.CharField(_("Bereich"), max_length=16, choices=AlertScope.choices)
    target = models.CharField(
        _("Auswahl"), max_length=500, blank=True, help_text=_("Projektnummer, Gemeindeschlüssel, Kurzname oder Filter")
    )
    label = models.CharField(_("Bezeichnung"), max_length=300)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("Bestätigung angefordert am"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("abgemeldet am"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("zuletzt benachrichtigt"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email", "scope", "target"])]

    def __str__(self) -> str:
        return f"{self.label} → {self.email}"


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
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
