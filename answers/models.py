"""Kleine Anfragen of the Landtag and the government's answers to them.

A `ParliamentaryQuestion` is the paper as asked (Drucksache, askers, the questions) plus what the office
decides for its answer (Vorbemerkung, which projects go in, the wording per question). The figures of the
answer are not stored here: they are read from `answers.place_answers.build_answer` when the draft is shown or
exported, so the document always states what the registry states.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .querysets import ParliamentaryQuestionQuerySet


class QuestionStatus(models.TextChoices):
    RECEIVED = "received", _("eingegangen")
    DRAFTING = "drafting", _("in Bearbeitung")
    ANSWERED = "answered", _("beantwortet")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class ParliamentaryQuestion(models.Model):
    electoral_term = models.PositiveSmallIntegerField(_("Wahlperiode"), default=18)
    number = models.PositiveIntegerField(_("Nummer der Kleinen Anfrage"))
    printed_paper = models.CharField(
        _("Drucksache der Anfrage"), max_length=20, blank=True, help_text=_("z. B. 18/1234")
    )
    answer_printed_paper = models.CharField(
        _("Drucksache der Antwort"), max_length=20, blank=True, help_text=_("vergibt der Landtag; z. B. 18/1300")
    )
    title = models.CharField(_("Titel"), max_length=500)
    asked_on = models.DateField(_("Datum der Anfrage"), null=True, blank=True)
    askers = models.CharField(
        _("Abgeordnete"), max_length=500, help_text=_("Namen, durch Komma getrennt, wie in der Anfrage")
    )
    parties = models.CharField(_("Fraktion"), max_length=100, blank=True, help_text=_("z. B. SPD"))
    text = models.TextField(_("Text der Kleinen Anfrage"), blank=True)
    questioner_remark = models.TextField(_("Vorbemerkung der Kleinen Anfrage"), blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Kommune"),
    )
    district = models.ForeignKey(
        "places.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Kreis")
    )
    ministry = models.ForeignKey(
        "programmes.Ministry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("federführendes Ressort"),
    )
    due_on = models.DateField(_("Frist"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.RECEIVED
    )
    preliminary_remark = models.TextField(_("Vorbemerkung der Landesregierung"), blank=True)
    excluded_projects = models.ManyToManyField(
        "programmes.Project", blank=True, related_name="+", verbose_name=_("nicht aufgenommene Projekte")
    )
    projects = models.ManyToManyField(
        "programmes.Project",
        blank=True,
        related_name="parliamentary_questions",
        verbose_name=_("in der Antwort genannte Projekte"),
    )
    source_document = models.ForeignKey(
        "sources.SourceDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importiertes Dokument der Antwort"),
    )
    answered_on = models.DateField(_("beantwortet am"), null=True, blank=True)
    # What went to the Landtag, kept as sent: the registry may change later, the answer does not.
    sent_docx = models.FileField(_("versandte Antwort (Word)"), upload_to="answers/%Y/", blank=True)
    sent_pdf = models.FileField(_("versandte Antwort (PDF)"), upload_to="answers/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)
    # Optimistic lock: a save names the version its form was loaded with (compare-and-swap in services).
    version = models.PositiveIntegerField(_("Version"), default=1)

    # The choice of projects is part of the answer: its changes are versioned with the rest.
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[excluded_projects])
    objects = ParliamentaryQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kleine Anfrage")
        verbose_name_plural = _("Kleine Anfragen")
        ordering = ["-electoral_term", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["electoral_term", "number"], name="answers_question_unique_number"),
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=True) | models.Q(district__isnull=True),
                name="answers_question_one_place",
            ),
        ]

    def __str__(self) -> str:
        return f"Kleine Anfrage {self.number} ({self.electoral_term}. WP): {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("answers:detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("answers:public", args=[self.electoral_term, self.number])

    @property
    def subject(self) -> str:
        place = self.municipality or self.district
        return place.name if place else ""

    @property
    def asker_list(self) -> list[str]:
        return [name.strip() for name in self.askers.split(",") if name.strip()]


class Question(models.Model):
    """One numbered question of a Kleine Anfrage and the answer the office drafts for it."""

    parliamentary_question = models.ForeignKey(
        ParliamentaryQuestion, on_delete=models.CASCADE, related_name="questions", verbose_name=_("Kleine Anfrage")
    )
    number = models.PositiveSmallIntegerField(_("Nummer"))
    text = models.TextField(_("Frage"))
    answer = models.TextField(_("Antwort"), blank=True)
    lists_projects = models.BooleanField(
        _("mit Projekttabelle"),
        default=False,
        help_text=_("Die Antwort enthält die Projekte mit Ortsbezug und die Fördermittel aus dem Register."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["parliamentary_question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["parliamentary_question", "number"], name="answers_question_unique_item"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


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
        return reverse("answers:saved_query", args=[self.key])
