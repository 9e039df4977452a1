"""E-mail alerts to the public (double opt-in): one subscription per address and scope."""

from __future__ import annotations

import uuid

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
        # Moved from the api app (issue 19): the table keeps its name, so no data is copied.
        db_table = "api_subscription"
        indexes = [models.Index(fields=["email", "scope", "target"])]

    def __str__(self) -> str:
        return f"{self.label} → {self.email}"
