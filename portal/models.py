"""The portal's own data: editable pages (legal texts, Leichte Sprache), sign-language videos, the search index."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Project photos moved to the registry (issue 19); migration 0006, which created them here, names this upload path.
from programmes.models import photo_upload_to  # noqa: F401

from .search import FIELDS as SEARCH_FIELDS


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


class SearchDocumentQuerySet(models.QuerySet):
    def postings(self):
        """(project_id, stem, weight) of every stem of these documents: the rows `search.rank` ranks by."""
        for project_id, *columns in self.values_list("project_id", *(name for name, _weight in SEARCH_FIELDS)):
            for (_name, weight), text in zip(SEARCH_FIELDS, columns, strict=True):
                for term in text.split():
                    yield project_id, term, weight


class SearchDocument(models.Model):
    """One published project as the search reads it: the German stems of its page, by the field they come from.

    Each column holds the stems of one kind of field (code, title, names, summary, places, text), space-separated
    with a space before and after, so that a stem's match is a LIKE on the column: `' klima '` exact, `' klima'` at
    the start of a compound, `'klima'` inside one. A stem stands only in the column of its weightiest field (its
    score there is the best it can get), and `stems` holds them all, for the match of a query word. One row per
    project instead of one per stem and project: at 100,000 projects a frequent word is a bitmap over 100,000 rows
    (a trigram index on PostgreSQL, migration 0008) rather than a group over 300,000 postings, and the best hits of
    a word are found in code order field by field (`search.TopCut`). Derived data, rebuilt by portal.indexing.
    `project_code` repeats the project's code, the ranking's tie-break, so the ranking never joins the project.
    """

    project = models.OneToOneField(
        "programmes.Project",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("Projekt"),
    )
    project_code = models.CharField(_("Projektnummer"), max_length=10, db_index=True)
    # The project's own filter values, copied: a filtered search then narrows the documents by their own indexes
    # before it reads their stems, instead of matching every document of a frequent word and joining projects.
    # The same lookups (`action_field__slug`, `status`, `ministry`, `pillar`) work on Project and on this model.
    action_field = models.ForeignKey(
        "programmes.ActionField",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Handlungsfeld"),
    )
    ministry = models.ForeignKey(
        "programmes.Ministry", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("Ressort")
    )
    status = models.CharField(_("Status"), max_length=16, blank=True, db_index=True)
    pillar = models.CharField(_("Säule"), max_length=20, blank=True, db_index=True)
    codes = models.TextField(_("Wortstämme der Projektnummer"), default=" ")
    titles = models.TextField(_("Wortstämme des Titels"), default=" ")
    names = models.TextField(_("Wortstämme der Namen"), default=" ")
    summaries = models.TextField(_("Wortstämme der Kurzbeschreibung"), default=" ")
    places = models.TextField(_("Wortstämme der Orte"), default=" ")
    texts = models.TextField(_("Wortstämme der Berichtstexte"), default=" ")
    stems = models.TextField(_("Alle Wortstämme"), default=" ")

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Suchdokument")
        verbose_name_plural = _("Suchindex")

    def __str__(self) -> str:
        return self.project_code


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
