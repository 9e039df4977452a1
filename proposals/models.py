"""Project ideas (Vorschläge) from chambers, municipalities, associations and citizens.

The chambers' list is imported from its source document; evaluation and
matching to projects build on these records.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sources.models import SourcedModel


class ProposalSource(models.TextChoices):
    CHAMBERS = "ihk", _("IHKs und HWKs im Ruhrgebiet")
    MUNICIPALITY = "kommune", _("Kommune")
    ASSOCIATION = "verband", _("Verband")
    CITIZEN = "buerger", _("Bürgerinnen und Bürger")


class Proposal(SourcedModel):
    source = models.CharField(_("Herkunft"), max_length=16, choices=ProposalSource.choices)
    number = models.PositiveSmallIntegerField(_("Nummer"))
    title = models.CharField(_("Titel"), max_length=500)
    theme = models.CharField(_("Thema"), max_length=200, blank=True)
    goal = models.TextField(_("Ziel"), blank=True)
    background = models.TextField(_("Hintergrund"), blank=True)
    municipalities = models.ManyToManyField(
        "places.Municipality", blank=True, related_name="proposals", verbose_name=_("betroffene Kommunen")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Projektidee")
        verbose_name_plural = _("Projektideen")
        ordering = ["source", "number"]
        constraints = [models.UniqueConstraint(fields=["source", "number"], name="proposal_number_per_source")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
