"""The registry: programme, action fields, ministries, projects and what the documents state about them.

Records that say what one document states (a status, a milestone list, a
funding statement, a report section) are kept per document (`SourcedModel`),
so a newer report adds to the history instead of overwriting it; the
project's current view is the newest document's statement.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sources.models import SourcedModel, StatementModel

from . import funding
from .querysets import (
    IndicatorQuerySet,
    IndicatorSuggestionQuerySet,
    MinistryQuerySet,
    ProjectQuerySet,
    SourcedQuerySet,
    StatementQuerySet,
)


class Programme(models.Model):
    name = models.CharField(_("Name"), max_length=200, unique=True)
    slug = models.SlugField(_("Kurzname"), unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    started = models.PositiveSmallIntegerField(_("Startjahr"), null=True, blank=True)

    class Meta:
        verbose_name = _("Programm")
        verbose_name_plural = _("Programme")

    def __str__(self) -> str:
        return self.name


class ActionField(models.Model):
    """Handlungsfeld."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="action_fields", verbose_name=_("Programm")
    )
    slug = models.SlugField(_("Kurzname"))
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzform"), max_length=50)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["programme", "slug"], name="action_field_slug_per_programme")]

    def __str__(self) -> str:
        return self.name


class Ministry(models.Model):
    """Ressort. Renamed after elections; `names` keeps every name it had, so projects keep their history."""

    abbreviation = models.CharField(_("Kürzel"), max_length=20, unique=True)
    name = models.CharField(_("Name"), max_length=300)
    slug = models.SlugField(_("Kurzname"), unique=True)

    history = HistoricalRecords()
    objects = MinistryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ressort")
        verbose_name_plural = _("Ressorts")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})"


class MinistryName(models.Model):
    ministry = models.ForeignKey(Ministry, on_delete=models.CASCADE, related_name="names", verbose_name=_("Ressort"))
    name = models.CharField(_("Name"), max_length=300)
    abbreviation = models.CharField(_("Kürzel"), max_length=20, blank=True)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)

    class Meta:
        verbose_name = _("Name eines Ressorts")
        verbose_name_plural = _("Namen der Ressorts")
        ordering = ["ministry", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["ministry", "name"], name="ministry_name_once")]

    def __str__(self) -> str:
        return self.name


class Pillar(models.TextChoices):
    GOVERNMENT = "ressortprojekt", _("Ressortprojekt")
    PARTNER = "partnerprojekt", _("Partnerprojekt")
    STATE_PROGRAMME = "landesprogramm", _("Landesprogramm mit besonderem Nutzen für das Ruhrgebiet")


class ProjectStatus(models.TextChoices):
    UNDER_REVIEW = "under_review", _("in Prüfung")
    IN_PROGRESS = "in_progress", _("in Umsetzung")
    COMPLETED = "completed", _("abgeschlossen")
    CONTINUED = "continued", _("verstetigt")
    NOT_PURSUED = "not_pursued", _("nicht weiterverfolgt")


class Project(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="projects", verbose_name=_("Programm")
    )
    code = models.CharField(_("Projektnummer"), max_length=10, unique=True, help_text=_("z. B. 13-03 oder 05-02a"))
    title = models.CharField(_("Titel"), max_length=500)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("Handlungsfeld"),
    )
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, null=True, blank=True, related_name="projects", verbose_name=_("Ressort")
    )
    pillar = models.CharField(_("Säule"), max_length=20, choices=Pillar.choices, default=Pillar.GOVERNMENT)
    status = models.CharField(_("Status"), max_length=16, choices=ProjectStatus.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("übergeordnetes Projekt"),
    )
    summary = models.TextField(_("Kurzbeschreibung"), blank=True)
    region_wide = models.BooleanField(
        _("wirkt im gesamten Ruhrgebiet"),
        default=False,
        help_text=_(
            "Regionsweite Projekte erscheinen in Antworten zu jeder Kommune als solche, ohne Aufteilung der Mittel."
        ),
    )
    links = models.JSONField(_("Weiterführende Informationen"), default=list, blank=True)

    history = HistoricalRecords()
    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("portal:project", args=[self.slug])

    def current_funding(self) -> FundingStatement | None:
        return self.funding_statements.newest_first().first()

    def current_milestones(self) -> models.QuerySet[Milestone]:
        """The milestone list of the newest document that lists milestones for this project."""
        newest = self.milestones.newest_first().values("document_id")[:1]
        return self.milestones.filter(document_id__in=newest).order_by("position")

    def current_sections(self) -> models.QuerySet[ProjectSection]:
        newest = self.sections.newest_first().values("document_id")[:1]
        return self.sections.filter(document_id__in=newest).order_by("position")


