"""Project ideas (Vorschläge) from chambers, municipalities, associations and citizens, and what became of them.

The chambers' list is imported from its source document; citizens and
organisations submit ideas through the public form (moderated before anyone
sees them). The programme office evaluates each idea (effect, cost, benefit),
records a decision and links it to the projects that took it up; the matcher
suggests such links and remembers which ones the office confirmed or rejected.

Contact data of submitters lives in its own table without version history,
so that deleting it (on request or after the retention period) really deletes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sources.models import SourcedModel, SourceDocument

from .querysets import ProposalLinkQuerySet, ProposalQuerySet, SuggestedMatchQuerySet


class ProposalSource(models.TextChoices):
    CHAMBERS = "ihk", _("IHKs und HWKs im Ruhrgebiet")  # the imported joint list of 2018
    CHAMBER = "kammer", _("Kammer (IHK/HWK)")
    COMPANY = "unternehmen", _("Unternehmen")
    MUNICIPALITY = "kommune", _("Kommune")
    ASSOCIATION = "verband", _("Verband")
    CITIZEN = "buerger", _("Bürgerinnen und Bürger")


class ModerationStatus(models.TextChoices):
    """Whether the public may see a proposal. Set by the system on intake, then by the office."""

    SUBMITTED = "submitted", _("eingegangen, noch nicht geprüft")
    PUBLISHED = "published", _("veröffentlicht")
    REJECTED = "rejected", _("nicht veröffentlicht")


class Outcome(models.TextChoices):
    """What became of a proposal: the office's decision."""

    OPEN = "open", _("offen")
    ADOPTED = "adopted", _("als Projekt übernommen")
    MERGED = "merged", _("in ein Projekt eingeflossen")
    PARTLY = "partly", _("teilweise aufgegriffen")
    NOT_PURSUED = "not_pursued", _("nicht weiterverfolgt")


TAKEN_UP = (Outcome.ADOPTED, Outcome.MERGED, Outcome.PARTLY)


class LinkRelation(models.TextChoices):
    """How a project took up a proposal; the codes are those of the matching outcomes."""

    ADOPTED = Outcome.ADOPTED.value, _("als Projekt übernommen")
    MERGED = Outcome.MERGED.value, _("eingeflossen")
    PARTLY = Outcome.PARTLY.value, _("teilweise aufgegriffen")


class Rating(models.IntegerChoices):
    VERY_LOW = 1, _("sehr gering")
    LOW = 2, _("gering")
    MEDIUM = 3, _("mittel")
    HIGH = 4, _("hoch")
    VERY_HIGH = 5, _("sehr hoch")


class MatchState(models.TextChoices):
    SUGGESTED = "suggested", _("vorgeschlagen")
    CONFIRMED = "confirmed", _("bestätigt")
    REJECTED = "rejected", _("verworfen")


