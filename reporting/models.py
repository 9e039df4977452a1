"""Reporting: funding allocation per project and saved parliamentary queries."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AllocationMethod(models.TextChoices):
    NONE = "none", _("keine Aufteilung (unbekannt)")
    EQUAL = "equal", _("gleichmäßig auf die genannten Orte")
    POPULATION = "population", _("nach Einwohnerzahl der genannten Orte")
    MANUAL = "manual", _("nach manuellem Schlüssel")


class AllocationAmount(models.TextChoices):
    VOLUME = "volume", _("Projektvolumen")
    STATE = "state", _("Landesmittel")


class FundingAllocation(models.Model):
    """How the office decided to attribute a project's money to the places it names (basis "estimated").

    Figures stated for a place in a document always win ("exact"); the method
    only spreads what is left over the remaining places.
    """

    project = models.OneToOneField(
        "programmes.Project", on_delete=models.CASCADE, related_name="allocation", verbose_name=_("Projekt")
    )
    method = models.CharField(
        _("Methode"), max_length=16, choices=AllocationMethod.choices, default=AllocationMethod.NONE
    )
    amount = models.CharField(
        _("aufzuteilender Betrag"), max_length=8, choices=AllocationAmount.choices, default=AllocationAmount.VOLUME
    )
    rationale = models.TextField(
        _("Begründung"), help_text=_("Warum diese Aufteilung sachgerecht ist; erscheint in jeder Antwort.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("festgelegt von")
    )
    decided_at = models.DateTimeField(_("festgelegt am"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Aufteilung der Mittel")
        verbose_name_plural = _("Aufteilungen der Mittel")

    def __str__(self) -> str:
        return f"{self.project.code}: {self.get_method_display()}"


class SavedQuery(models.Model):
    """An ad-hoc question of the office, saved with its filters so that a link reproduces it."""

    key = models.UUIDField(_("Schlüssel"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("Titel"), max_length=200)
    params = models.JSONField(_("Filter"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("angelegt von")
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("gespeicherte Abfrage")
        verbose_name_plural = _("gespeicherte Abfragen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting:saved_query", args=[self.key])