class SubProject(models.Model):
    """A named part of a project ("Baustellenkoordinierung" under 13-03)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="subprojects", verbose_name=_("Projekt")
    )
    name = models.CharField(_("Name"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Teilprojekt")
        verbose_name_plural = _("Teilprojekte")
        ordering = ["project", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="subproject_name_once")]

    def __str__(self) -> str:
        return self.name


class StatusRecord(StatementModel):
    """The status of a project as one document states it, in that document's own wording."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="status_records", verbose_name=_("Projekt")
    )
    status = models.CharField(_("Status"), max_length=16, choices=ProjectStatus.choices)
    wording = models.CharField(_("Wortlaut"), max_length=300, blank=True)
    basis = models.CharField(_("Begründung"), max_length=300, blank=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("Statusangabe")
        verbose_name_plural = _("Statusangaben")
        constraints = [models.UniqueConstraint(fields=["project", "document"], name="status_once_per_document")]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.get_status_display()}"


class Milestone(StatementModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("Projekt"))
    position = models.PositiveIntegerField(_("Reihenfolge"))
    year = models.PositiveSmallIntegerField(_("Jahr"))
    year_end = models.PositiveSmallIntegerField(_("bis Jahr"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("Monat"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("Tag"), null=True, blank=True)
    text = models.TextField(_("Text"))
    subproject = models.CharField(_("Teilprojekt"), max_length=300, blank=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "document", "position"], name="milestone_position_per_document")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.text[:60]}"


FundingStatementFields = funding.statement_model()


class FundingStatement(StatementModel, FundingStatementFields):
    """Projektvolumen as one document states it: the figures and the original wording (fields: programmes.funding)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="funding_statements", verbose_name=_("Projekt")
    )

    history = HistoricalRecords()
    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("Projektvolumen")
        verbose_name_plural = _("Projektvolumen")
        constraints = [models.UniqueConstraint(fields=["project", "document"], name="funding_once_per_document")]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.text[:80]}"

    @property
    def correction(self):
        """The office's correction record when this statement is one (who, when, why), else None."""
        if self.document.kind != "correction":
            return None
        return getattr(self.document, "correction", None)

    def effective(self) -> FundingStatement:
        """This statement, or the newest correction the office recorded for it (or for what it corrects)."""
        correction = self.correction
        origin = correction.corrects_id if correction is not None else self.document_id
        newest = (
            FundingStatement.objects.filter(project_id=self.project_id, document__correction__corrects_id=origin)
            .select_related("project", "document")
            .order_by("-document__correction__created_at", "-pk")
            .first()
        )
        return newest or self

    def corrected_statement(self) -> FundingStatement | None:
        """For a correction: the statement as the corrected edition published it, which stays quoted beside it."""
        correction = self.correction
        if correction is None:
            return None
        return (
            FundingStatement.objects.filter(project_id=self.project_id, document_id=correction.corrects_id)
            .select_related("document")
            .first()
        )


