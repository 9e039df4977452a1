"""Source documents, import runs and the provenance of every imported value."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from operations.errors import ServiceError

from .querysets import ProvenanceQuerySet, SourceDocumentQuerySet


class DocumentKind(models.TextChoices):
    PROGRESS_REPORT = "progress_report", _("Fortschrittsbericht")
    PROPOSAL_LIST = "proposal_list", _("Liste von Projektideen")
    PARLIAMENTARY_ANSWER = "parliamentary_answer", _("Antwort auf eine Kleine Anfrage")
    GOVERNMENT_REPORT = "government_report", _("Bericht der Landesregierung")
    PRESS_RELEASE = "press_release", _("Pressemitteilung")
    CORRECTION = "correction", _("Korrektur der Leitstelle")


class SourceDocument(models.Model):
    """A document the registry was filled from, identified by the SHA-256 of its bytes."""

    kind = models.CharField(_("Art"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("Titel"), max_length=500)
    filename = models.CharField(_("Dateiname"), max_length=255)
    file = models.FileField(_("Datei"), upload_to="sources/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    media_type = models.CharField(_("Dateityp"), max_length=100, default="text/plain")
    date = models.DateField(
        _("Datum"),
        null=True,
        blank=True,
        help_text=_("Veröffentlichungsdatum, wie es ein Dokument nennt (dieses oder date_source); sonst leer."),
    )
    # Which document states `date` (this one, or e.g. the press release announcing a report that names no date
    # of its own); the line is in the Provenance row (field "date"). Empty: no document states it.
    date_source = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dates_stated",
        verbose_name=_("Datum laut"),
    )
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

    @property
    def date_stated_elsewhere(self) -> bool:
        """True when another document (a press release) states this document's date; pages name it."""
        return self.date is not None and self.date_source_id is not None and self.date_source_id != self.pk

    def date_provenance(self) -> Provenance | None:
        """The line that states this document's date, in whichever document states it."""
        if self.date is None or self.date_source_id is None:
            return None
        return (
            Provenance.objects.for_record(self)
            .filter(field="date", document_id=self.date_source_id)
            .select_related("document")
            .first()
        )

    def publication_note(self) -> str:
        """The publication date in words for texts without markup (feeds, e-mails): the same field the
        pages show, with the document that states it."""
        if self.date is None:
            return str(_("Veröffentlichungsdatum nicht angegeben"))
        note = _("veröffentlicht am %(date)s") % {"date": f"{self.date:%d.%m.%Y}"}
        if self.date_stated_elsewhere:
            source = self.date_source
            note += (
                " ("
                + _("laut %(kind)s vom %(date)s")
                % {
                    "kind": source.get_kind_display(),
                    "date": f"{source.date:%d.%m.%Y}" if source.date else "?",
                }
                + ")"
            )
        return note

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


# --- frozen statements ------------------------------------------------------------------------------------
#
# What a document states is written once, by the import of that document (a parsed PDF, a published period,
# a correction of the office), and never changed afterwards: the published edition says what it says. A
# correction is a statement of its own document (kind "correction", see Correction). The import of a document
# is the only writer of its statements; `writing_statements_of` marks that window.

_documents_being_written: ContextVar[frozenset[int]] = ContextVar("documents_being_written", default=frozenset())


class FrozenStatementError(ServiceError, PermissionDenied):
    """A statement of a published document was to be changed; German message."""


@contextmanager
def writing_statements_of(document: SourceDocument) -> Iterator[None]:
    """Within this block, and only here, the statements of `document` may be written (its import)."""
    token = _documents_being_written.set(_documents_being_written.get() | {document.pk})
    try:
        yield
    finally:
        _documents_being_written.reset(token)


def refuse_rewrite(model: type[models.Model], document_ids) -> None:
    """Raise unless every one of these documents is being written by its own import right now."""
    writable = _documents_being_written.get()
    frozen = {pk for pk in document_ids if pk not in writable}
    if not frozen:
        return
    titles = ", ".join(
        f"„{title}“" for title in SourceDocument.objects.filter(pk__in=frozen).values_list("title", flat=True)
    )
    raise FrozenStatementError(
        _(
            "%(what)s aus %(documents)s ist veröffentlicht und wird nicht mehr geändert. "
            "Eine Berichtigung wird als eigene Angabe erfasst (Korrektur der Leitstelle) oder als Erratum."
        )
        % {"what": model._meta.verbose_name, "documents": titles or _("einem veröffentlichten Dokument")}
    )


class StatementQuerySetMixin:
    """Bulk writes to statements obey the same rule as `StatementModel.save()`."""

    def update(self, **kwargs):
        refuse_rewrite(self.model, set(self.values_list("document_id", flat=True)))
        return super().update(**kwargs)

    def delete(self):
        refuse_rewrite(self.model, set(self.values_list("document_id", flat=True)))
        return super().delete()


class StatementModel(SourcedModel):
    """A statement of a published edition (status, milestone, funding, section): frozen once written."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("document_id", flat=True).first()
            refuse_rewrite(type(self), {self.document_id, stored} - {None})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_rewrite(type(self), {self.document_id})
        return super().delete(*args, **kwargs)


class Correction(models.Model):
    """A correction by the programme office: who corrected which document's statement, when and why.

    The corrected figures are a statement of their own document (`document`, kind correction, whose text
    states them line by line), so they carry provenance like any other; the corrected statement stays as
    it was published and is shown beside it.
    """

    document = models.OneToOneField(
        SourceDocument, on_delete=models.PROTECT, related_name="correction", verbose_name=_("Korrektur (Dokument)")
    )
    corrects = models.ForeignKey(
        SourceDocument,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("berichtigt Angaben aus"),
    )
    reason = models.TextField(_("Grund"))
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("erfasst von")
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Korrektur der Leitstelle")
        verbose_name_plural = _("Korrekturen der Leitstelle")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.document)
