"""The portal's own data: editable pages (legal texts, Leichte Sprache), sign-language videos, the search index."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import Project


class ContentPageKind(models.TextChoices):
    IMPRINT = "impressum", _("Impressum")
    PRIVACY = "datenschutz", _("Datenschutzerklärung")
    ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")
    EASY_LANGUAGE = "leichte-sprache", _("Leichte Sprache")


class ContentPage(models.Model):
    """A page whose text the programme office writes in the admin (Impressum, Datenschutz, Barrierefreiheit).

    The body is plain text with a few conventions: a blank line starts a new
    paragraph, a line starting with "## " is a heading, lines starting with "- "
    form a list; web and e-mail addresses become links. No HTML is interpreted.
    """

    slug = models.SlugField(_("Seite"), max_length=32, unique=True, choices=ContentPageKind.choices)
    title = models.CharField(_("Überschrift"), max_length=200)
    body = models.TextField(
        _("Text"),
        help_text=_(
            "Leerzeile = neuer Absatz, „## “ am Zeilenanfang = Zwischenüberschrift, „- “ = Aufzählung. "
            "Web- und E-Mail-Adressen werden automatisch verlinkt."
        ),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:page", args=[self.slug])


class SearchWord(models.Model):
    """One distinct German stem of the search index (see portal.search): the small table a query's LIKE runs over.

    Tens of thousands of rows even for a nationwide programme, against millions of
    `SearchTerm` postings; the postings are then fetched by the matching stems through
    their index. Derived data, rebuilt with the index.
    """

    # unique: on PostgreSQL this also brings a varchar_pattern_ops index for the prefix LIKE
    term = models.CharField(_("Wortstamm"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("Wortstamm des Suchindex")
        verbose_name_plural = _("Wortstämme des Suchindex")

    def __str__(self) -> str:
        return self.term


class SearchTerm(models.Model):
    """A posting: one German stem of a project's public text, with the weight of the field it appears in.

    `term` is one of the `SearchWord` stems (kept in step by portal.indexing, not by a
    foreign key, so that every engine can look it up with plain equality and LIKE).
    `project_code` repeats the project's code, the ranking's tie-break: with it the
    ranking groups and orders the postings alone, instead of joining every posting of a
    frequent word to its project (at 100,000 projects that join was most of a search's time).
    A project's save re-indexes it, so the copy follows a changed code.
    """

    project = models.ForeignKey(
        "programmes.Project", on_delete=models.CASCADE, related_name="search_terms", verbose_name=_("Projekt")
    )
    project_code = models.CharField(_("Projektnummer"), max_length=10, default="")
    term = models.CharField(_("Wortstamm"), max_length=64)
    weight = models.PositiveSmallIntegerField(_("Gewicht"))

    class Meta:
        verbose_name = _("Suchbegriff")
        verbose_name_plural = _("Suchindex")
        constraints = [models.UniqueConstraint(fields=["project", "term"], name="search_term_once_per_project")]
        # Postings by stem, covering: the ranking reads them without touching the table; by weight within a
        # stem, so the best postings of a frequent word are read alone (search.OneWordTop).
        indexes = [models.Index(fields=["term", "weight", "project", "project_code"], name="search_posting_code_idx")]

    def __str__(self) -> str:
        return self.term


class SignLanguageTopic(models.TextChoices):
    """What BITV NRW § 4 asks a start page to explain in Deutsche Gebärdensprache, one video each."""

    PROGRAMME = "ruhr-konferenz", _("Was ist die Ruhr-Konferenz?")
    CONTENT = "angebot", _("Was finden Sie im Ruhr-Monitor?")
    NAVIGATION = "navigation", _("So finden Sie sich zurecht")
    CONTACT = "kontakt", _("So erreichen Sie uns")
    ACCESSIBILITY = "barrierefreiheit", _("Barrierefreiheit und Barrieren melden")


def sign_language_upload_to(instance: SignLanguageVideo, filename: str) -> str:
    # The stored name never comes from the uploader; the file type was checked from the bytes (forms.py).
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"gebaerdensprache/{instance.topic}.{extension}"


class SignLanguageVideo(models.Model):
    """One slot of the page in Deutsche Gebärdensprache: the office uploads the video, its captions and transcript."""

    topic = models.SlugField(_("Thema"), max_length=32, unique=True, choices=SignLanguageTopic.choices)
    video = models.FileField(
        _("Video"), upload_to=sign_language_upload_to, blank=True, help_text=_("MP4 oder WebM, höchstens 200 MB")
    )
    captions = models.FileField(
        _("Untertitel"),
        upload_to=sign_language_upload_to,
        blank=True,
        help_text=_("WebVTT-Datei (.vtt) mit den Untertiteln in deutscher Sprache"),
    )
    transcript = models.TextField(
        _("Abschrift"), help_text=_("Der Inhalt des Videos als Text, für alle, die das Video nicht sehen können.")
    )
    published = models.BooleanField(
        _("veröffentlicht"), default=False, help_text=_("Erst sichtbar, wenn Video, Untertitel und Abschrift da sind.")
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Video in Gebärdensprache")
        verbose_name_plural = _("Videos in Gebärdensprache")
        ordering = ["topic"]

    def __str__(self) -> str:
        return str(self.get_topic_display())

    @property
    def complete(self) -> bool:
        return bool(self.video and self.captions and self.transcript.strip())

    @property
    def shown(self) -> bool:
        return self.published and self.complete


def photo_upload_to(instance: ProjectPhoto, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"fotos/{instance.project_id}/{uuid.uuid4().hex}.{extension}"


class ProjectPhoto(models.Model):
    """A photo of a project with what a reader and the law need: caption, credit, licence and alternative text."""

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
