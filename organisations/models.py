"""Organisations (Akteure) and the roles they have in projects, each role with the lines of the document stating it."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from places.models import Municipality
from programmes.models import Project
from sources.models import SourcedModel

from .querysets import OrganisationQuerySet, ProjectRoleQuerySet


class OrganisationKind(models.TextChoices):
    UNIVERSITY = "university", _("Hochschule")
    MUNICIPALITY = "municipality", _("Kommune")
    PUBLIC_BODY = "public_body", _("Behörde oder öffentliche Einrichtung")
    CHAMBER = "chamber", _("Kammer")
    COMPANY = "company", _("Unternehmen")
    FOUNDATION = "foundation", _("Stiftung")
    ASSOCIATION = "association", _("Verband oder Verein")
    NETWORK = "network", _("Verbund oder Netzwerk")
    OTHER = "other", _("sonstige")


class Role(models.TextChoices):
    LEAD = "lead", _("federführend")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Geldgeber")
    BENEFICIARY = "beneficiary", _("begünstigt")


class Organisation(models.Model):
    name = models.CharField(_("Name"), max_length=300, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("Sitz"),
    )
    website = models.URLField(_("Website"), blank=True)
    defined_by_system = models.BooleanField(
        _("vom System angelegt"), default=False, help_text=_("aus der Referenzliste; die Leitstelle kann es ändern")
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.slug])


class NameKind(models.TextChoices):
    ALIAS = "alias", _("Kurzform oder Schreibweise")
    FORMER = "former", _("früherer Name")


class OrganisationName(models.Model):
    """Another name the documents use: an abbreviation ("RUB") or a former name; the finder recognises all."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="names", verbose_name=_("Akteur")
    )
    name = models.CharField(_("Name"), max_length=300)
    kind = models.CharField(_("Art"), max_length=10, choices=NameKind.choices, default=NameKind.ALIAS)

    class Meta:
        verbose_name = _("weiterer Name")
        verbose_name_plural = _("weitere Namen")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="organisation_name_unique")]

    def __str__(self) -> str:
        return self.name


class ProjectRole(SourcedModel):
    """What a document says an organisation does in a project, with the sentence and its line."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="roles", verbose_name=_("Projekt"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="roles", verbose_name=_("Akteur")
    )
    role = models.CharField(_("Rolle"), max_length=12, choices=Role.choices)
    wording = models.CharField(_("genannt als"), max_length=300, blank=True)
    sentence = models.TextField(_("Satz im Dokument"), blank=True)

    objects = ProjectRoleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Rolle in einem Projekt")
        verbose_name_plural = _("Rollen in Projekten")
        ordering = ["project__code", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role", "document"], name="project_role_unique_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_role_display()} – {self.project.code}"