class ProjectSection(StatementModel):
    """A text section of a project page in a published report (Mehrwert, Vorgehen, Ausblick …)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sections", verbose_name=_("Projekt"))
    key = models.CharField(_("Abschnitt"), max_length=32)
    heading = models.CharField(_("Überschrift"), max_length=200)
    text = models.TextField(_("Text"))
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("Berichtsabschnitt")
        verbose_name_plural = _("Berichtsabschnitte")
        constraints = [models.UniqueConstraint(fields=["project", "document", "key"], name="section_once_per_document")]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.heading}"


class IndicatorDirection(models.TextChoices):
    INCREASE = "increase", _("steigend ist besser")
    DECREASE = "decrease", _("sinkend ist besser")


class Indicator(models.Model):
    """Kennzahl of a project ("Forschungsprofessuren besetzt")."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("Projekt"))
    name = models.CharField(_("Name"), max_length=300)
    unit = models.CharField(_("Einheit"), max_length=50, blank=True)
    direction = models.CharField(
        _("Richtung"), max_length=10, choices=IndicatorDirection.choices, default=IndicatorDirection.INCREASE
    )
    baseline = models.DecimalField(_("Ausgangswert"), max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_date = models.DateField(_("Ausgangswert, Stand"), null=True, blank=True)
    target = models.DecimalField(_("Zielwert"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_qualifier = models.CharField(_("Angabe zum Ziel"), max_length=16, blank=True)
    target_date = models.DateField(_("Ziel, bis"), null=True, blank=True)

    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")
        ordering = ["project", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="indicator_name_per_project")]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(SourcedModel):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("Kennzahl")
    )
    value = models.DecimalField(_("Wert"), max_digits=18, decimal_places=4)
    qualifier = models.CharField(_("Angabe"), max_length=16, blank=True)
    as_of = models.DateField(_("Stand"))
    sentence = models.TextField(_("Satz im Dokument"), blank=True)

    objects = SourcedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Wert einer Kennzahl")
        verbose_name_plural = _("Werte von Kennzahlen")
        ordering = ["indicator", "as_of"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.as_of})"


class SuggestionKind(models.TextChoices):
    ACHIEVED = "achieved", _("erreichter Wert")
    TARGET = "target", _("Ziel")


class SuggestionState(models.TextChoices):
    SUGGESTED = "suggested", _("vorgeschlagen")
    CONFIRMED = "confirmed", _("bestätigt")
    REJECTED = "rejected", _("verworfen")


class IndicatorSuggestion(SourcedModel):
    """A figure found in a document's text, offered to the programme office as a possible indicator value.

    Written by the importers (`sources.parsers.indicators`); decided only through
    `confirm_indicator_suggestion` and `reject_indicator_suggestion`. A decision without a person
    (`decided_by` empty, `decided_by_system` set) came from the reviewed reference set
    `load_indicator_reference`, not from someone at the office.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="indicator_suggestions", verbose_name=_("Projekt")
    )
    sentence = models.TextField(_("Satz im Dokument"))
    raw = models.CharField(_("Wortlaut der Zahl"), max_length=300)
    value = models.DecimalField(_("Wert"), max_digits=18, decimal_places=4)
    qualifier = models.CharField(_("Angabe"), max_length=16, blank=True)
    unit = models.CharField(_("Gezählt wird"), max_length=200, blank=True)
    kind = models.CharField(_("Art"), max_length=10, choices=SuggestionKind.choices, default=SuggestionKind.ACHIEVED)
    year = models.PositiveSmallIntegerField(_("Jahr laut Text"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("Monat laut Text"), null=True, blank=True)
    horizon = models.PositiveSmallIntegerField(_("Zieljahr laut Text"), null=True, blank=True)
    date_text = models.CharField(_("Zeitangabe"), max_length=200, blank=True)
    state = models.CharField(
        _("Stand der Prüfung"), max_length=10, choices=SuggestionState.choices, default=SuggestionState.SUGGESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_by_system = models.BooleanField(
        _("ohne Prüfung durch eine Person"),
        default=False,
        help_text=_("Aus dem geprüften Referenzsatz übernommen, nicht von einer Person der Leitstelle entschieden."),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("Kennzahl"),
    )
    indicator_value = models.ForeignKey(
        IndicatorValue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Wert")
    )
    created_at = models.DateTimeField(_("gefunden am"), auto_now_add=True)

    history = HistoricalRecords()

    objects = IndicatorSuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Vorschlag für eine Kennzahl")
        verbose_name_plural = _("Vorschläge für Kennzahlen")
        ordering = ["project", "document", "start_line"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "document", "start_line", "raw"], name="indicator_suggestion_once_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.raw}"


class RollupAggregation(models.TextChoices):
    """How a programme indicator is computed; the funding kinds read the projects' funding statements."""

    SUM = "sum", _("Summe der Werte der Projekte")
    PROJECT_COUNT = "project_count", _("Zahl der Projekte mit Wert")
    FUNDING_VOLUME = "funding_volume", _("Projektvolumen laut Projektvolumen-Angaben")
    FUNDING_SPENT = "funding_spent", _("Verausgabte Mittel laut Projektvolumen-Angaben")

    @classmethod
    def funding(cls) -> tuple[str, ...]:
        return (cls.FUNDING_VOLUME, cls.FUNDING_SPENT)