class Proposal(SourcedModel):
    # Submissions through the form have no source document; imported ones keep theirs.
    document = models.ForeignKey(
        SourceDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Quelle")
    )
    source = models.CharField(_("Herkunft"), max_length=16, choices=ProposalSource.choices)
    number = models.PositiveSmallIntegerField(_("Nummer"))
    title = models.CharField(_("Titel"), max_length=500)
    theme = models.CharField(_("Thema"), max_length=200, blank=True)
    goal = models.TextField(_("Ziel"), blank=True)
    background = models.TextField(_("Hintergrund"), blank=True)
    municipalities = models.ManyToManyField(
        "places.Municipality", blank=True, related_name="proposals", verbose_name=_("betroffene Kommunen")
    )

    status = models.CharField(
        _("Freigabe"), max_length=16, choices=ModerationStatus.choices, default=ModerationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    moderation_note = models.TextField(
        _("Vermerk zur Freigabe"), blank=True, help_text=_("Intern; z. B. warum ein Beitrag nicht veröffentlicht wird.")
    )

    outcome = models.CharField(_("Ergebnis"), max_length=16, choices=Outcome.choices, default=Outcome.OPEN)
    outcome_reason = models.TextField(_("Begründung des Ergebnisses"), blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )

    history = HistoricalRecords()
    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("Projektidee")
        verbose_name_plural = _("Projektideen")
        ordering = ["source", "number"]
        constraints = [models.UniqueConstraint(fields=["source", "number"], name="proposal_number_per_source")]
        indexes = [models.Index(fields=["status", "outcome"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def reference(self) -> str:
        """The number a submitter quotes when asking about her idea: "IDEE-KAMMER-3"."""
        return f"IDEE-{self.source.upper()}-{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.source, self.number])

    def source_url(self) -> str:
        """The lines of the source document this proposal was read from ("" for submissions)."""
        if self.document_id is None:
            return ""
        base = reverse("portal:source", args=[self.document_id])
        return f"{base}?von={self.start_line}&bis={self.end_line}#L{self.start_line}"

    @property
    def is_public(self) -> bool:
        return self.status == ModerationStatus.PUBLISHED

    @property
    def is_taken_up(self) -> bool:
        return self.outcome in TAKEN_UP

    def latest_evaluation(self) -> Evaluation | None:
        return self.evaluations.order_by("-evaluated_at", "-pk").first()


class ProposalContact(models.Model):
    """Who submitted a proposal and how to reach them. Only the office sees it; never exported, never versioned."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="contact", verbose_name=_("Projektidee")
    )
    name = models.CharField(_("Name"), max_length=200)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"))
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    consent_text = models.TextField(_("Einwilligungstext"), help_text=_("Der Wortlaut, dem zugestimmt wurde."))
    consented_at = models.DateTimeField(_("eingewilligt am"))
    created_at = models.DateTimeField(_("gespeichert am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Kontaktdaten")
        verbose_name_plural = _("Kontaktdaten")

    def __str__(self) -> str:
        # Deliberately no personal data: this string may end up in logs and admin messages.
        return f"Kontakt zu Projektidee {self.proposal_id}"


class Evaluation(models.Model):
    """One assessment by the office: effect for the region, cost and benefit, each as a scale and in words.

    Assessments are never edited; a new one is added, so the record shows who judged what and when.
    """

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("Projektidee")
    )
    effect = models.PositiveSmallIntegerField(_("Wirkung für die Region"), choices=Rating.choices)
    effect_note = models.TextField(_("Wirkung – Begründung"), blank=True)
    cost = models.PositiveSmallIntegerField(_("Kosten"), choices=Rating.choices)
    cost_note = models.TextField(_("Kosten – Begründung"), blank=True)
    benefit = models.PositiveSmallIntegerField(_("Nutzen"), choices=Rating.choices)
    benefit_note = models.TextField(_("Nutzen – Begründung"), blank=True)
    summary = models.TextField(_("Gesamteinschätzung"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("bewertet von")
    )
    evaluated_at = models.DateTimeField(_("bewertet am"))

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        ordering = ["proposal", "-evaluated_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(effect__gte=1, effect__lte=5), name="evaluation_effect_scale"),
            models.CheckConstraint(condition=models.Q(cost__gte=1, cost__lte=5), name="evaluation_cost_scale"),
            models.CheckConstraint(condition=models.Q(benefit__gte=1, benefit__lte=5), name="evaluation_benefit_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.evaluated_at:%d.%m.%Y}"


class ProposalLink(models.Model):
    """A project took up a proposal (wholly, merged, or in part), with the reason the public reads."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="links", verbose_name=_("Projektidee")
    )
    # PROTECT: a project with ideas attached cannot vanish silently from the record.
    project = models.ForeignKey(
        "programmes.Project", on_delete=models.PROTECT, related_name="proposal_links", verbose_name=_("Projekt")
    )
    relation = models.CharField(_("Art"), max_length=16, choices=LinkRelation.choices)
    reason = models.TextField(_("Begründung"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ProposalLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("Verknüpfung mit einem Projekt")
        verbose_name_plural = _("Verknüpfungen mit Projekten")
        ordering = ["proposal", "project__code"]
        constraints = [models.UniqueConstraint(fields=["proposal", "project"], name="proposal_link_once")]

    def __str__(self) -> str:
        return f"{self.proposal.number} → {self.project.code}"


class SuggestedMatch(models.Model):
    """A pair the matcher proposed and what the office said about it.

    Rejected pairs stay forever, so they are never suggested again; confirmed
    pairs feed the matcher (see proposals.suggestions).
    """

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="matches", verbose_name=_("Projektidee")
    )
    project = models.ForeignKey(
        "programmes.Project", on_delete=models.CASCADE, related_name="suggested_proposals", verbose_name=_("Projekt")
    )
    state = models.CharField(_("Stand"), max_length=16, choices=MatchState.choices, default=MatchState.SUGGESTED)
    score = models.FloatField(_("Ähnlichkeit"), null=True, blank=True)
    matched_terms = models.JSONField(_("übereinstimmende Begriffe"), default=list, blank=True)
    note = models.TextField(_("Vermerk"), blank=True)
    suggested_at = models.DateTimeField(_("vorgeschlagen am"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)

    history = HistoricalRecords()
    objects = SuggestedMatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("vorgeschlagene Zuordnung")
        verbose_name_plural = _("vorgeschlagene Zuordnungen")
        ordering = ["proposal", "-score"]
        constraints = [models.UniqueConstraint(fields=["proposal", "project"], name="suggested_match_once")]

    def __str__(self) -> str:
        return f"{self.proposal.number} ~ {self.project.code} ({self.get_state_display()})"


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("eingereicht")
    PUBLISHED = "published", _("veröffentlicht")
    REJECTED = "rejected", _("nicht veröffentlicht")
    EVALUATED = "evaluated", _("bewertet")
    DECIDED = "decided", _("Ergebnis festgehalten")
    MATCH_CONFIRMED = "match_confirmed", _("Zuordnung bestätigt")
    MATCH_REJECTED = "match_rejected", _("Zuordnung verworfen")
    CONTACT_DELETED = "contact_deleted", _("Kontaktdaten auf Wunsch gelöscht")
    CONTACT_PURGED = "contact_purged", _("Kontaktdaten nach Fristablauf gelöscht")


class ProposalEvent(models.Model):
    """Audit trail: one row per state change, with who did it. Never holds contact data."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, related_name="events", verbose_name=_("Projektidee")
    )
    proposal_label = models.CharField(_("Projektidee (Text)"), max_length=200)
    kind = models.CharField(_("Vorgang"), max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ausgeführt von"),
    )
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    details = models.JSONField(_("Einzelheiten"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Vorgang")
        verbose_name_plural = _("Vorgänge")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.proposal_label}: {self.get_kind_display()}"

    @property
    def outcome_label(self) -> str:
        """The decision as the office reads it ("in ein Projekt eingeflossen"), not its code ("merged")."""
        code = (self.details or {}).get("outcome", "")
        return str(Outcome(code).label) if code in Outcome.values else code
