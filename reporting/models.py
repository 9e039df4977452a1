"""The reporting cycle: periods, project reports, their audit trail, errata and render jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from operations.errors import ServiceError
from programmes.funding import draft_model
from programmes.models import ProjectStatus

from .querysets import ProjectReportQuerySet, ReportingPeriodQuerySet

# --- Reporting cycle (issue 4): periods, project reports, their audit trail and errata -----------------


class PeriodState(models.TextChoices):
    OPEN = "open", _("offen")
    PUBLISHED = "published", _("veröffentlicht")


class ReportState(models.TextChoices):
    """Workflow of one project's report. `published` is a system state: only publishing the period sets it."""

    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingereicht")
    CHANGES_REQUESTED = "changes_requested", _("Änderungen erbeten")
    APPROVED = "approved", _("freigegeben")
    PUBLISHED = "published", _("veröffentlicht")


# States in which the ministry still owes something; used by task lists, overdue counts and reminders.
OPEN_TASK_STATES = (ReportState.DRAFT, ReportState.CHANGES_REQUESTED)


class ReportingPeriod(models.Model):
    """Berichtsperiode: one edition of the progress report, from opening to the frozen, published record.

    The texts of the whole report (editorial, overview, closing outlook, imprint) live here; the
    project pages live in ProjectReport. Once published, `document` is the SourceDocument the
    registry statements point to, and nothing of the period changes any more (corrections: Erratum).
    """

    title = models.CharField(_("Titel"), max_length=200, unique=True, help_text=_("z. B. Fortschrittsbericht 2025"))
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    subtitle = models.CharField(_("Untertitel"), max_length=300, blank=True)
    cut_off = models.DateField(_("Stichtag"), help_text=_("Stand, auf den sich die Angaben beziehen."))
    due = models.DateField(_("Abgabefrist"), help_text=_("Bis dahin reichen die Ressorts ihre Berichte ein."))
    state = models.CharField(_("Zustand"), max_length=16, choices=PeriodState.choices, default=PeriodState.OPEN)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vorherige Berichtsperiode"),
    )
    editorial_heading = models.CharField(_("Editorial: Überschrift"), max_length=300, blank=True)
    editorial = models.TextField(_("Editorial"), blank=True)
    overview_heading = models.CharField(_("Überblick: Überschrift"), max_length=300, blank=True)
    overview = models.TextField(
        _("Überblick"),
        blank=True,
        help_text=_("Eine Zeile „Stand der Ressortprojekte“ markiert die Stelle, an der die Grafik erscheint."),
    )
    outlook_heading = models.CharField(_("Rückblick und Ausblick: Überschrift"), max_length=300, blank=True)
    outlook = models.TextField(_("Rückblick und Ausblick"), blank=True)
    imprint = models.TextField(_("Impressum"), blank=True)
    status_counts = models.JSONField(
        _("Stand aller Ressortprojekte"),
        default=dict,
        blank=True,
        help_text=_("Programmweite Zahlen je Status; beim Veröffentlichen festgeschrieben."),
    )
    previous_counts = models.JSONField(
        _("Zahlen des vorherigen Berichts laut Text"),
        default=dict,
        blank=True,
        help_text=_("Nur für Perioden, deren Vorgänger nicht im System ist (z. B. „Ende 2022: 24 abgeschlossen“)."),
    )
    document = models.OneToOneField(
        "sources.SourceDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_period",
        verbose_name=_("veröffentlichtes Dokument"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eröffnet von"),
    )
    opened_at = models.DateTimeField(_("eröffnet am"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("veröffentlicht von"),
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("Berichtsperiode")
        verbose_name_plural = _("Berichtsperioden")
        ordering = ["-cut_off"]
        constraints = [
            # Editors must never wonder which period they are writing for.
            models.UniqueConstraint(fields=["state"], condition=models.Q(state="open"), name="one_open_period"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.is_published:
            return reverse("reporting:period", args=[self.slug])
        return reverse("reporting:dashboard", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.state == PeriodState.PUBLISHED

    @property
    def is_open(self) -> bool:
        return self.state == PeriodState.OPEN

    @property
    def publication_date(self):
        """The one publication date every page, file and feed shows: the date its document states
        (itself or a press release; `document.date_source` says which), None when nobody states one."""
        if self.document_id is not None:
            return self.document.date
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def outlook_year(self) -> int:
        """The year the project pages look ahead to ("Ausblick 2025" in the report with cut-off end of 2024)."""
        return self.cut_off.year + 1


FundingDraftFields = draft_model()


class ProjectReport(FundingDraftFields):
    """One project's page in one period: what the ministry reports, in the fixed structure of the report.

    Content is copied in when the period opens (from the previous period or the registry), edited by
    the ministry, reviewed and, when the period is published, turned into registry statements with
    provenance. `version` is the optimistic lock: a save names the version it started from.
    """

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="reports", verbose_name=_("Berichtsperiode")
    )
    project = models.ForeignKey(
        "programmes.Project", on_delete=models.PROTECT, related_name="reports", verbose_name=_("Projekt")
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    action_field = models.ForeignKey(
        "programmes.ActionField",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Handlungsfeld"),
    )
    state = models.CharField(
        _("Bearbeitungsstand"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT
    )
    version = models.PositiveIntegerField(_("Version"), default=1)

    # content, in the order of a project page
    title = models.CharField(_("Titel"), max_length=500)
    responsible = models.CharField(_("Verantwortlich"), max_length=300, blank=True)
    status = models.CharField(_("Projektstatus"), max_length=16, choices=ProjectStatus.choices, blank=True)
    previous_status = models.CharField(
        _("Projektstatus im vorherigen Bericht"),
        max_length=16,
        choices=ProjectStatus.choices,
        blank=True,
        editable=False,
    )
    summary = models.TextField(_("Kurzbeschreibung"), blank=True)
    milestones = models.JSONField(_("Meilensteine seit Projektstart"), default=list, blank=True)
    value_added = models.TextField(_("Mehrwert"), blank=True)
    approach = models.TextField(_("Vorgehen"), blank=True)
    target_groups = models.TextField(_("Zielgruppe"), blank=True)
    recent_development = models.TextField(_("Jüngste Entwicklung"), blank=True)
    current_status = models.TextField(_("Aktueller Stand"), blank=True)
    outlook = models.TextField(_("Ausblick"), blank=True)
    result = models.TextField(_("Projektergebnis"), blank=True)
    # funding_text … annual_qualifier: from programmes.funding (FundingDraftFields)
    indicators = models.JSONField(_("Kennzahlen"), default=list, blank=True)
    local_references = models.JSONField(_("Ortsbezüge"), default=list, blank=True)
    links = models.JSONField(_("Weiterführende Informationen"), default=list, blank=True)

    # workflow bookkeeping (the full trail is in ReportEvent and the history)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zuletzt geändert von"),
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eingereicht von"),
    )
    approved_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("freigegeben von"),
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ProjectReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Projektbericht")
        verbose_name_plural = _("Projektberichte")
        ordering = ["period", "position", "project__code"]
        constraints = [models.UniqueConstraint(fields=["period", "project"], name="one_report_per_project_and_period")]

    def __str__(self) -> str:
        return f"{self.period.title}: {self.title} ({self.project.code})"

    def save(self, *args, **kwargs):
        if getattr(self, "_loaded_state", None) == ReportState.PUBLISHED:
            raise FrozenReportError(
                _("Ein veröffentlichter Bericht ist eingefroren; Korrekturen gehören in ein Erratum.")
            )
        super().save(*args, **kwargs)
        self._loaded_state = self.state

    def get_absolute_url(self) -> str:
        return reverse("reporting:report", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember the stored state: a report that was published when loaded may never be saved again.
        instance._loaded_state = getattr(instance, "state", None)
        return instance

    @property
    def due(self):
        """The deadline of this report: its ministry's own, if the office set one, else the period's."""
        deadline = MinistryDeadline.objects.filter(period_id=self.period_id, ministry_id=self.project.ministry_id)
        return deadline.values_list("due", flat=True).first() or self.period.due

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.state in OPEN_TASK_STATES and self.period.is_open and self.due < timezone.localdate()


class FrozenReportError(ServiceError):
    """Raised when code tries to save a report of a published period."""


class EventAction(models.TextChoices):
    OPENED = "opened", _("Berichtsperiode eröffnet")
    TEXTS_SAVED = "texts_saved", _("Berichtstexte gespeichert")
    SAVED = "saved", _("gespeichert")
    SUBMITTED = "submitted", _("eingereicht")
    CHANGES_REQUESTED = "changes_requested", _("Änderungen erbeten")
    APPROVED = "approved", _("freigegeben")
    COMMENTED = "commented", _("kommentiert")
    RESTORED = "restored", _("frühere Version wiederhergestellt")
    REMINDED = "reminded", _("Erinnerung versandt")
    PUBLISHED = "published", _("veröffentlicht")
    ERRATUM = "erratum", _("Erratum veröffentlicht")
    CREATED_FROM_DOCUMENT = "created_from_document", _("aus einem veröffentlichten Dokument übernommen")
    INDICATOR_ADDED = "indicator_added", _("Kennzahl angelegt")
    INDICATOR_CHANGED = "indicator_changed", _("Kennzahl geändert")
    INDICATOR_VALUE_SET = "indicator_value_set", _("Wert einer Kennzahl eingetragen")
    INDICATOR_VALUE_REMOVED = "indicator_value_removed", _("Wert einer Kennzahl entfernt")
    INDICATOR_REMOVED = "indicator_removed", _("Kennzahl aus dem Bericht genommen")
    MINISTRY_ASSIGNED = "ministry_assigned", _("Ressort zugeordnet")
    CARRIED_OVER = "carried_over", _("unverändert übernommen und eingereicht")


class MinistryDeadline(models.Model):
    """A ministry's own deadline in a period (an extension, or an earlier date for a ministry that reports
    first); without one, the period's deadline applies."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="ministry_deadlines", verbose_name=_("Berichtsperiode")
    )
    ministry = models.ForeignKey(
        "programmes.Ministry", on_delete=models.CASCADE, related_name="+", verbose_name=_("Ressort")
    )
    due = models.DateField(_("Abgabefrist"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("festgelegt von"),
    )
    set_at = models.DateTimeField(_("festgelegt am"), auto_now=True)

    class Meta:
        verbose_name = _("Abgabefrist eines Ressorts")
        verbose_name_plural = _("Abgabefristen der Ressorts")
        constraints = [models.UniqueConstraint(fields=["period", "ministry"], name="one_deadline_per_ministry")]

    def __str__(self) -> str:
        return f"{self.period} / {self.ministry_id}: {self.due:%d.%m.%Y}"


class ReportEvent(models.Model):
    """The audit trail of the cycle: every state change, comment and reminder, with who and when.

    Comments of reviewers (and the comment that comes with a change request) are events too, so the
    conversation about a report reads in one place, in order.
    """

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="events", verbose_name=_("Berichtsperiode")
    )
    report = models.ForeignKey(
        ProjectReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Projektbericht"),
    )
    action = models.CharField(_("Vorgang"), max_length=32, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("durch"),
    )
    created_at = models.DateTimeField(_("am"), auto_now_add=True)
    comment = models.TextField(_("Kommentar"), blank=True)
    version = models.PositiveIntegerField(_("Version"), null=True, blank=True)

    class Meta:
        verbose_name = _("Vorgang im Berichtswesen")
        verbose_name_plural = _("Vorgänge im Berichtswesen")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%d.%m.%Y %H:%M})"


class Erratum(models.Model):
    """A visible correction to a published period; the published text itself never changes."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="errata", verbose_name=_("Berichtsperiode")
    )
    project = models.ForeignKey(
        "programmes.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="errata",
        verbose_name=_("betrifft Projekt"),
    )
    text = models.TextField(_("Korrektur"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    created_at = models.DateTimeField(_("veröffentlicht am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Erratum")
        verbose_name_plural = _("Errata")
        ordering = ["period", "created_at"]

    def __str__(self) -> str:
        return f"{self.period.title}: {self.text[:60]}"


class RenderState(models.TextChoices):
    QUEUED = "queued", _("wartet")
    RUNNING = "running", _("wird erstellt")
    DONE = "done", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")


class RenderJob(models.Model):
    """A report file being rendered in the background, with progress the requester can watch.

    The file itself lives in the content-hash cache (reporting.documents.storage.cached); the job only
    says how far it is and where to fetch the result.
    """

    key = models.UUIDField(_("Schlüssel"), default=uuid.uuid4, unique=True, editable=False)
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="render_jobs", verbose_name=_("Berichtsperiode")
    )
    fmt = models.CharField(_("Format"), max_length=8)
    draft = models.BooleanField(_("Entwurfsvorschau"), default=False)
    content_hash = models.CharField(_("Inhalts-Prüfsumme"), max_length=64)
    state = models.CharField(_("Zustand"), max_length=16, choices=RenderState.choices, default=RenderState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0)
    message = models.CharField(_("Meldung"), max_length=200, blank=True)
    error = models.TextField(_("Fehler"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angefordert von"),
    )
    created_at = models.DateTimeField(_("angefordert am"), auto_now_add=True)
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Berichtserstellung")
        verbose_name_plural = _("Berichtserstellungen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.period.title} ({self.fmt}, {self.get_state_display()})"
