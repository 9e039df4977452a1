"""The Ruhr area as a reference tree keyed by the official AGS, and projects' references to places."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .querysets import LocalReferenceQuerySet, MunicipalityQuerySet


class District(models.Model):
    """A Kreis of the Ruhr area (5-digit AGS). The kreisfreie Städte belong to none."""

    ags = models.CharField(_("Kreisschlüssel"), max_length=5, unique=True)
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname"), unique=True)

    class Meta:
        verbose_name = _("Kreis")
        verbose_name_plural = _("Kreise")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityKind(models.TextChoices):
    INDEPENDENT_CITY = "kreisfrei", _("kreisfreie Stadt")
    DISTRICT_MUNICIPALITY = "kreisangehoerig", _("kreisangehörige Gemeinde")


class Municipality(models.Model):
    ags = models.CharField(_("Amtlicher Gemeindeschlüssel"), max_length=8, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    official_name = models.CharField(_("amtlicher Name"), max_length=200, blank=True)
    slug = models.SlugField(_("Kurzname"), unique=True)
    kind = models.CharField(_("Art"), max_length=16, choices=MunicipalityKind.choices)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("Kreis"),
    )
    population = models.PositiveIntegerField(_("Einwohner"), null=True, blank=True)
    population_date = models.DateField(_("Einwohner, Stand"), null=True, blank=True)
    area_km2 = models.DecimalField(_("Fläche (km²)"), max_digits=8, decimal_places=2, null=True, blank=True)
    latitude = models.FloatField(_("Breite"), null=True, blank=True)
    longitude = models.FloatField(_("Länge"), null=True, blank=True)
    geometry = models.JSONField(_("Grenze (GeoJSON)"), null=True, blank=True)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:municipality", args=[self.slug])


class FundingBasis(models.TextChoices):
    EXACT = "exact", _("genau (für diesen Ort angegeben)")
    ESTIMATED = "estimated", _("geschätzt (dokumentierte Aufteilung)")
    UNKNOWN = "unknown", _("unbekannt")


class FundingKind(models.TextChoices):
    """What kind of money a document says an amount is; the codes are those of sources.parsers.funding_kinds."""

    APPLIED = "applied", _("beantragt")
    PLANNED = "planned", _("geplant/vorgesehen")
    GRANTED = "granted", _("bewilligt/zugesagt")
    PAID = "paid", _("ausgezahlt/verausgabt")
    VOLUME = "volume", _("Projektvolumen")
    STATE = "state", _("Landesmittel")


# Money not (yet) attributed to a place: summed apart, never in the totals of attributed funding.
NOT_ATTRIBUTED_KINDS = (FundingKind.APPLIED.value, FundingKind.PLANNED.value)


class LocalReference(models.Model):
    """Ortsbezug: a project concerns a municipality — what happens there and what money is attributable to it."""

    project = models.ForeignKey(
        "programmes.Project", on_delete=models.CASCADE, related_name="local_references", verbose_name=_("Projekt")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="local_references", verbose_name=_("Kommune")
    )
    description = models.TextField(_("Was dort geschieht"), blank=True)
    funding_eur = models.DecimalField(
        _("zurechenbare Förderung (Euro)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    funding_qualifier = models.CharField(_("Angabe"), max_length=16, blank=True, help_text=_("z. B. „rund“ (approx)"))
    funding_basis = models.CharField(
        _("Grundlage"), max_length=16, choices=FundingBasis.choices, default=FundingBasis.UNKNOWN
    )
    funding_kind = models.CharField(
        _("Art der Mittel"),
        max_length=16,
        choices=FundingKind.choices,
        blank=True,
        help_text=_("Wie das Dokument den Betrag nennt: beantragt, bewilligt, ausgezahlt …; leer: nicht angegeben."),
    )
    funding_kind_wording = models.CharField(
        _("Art der Mittel im Wortlaut"), max_length=120, blank=True, help_text=_("z. B. „eingereicht“")
    )
    funding_text = models.TextField(_("Förderangabe im Wortlaut"), blank=True)
    allocation_share = models.DecimalField(
        _("Anteil laut Schlüssel"),
        max_digits=7,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Nur für die Aufteilung „manueller Schlüssel“: Anteil dieses Ortes am Projektvolumen (0 bis 1)."),
    )

    history = HistoricalRecords()
    objects = LocalReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ortsbezug")
        verbose_name_plural = _("Ortsbezüge")
        ordering = ["project__code", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "municipality"], name="one_local_reference_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} – {self.municipality}"


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