class ProgrammeIndicator(models.Model):
    """Kennzahl of the programme, defined by the programme office and rolled up from the projects.

    Contributions are project indicators chosen explicitly (`contributions`) and/or every project
    indicator whose unit equals `match_unit`; the funding kinds take every project's current funding
    statement instead. How the figure is computed honestly (qualifiers, dates, missing values) is
    `programmes.rollup`. Changed only through the services in `programmes/services.py`.
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("Programm")
    )
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    name = models.CharField(_("Name"), max_length=300)
    unit = models.CharField(_("Einheit"), max_length=50, blank=True)
    direction = models.CharField(
        _("Richtung"), max_length=10, choices=IndicatorDirection.choices, default=IndicatorDirection.INCREASE
    )
    aggregation = models.CharField(
        _("Berechnung"), max_length=16, choices=RollupAggregation.choices, default=RollupAggregation.SUM
    )
    match_unit = models.CharField(
        _("alle Kennzahlen der Projekte mit dieser Einheit"),
        max_length=50,
        blank=True,
        help_text=_("Leer lassen, wenn nur die ausgewählten Kennzahlen zählen sollen."),
    )
    contributions = models.ManyToManyField(
        Indicator, blank=True, related_name="programme_indicators", verbose_name=_("beitragende Kennzahlen")
    )
    target = models.DecimalField(_("Zielwert"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_qualifier = models.CharField(_("Angabe zum Ziel"), max_length=16, blank=True)
    target_date = models.DateField(_("Ziel, bis"), null=True, blank=True)
    baseline = models.DecimalField(_("Ausgangswert"), max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_date = models.DateField(_("Ausgangswert, Stand"), null=True, blank=True)
    method = models.TextField(_("Berechnungsweise"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    defined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zuletzt geändert von"),
    )
    defined_by_system = models.BooleanField(
        _("ohne Prüfung durch eine Person"),
        default=False,
        help_text=_("Vom System aus den Quelldokumenten angelegt, nicht von einer Person der Leitstelle geprüft."),
    )
    # compare-and-swap counter: of two concurrent edits exactly one wins, the other is told
    version = models.PositiveIntegerField(_("Version"), default=1)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[contributions])

    class Meta:
        verbose_name = _("Kennzahl des Programms")
        verbose_name_plural = _("Kennzahlen des Programms")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:programme_indicator", args=[self.slug])

    @property
    def is_funding(self) -> bool:
        return self.aggregation in RollupAggregation.funding()


def photo_upload_to(instance: ProjectPhoto, filename: str) -> str:
    # The stored name never comes from the uploader; the file type was checked from the bytes (forms.py).
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"fotos/{instance.project_id}/{uuid.uuid4().hex}.{extension}"


class ProjectPhoto(models.Model):
    """A photo of a project with what a reader and the law need: caption, credit, licence and alternative text.

    Part of the registry (the portal shows it, the printed report prints it); until issue 19 it was
    `portal.ProjectPhoto`, and the files stay where they were uploaded (`fotos/<project>/`).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="photos", verbose_name=_("Projekt"))
    image = models.FileField(_("Bild"), upload_to=photo_upload_to, help_text=_("JPEG, PNG oder WebP, höchstens 10 MB"))
    alt_text = models.CharField(
        _("Alternativtext"),
        max_length=300,
        help_text=_("Was auf dem Bild zu sehen ist, für Menschen, die es nicht sehen."),
    )
    caption = models.CharField(_("Bildunterschrift"), max_length=500, blank=True)
    credit = models.CharField(_("Urheber"), max_length=200, help_text=_("z. B. „Foto: Katja Marquard/RUB“"))
    licence = models.CharField(
        _("Lizenz"), max_length=200, help_text=_("z. B. „CC BY 4.0“ oder „alle Rechte vorbehalten“")
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=1)
    published = models.BooleanField(_("veröffentlicht"), default=False)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Foto eines Projekts")
        verbose_name_plural = _("Fotos der Projekte")
        ordering = ["project", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.alt_text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("portal:project_photo", args=[self.pk])
