from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAMME_OFFICE = "programme_office", _("Leitstelle")
    MINISTRY_EDITOR = "ministry_editor", _("Redaktion eines Ressorts")
    REVIEWER = "reviewer", _("Prüfung")


class MailFrequency(models.TextChoices):
    # What a person chose for the mails of the reporting cycle (operations/digests.py); urgent ones go at once.
    IMMEDIATE = "immediate", _("sofort, jede Nachricht einzeln")
    DAILY = "daily", _("täglich, gesammelt um 7 Uhr")


class User(AbstractUser):
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, blank=True)
    ministry = models.ForeignKey(
        "programmes.Ministry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("Ressort"),
        help_text=_("Redaktionen bearbeiten nur die Projekte ihres Ressorts."),
    )
    mail_frequency = models.CharField(
        _("E-Mails zum Berichtswesen"),
        max_length=16,
        choices=MailFrequency.choices,
        default=MailFrequency.DAILY,
        help_text=_("Dringendes (Eröffnung, Erinnerungen, erbetene Änderungen) kommt immer sofort."),
    )

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")
