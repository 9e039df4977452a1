from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAMME_OFFICE = "programme_office", _("Leitstelle")
    MINISTRY_EDITOR = "ministry_editor", _("Redaktion eines Ressorts")
    REVIEWER = "reviewer", _("Prüfung")


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

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")
