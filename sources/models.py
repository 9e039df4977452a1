"""Source documents, import runs and the provenance of every imported value."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import ProvenanceQuerySet, SourceDocumentQuerySet


class DocumentKind(models.TextChoices):
    PROGRESS_REPORT = "progress_report", _("Fortschrittsbericht")
    PROPOSAL_LIST = "proposal_list", _("Liste von Projektideen")
    PARLIAMENTARY_ANSWER = "parliamentary_answer", _("Antwort auf eine Kleine Anfrage")
    GOVERNMENT_REPORT = "government_report", _("Bericht der Landesregierung")
    PRESS_RELEASE = "press_release", _("Pressemitteilung")


class SourceDocument(models.Model):
    """A document the registry was filled from, identified by the SHA-256 of its bytes."""

    kind = models.CharField(_("Art"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("Titel"), max_length=500)
    filename = models.CharField(_("Dateiname"), max_length=255)
    file = models.FileField(_("Datei"), upload_to="sources/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    media_type = models.CharField(_("Dateityp"), max_length=100, default="text/plain")
    date = models.DateField(_("Datum"), null=True, blank=True)
    as_of = models.DateField(
        _("Stand"),
        null=True,
        blank=True,
        help_text=_("Sachstand, auf den sich der Inhalt bezieht; ordnet Dokumente zeitlich."),
    )
    year = models.PositiveSmallIntegerField(_("Berichtsjahr"), null=True, blank=True)
    reference = models.CharField(_("Fundstelle"), max_length=200, blank=True)
    text = models.TextField(
        _("Text"), help_text=_("Der gelesene Text; Zeilennummern der Herkunftsangaben beziehen sich darauf.")
    )
    line_count = models.PositiveIntegerField(_("Zeilen"), default=0)
    summary = models.JSONField(_("Kennzahlen laut Dokument"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("importiert am"), auto_now_add=True)

    objects = SourceDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Quelldokument")
        verbose_name_plural = _("Quelldokumente")
        ordering = ["-as_of", "title"]

    def __str__(self) -> str:
        return self.title

    def lines(self, start: int, end: int) -> list[tuple[int, str]]:
        """Numbered lines start..end (1-based, inclusive) for showing where a value came from."""
        all_lines = self.text.splitlines()
        start = max(start, 1)
        return [(n, all_lines[n - 1]) for n in range(start, min(end, len(all_lines)) + 1)]


class ImportStatus(models.TextChoices):
    SUCCEEDED = "succeeded", _("erfolgreich")
    UNCHANGED = "unchanged", _("unverändert (bereits importiert)")
    FAILED = "failed", _("fehlgeschlagen")


class ImportRun(models.Model):
    """One run of an importer: what it did and the data-quality report the office can read."""

    document = models.ForeignKey(
        SourceDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
        verbose_name=_("Dokument"),
    )
    importer = models.CharField(_("Importer"), max_length=100)
    filename = models.CharField(_("Dateiname"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("Status"), max_length=16, choices=ImportStatus.choices)
    started_at = models.DateTimeField(_("gestartet"), auto_now_add=True)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("ausgeführt von")
    )
    counts = models.JSONField(_("Änderungen"), default=dict, blank=True)
    warnings = models.JSONField(_("Hinweise"), default=list, blank=True)
    error = models.TextField(_("Fehler"), blank=True)

    class Meta:
        verbose_name = _("Importlauf")
        verbose_name_plural = _("Importläufe")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.importer} {self.filename} ({self.get_status_display()})"


class Provenance(models.Model):
    """Where one field of one record came from: document and line range, with the value as stated there."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("Feld"), max_length=64)
    document = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, related_name="provenance", verbose_name=_("Dokument")
    )
    start_line = models.PositiveIntegerField(_("von Zeile"))
    end_line = models.PositiveIntegerField(_("bis Zeile"))
    value = models.TextField(_("Wert laut Dokument"), blank=True)

    objects = ProvenanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Herkunftsangabe")
        verbose_name_plural = _("Herkunftsangaben")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "document"], name="provenance_once_per_document"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.field}: {self.document} Z. {self.start_line}–{self.end_line}"


class SourcedModel(models.Model):
    """A record that states what one document says (a milestone, a funding statement): it carries its own source."""

    document = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("Quelle"))
    start_line = models.PositiveIntegerField(_("von Zeile"), default=0)
    end_line = models.PositiveIntegerField(_("bis Zeile"), default=0)

    class Meta:
        abstract = True
