"""Every state change of a proposal, one named function each.

Views, commands and tests call these and nothing else to change a proposal.
Each runs in one transaction, checks the acting user's permission (None means
the system itself: a management command or the intake form), writes an audit
event (`ProposalEvent`, never with contact data) and lets django-simple-history
record who changed the row. Mail goes out only after the commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actors import require
from operations.caching import changes_public_data
from operations.digests import notify
from operations.errors import ServiceError
from operations.mail import send_on_commit
from operations.models import NotificationKind
from operations.site import absolute

from .models import (
    TAKEN_UP,
    Evaluation,
    EventKind,
    LinkRelation,
    MatchState,
    ModerationStatus,
    Outcome,
    Proposal,
    ProposalContact,
    ProposalEvent,
    ProposalLink,
    ProposalSource,
    SuggestedMatch,
)

log = logging.getLogger(__name__)
STATUS_SALT = "proposals.status"

DEFAULT_RETENTION_DAYS = 730


class ProposalError(ServiceError):
    """A state change that is not allowed; the message is German and can be shown to the user."""


def contact_retention_days() -> int:
    """How long contact data is kept after submission (setting PROPOSAL_CONTACT_RETENTION_DAYS)."""
    return int(getattr(settings, "PROPOSAL_CONTACT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def consent_text() -> str:
    days = contact_retention_days()
    return _(
        "Ich willige ein, dass die Leitstelle der Ruhr-Konferenz meine Kontaktdaten speichert, um mich zu meiner "
        "Projektidee zu kontaktieren und mir mitzuteilen, was aus ihr geworden ist. Die Kontaktdaten sind nur für "
        "die Leitstelle sichtbar, werden nicht veröffentlicht und nicht weitergegeben. Sie werden spätestens "
        "%(days)s Tage nach Eingang gelöscht, auf Wunsch (formlose Nachricht an die Leitstelle) sofort. "
        "Titel, Ziel, Hintergrund, Thema und betroffene Kommunen der Idee werden nach Prüfung veröffentlicht."
    ) % {"days": days}


# --- helpers -------------------------------------------------------------------------------


def _require(acting_user, perm: str, obj=None) -> None:
    require(acting_user, perm, obj, message=_("Dazu fehlt Ihnen die Berechtigung."))


def _actor(acting_user):
    # the public (an anonymous visitor of the form) and the system are stored as nobody
    return acting_user if acting_user.is_authenticated else None


def _record(proposal: Proposal | None, kind: str, acting_user, **details) -> ProposalEvent:
    label = f"{proposal.get_source_display()} Nr. {proposal.number}" if proposal is not None else ""
    return ProposalEvent.objects.create(
        proposal=proposal, proposal_label=label[:200], kind=kind, actor=_actor(acting_user), details=details
    )


def _save(proposal: Proposal, acting_user, fields: Iterable[str], reason: str) -> None:
    # simple-history takes the user from the request in views; commands and tests pass it here.
    proposal._history_user = _actor(acting_user)
    proposal._change_reason = reason[:100]
    proposal.save(update_fields=list(fields))


# --- intake and moderation -----------------------------------------------------------------


def status_token(proposal: Proposal) -> str:
    """What the status link carries: the idea's id, signed, so nobody can guess the link of another idea."""
    return signing.dumps(proposal.pk, salt=STATUS_SALT)


def proposal_from_status_token(token: str) -> Proposal | None:
    try:
        pk = signing.loads(token, salt=STATUS_SALT)
    except signing.BadSignature:
        return None
    return Proposal.objects.filter(pk=pk).first()


def status_url(proposal: Proposal) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("proposals:status", args=[status_token(proposal)])


def _notify_office(proposal: Proposal) -> None:
    """Tell the programme office that an idea waits for its review: in its daily digest, or at once for those who
    chose so (operations/digests.py). Written in the submission's transaction, so a failed submission tells nobody."""
    from accounts.models import Role, User

    review_path = reverse("proposals:office_review", args=[proposal.pk])
    notify(
        User.objects.filter(is_active=True, role=Role.PROGRAMME_OFFICE).exclude(email=""),
        kind=NotificationKind.PROPOSAL_RECEIVED,
        subject=_("Neue Projektidee: %(title)s (%(reference)s)")
        % {"title": proposal.title[:80], "reference": proposal.reference},
        template="proposals/mail/office_new.txt",
        context={"proposal": proposal, "review_url": absolute(review_path)},
        group=_("Projektideen"),
        item=f"{proposal.reference} {proposal.title}",
        text=_("eingegangen (%(source)s), wartet auf Prüfung und Freigabe") % {"source": proposal.get_source_display()},
        link=review_path,
    )


@dataclass
class ContactData:
    name: str
    email: str
    organisation: str = ""
    phone: str = ""


SUBMITTABLE_SOURCES = (
    ProposalSource.CHAMBER,
    ProposalSource.COMPANY,
    ProposalSource.MUNICIPALITY,
    ProposalSource.ASSOCIATION,
    ProposalSource.CITIZEN,
)


def submit_proposal(
    *,
    source: str,
    title: str,
    goal: str,
    background: str = "",
    theme: str = "",
    municipalities: Iterable = (),
    contact: ContactData,
    acting_user,
) -> Proposal:
    """A new idea through the public form: stored unpublished, with the submitter's contact and consent.

    `acting_user` is the visitor of the form (anonymous, stored as nobody) or a signed-in person."""
    _require(acting_user, "proposals.submit_proposal")
    if source not in SUBMITTABLE_SOURCES:
        raise ProposalError(
            _("Über das Formular reichen Kammern, Unternehmen, Kommunen, Verbände und Bürgerinnen und Bürger ein.")
        )
    now = timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                # The next number of this source; a concurrent submission hits the unique constraint and retries.
                number = (Proposal.objects.filter(source=source).aggregate(n=Max("number"))["n"] or 0) + 1
                proposal = Proposal(
                    source=source,
                    number=number,
                    title=title.strip(),
                    goal=goal.strip(),
                    background=background.strip(),
                    theme=theme.strip(),
                    status=ModerationStatus.SUBMITTED,
                    submitted_at=now,
                )
                proposal._history_user = _actor(acting_user)
                proposal.save()
                proposal.municipalities.set(list(municipalities))
                ProposalContact.objects.create(
                    proposal=proposal,
                    name=contact.name.strip(),
                    organisation=contact.organisation.strip(),
                    email=contact.email.strip(),
                    phone=contact.phone.strip(),
                    consent_text=consent_text(),
                    consented_at=now,
                )
                _record(proposal, EventKind.SUBMITTED, acting_user)
                # Queued on commit, sent by the task worker (operations/mail.py): a mail server that is down
                # neither undoes the submission nor holds up the form.
                send_on_commit(
                    to=[contact.email.strip()],
                    subject=_("Ihre Projektidee „%(title)s“ ist eingegangen (%(reference)s)")
                    % {"title": proposal.title[:80], "reference": proposal.reference},
                    template="proposals/mail/received.txt",
                    context={"proposal": proposal, "name": contact.name.strip(), "status_url": status_url(proposal)},
                )
                _notify_office(proposal)
                return proposal
        except IntegrityError:
            continue
    raise ProposalError(_("Die Projektidee konnte gerade nicht gespeichert werden. Bitte versuchen Sie es erneut."))


@changes_public_data
@transaction.atomic
def publish_proposal(proposal: Proposal, *, acting_user) -> Proposal:
    _require(acting_user, "proposals.moderate_proposal", proposal)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status == ModerationStatus.PUBLISHED:
        raise ProposalError(_("Die Projektidee ist bereits veröffentlicht."))
    proposal.status = ModerationStatus.PUBLISHED
    proposal.published_at = timezone.now()
    _save(proposal, acting_user, ["status", "published_at"], "veröffentlicht")
    _record(proposal, EventKind.PUBLISHED, acting_user)
    return proposal


@changes_public_data
@transaction.atomic
def reject_proposal(proposal: Proposal, *, acting_user, note: str) -> Proposal:
    """Keep a submission from the public (spam, insults, not about the Ruhr area); the note stays internal."""
    _require(acting_user, "proposals.moderate_proposal", proposal)
    if not note.strip():
        raise ProposalError(_("Bitte geben Sie an, warum die Projektidee nicht veröffentlicht wird."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status == ModerationStatus.REJECTED:
        raise ProposalError(_("Die Projektidee ist bereits von der Veröffentlichung ausgeschlossen."))
    proposal.status = ModerationStatus.REJECTED
    proposal.moderation_note = note.strip()
    proposal.published_at = None
    _save(proposal, acting_user, ["status", "moderation_note", "published_at"], "nicht veröffentlicht")
    _record(proposal, EventKind.REJECTED, acting_user)
    return proposal


# --- evaluation and decision ---------------------------------------------------------------


@transaction.atomic
def evaluate_proposal(
    proposal: Proposal,
    *,
    acting_user,
    effect: int,
    cost: int,
    benefit: int,
    effect_note: str = "",
    cost_note: str = "",
    benefit_note: str = "",
    summary: str = "",
) -> Evaluation:
    """Record one assessment of effect for the region, cost and benefit (1 = sehr gering … 5 = sehr hoch)."""
    _require(acting_user, "proposals.evaluate_proposal", proposal)
    if acting_user is None:
        raise ProposalError(_("Eine Bewertung braucht eine verantwortliche Person."))
    for label, value in ((_("Wirkung"), effect), (_("Kosten"), cost), (_("Nutzen"), benefit)):
        if value not in range(1, 6):
            raise ProposalError(_("%(label)s: Bitte einen Wert von 1 bis 5 wählen.") % {"label": label})
    evaluation = Evaluation.objects.create(
        proposal=proposal,
        effect=effect,
        effect_note=effect_note.strip(),
        cost=cost,
        cost_note=cost_note.strip(),
        benefit=benefit,
        benefit_note=benefit_note.strip(),
        summary=summary.strip(),
        evaluated_by=_actor(acting_user),
        evaluated_at=timezone.now(),
    )
    _record(
        proposal, EventKind.EVALUATED, acting_user, evaluation=evaluation.pk, effect=effect, cost=cost, benefit=benefit
    )
    return evaluation


@changes_public_data
@transaction.atomic
def decide_proposal(proposal: Proposal, *, acting_user, outcome: str, reason: str, projects: Iterable = ()) -> Proposal:
    """Record what became of a proposal and, for the taken-up outcomes, which projects took it up.

    The projects given replace the proposal's links (the history keeps the old ones);
    their suggestions count as confirmed from now on, so the matcher learns from them.
    """
    _require(acting_user, "proposals.decide_proposal", proposal)
    projects = list(dict.fromkeys(projects))
    if outcome not in Outcome.values:
        raise ProposalError(_("Unbekanntes Ergebnis."))
    if not reason.strip() and outcome != Outcome.OPEN:
        raise ProposalError(_("Bitte begründen Sie das Ergebnis; die Begründung wird veröffentlicht."))
    if outcome in TAKEN_UP and not projects:
        raise ProposalError(_("Bitte nennen Sie das Projekt, das die Idee aufgegriffen hat."))
    if outcome not in TAKEN_UP and projects:
        raise ProposalError(
            _("Projekte können nur bei „übernommen“, „eingeflossen“ oder „teilweise aufgegriffen“ genannt werden.")
        )
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status == ModerationStatus.REJECTED:
        raise ProposalError(_("Für eine nicht veröffentlichte Projektidee wird kein Ergebnis festgehalten."))

    wanted = {p.pk: p for p in projects}
    for link in ProposalLink.objects.filter(proposal=proposal).exclude(project_id__in=wanted):
        link._history_user = _actor(acting_user)
        link.delete()
        # A link the office took back is no longer a confirmed match; it may be suggested again.
        SuggestedMatch.objects.filter(proposal=proposal, project_id=link.project_id, state=MatchState.CONFIRMED).update(
            state=MatchState.SUGGESTED, reviewed_by=_actor(acting_user), reviewed_at=timezone.now()
        )
    for project in projects:
        _link(proposal, project, relation=outcome, reason=reason.strip(), acting_user=acting_user)

    proposal.outcome = outcome
    proposal.outcome_reason = reason.strip()
    proposal.decided_at = timezone.now()
    proposal.decided_by = _actor(acting_user)
    _save(proposal, acting_user, ["outcome", "outcome_reason", "decided_at", "decided_by"], f"Ergebnis: {outcome}")
    _record(proposal, EventKind.DECIDED, acting_user, outcome=outcome, projects=sorted(p.code for p in projects))
    contact = ProposalContact.objects.filter(proposal=proposal).first()
    if contact is not None and outcome != Outcome.OPEN:
        send_on_commit(
            to=[contact.email],
            subject=_("Was aus Ihrer Projektidee „%(title)s“ geworden ist") % {"title": proposal.title[:80]},
            template="proposals/mail/decided.txt",
            context={"proposal": proposal, "name": contact.name, "status_url": status_url(proposal)},
        )
    return proposal


def _link(proposal: Proposal, project, *, relation: str, reason: str, acting_user) -> ProposalLink:
    link = ProposalLink.objects.filter(proposal=proposal, project=project).first()
    if link is None:
        link = ProposalLink(proposal=proposal, project=project, created_by=_actor(acting_user))
    if link.pk and link.relation == relation and link.reason == reason:
        return link
    link.relation = relation
    link.reason = reason
    link._history_user = _actor(acting_user)
    link.save()
    match, _created = SuggestedMatch.objects.get_or_create(proposal=proposal, project=project)
    if match.state != MatchState.CONFIRMED:
        match.state = MatchState.CONFIRMED
        match.reviewed_by = _actor(acting_user)
        match.reviewed_at = timezone.now()
        match._history_user = _actor(acting_user)
        match.save()
    return link


# --- suggested matches ---------------------------------------------------------------------


@changes_public_data
@transaction.atomic
def confirm_match(
    proposal: Proposal,
    project,
    *,
    acting_user,
    relation: str = LinkRelation.PARTLY,
    reason: str = "",
    score: float | None = None,
    matched_terms: Iterable[str] = (),
) -> SuggestedMatch:
    """The office confirms that `project` took up `proposal`: the pair becomes a public link.

    An open proposal takes the link's relation as its outcome; a proposal already
    decided keeps its outcome (its reason stays the office's word).
    """
    _require(acting_user, "proposals.review_match", proposal)
    if relation not in LinkRelation.values:
        raise ProposalError(_("Unbekannte Art der Zuordnung."))
    if not reason.strip():
        raise ProposalError(_("Bitte begründen Sie die Zuordnung; die Begründung wird veröffentlicht."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.outcome == Outcome.NOT_PURSUED:
        raise ProposalError(_("Die Idee ist als „nicht weiterverfolgt“ entschieden; bitte zuerst das Ergebnis ändern."))
    match, _created = SuggestedMatch.objects.get_or_create(proposal=proposal, project=project)
    match.state = MatchState.CONFIRMED
    match.note = reason.strip()
    if score is not None:
        match.score = score
        match.matched_terms = list(matched_terms)
    match.reviewed_by = _actor(acting_user)
    match.reviewed_at = timezone.now()
    match._history_user = _actor(acting_user)
    match.save()
    _link(proposal, project, relation=relation, reason=reason.strip(), acting_user=acting_user)
    if proposal.outcome == Outcome.OPEN:
        proposal.outcome = relation
        proposal.outcome_reason = reason.strip()
        proposal.decided_at = timezone.now()
        proposal.decided_by = _actor(acting_user)
        _save(proposal, acting_user, ["outcome", "outcome_reason", "decided_at", "decided_by"], "Zuordnung bestätigt")
    _record(proposal, EventKind.MATCH_CONFIRMED, acting_user, project=project.code, relation=relation, score=score)
    return match


@changes_public_data
@transaction.atomic
def reject_match(
    proposal: Proposal,
    project,
    *,
    acting_user,
    reason: str = "",
    score: float | None = None,
    matched_terms: Iterable[str] = (),
) -> SuggestedMatch:
    """The office says `project` did not take up `proposal`: the pair is never suggested again."""
    _require(acting_user, "proposals.review_match", proposal)
    if ProposalLink.objects.filter(proposal=proposal, project=project).exists():
        raise ProposalError(
            _("Das Projekt ist mit der Idee verknüpft; bitte die Verknüpfung über das Ergebnis aufheben.")
        )
    match, _created = SuggestedMatch.objects.select_for_update().get_or_create(proposal=proposal, project=project)
    match.state = MatchState.REJECTED
    match.note = reason.strip()
    if score is not None:
        match.score = score
        match.matched_terms = list(matched_terms)
    match.reviewed_by = _actor(acting_user)
    match.reviewed_at = timezone.now()
    match._history_user = _actor(acting_user)
    match.save()
    _record(proposal, EventKind.MATCH_REJECTED, acting_user, project=project.code, score=score)
    return match


# --- privacy -------------------------------------------------------------------------------


@transaction.atomic
def delete_contact(proposal: Proposal, *, acting_user, reason: str = "") -> bool:
    """Delete the submitter's contact data at their request. True if there was any."""
    _require(acting_user, "proposals.delete_contact", proposal)
    deleted, _rows = ProposalContact.objects.filter(proposal=proposal).delete()
    if deleted:
        # The reason is the office's note ("E-Mail vom …"); it must not repeat the contact data.
        _record(proposal, EventKind.CONTACT_DELETED, acting_user, note=reason.strip()[:200])
    return bool(deleted)


@transaction.atomic
def purge_expired_contacts(
    *, now: datetime | None = None, retention_days: int | None = None, dry_run: bool = False, acting_user
) -> list[Proposal]:
    """Delete contact data stored longer than the retention period; returns the proposals concerned."""
    _require(acting_user, "proposals.delete_contact")
    days = contact_retention_days() if retention_days is None else retention_days
    if days < 0:
        raise ProposalError(_("Die Aufbewahrungsfrist kann nicht negativ sein."))
    cutoff = (now or timezone.now()) - timedelta(days=days)
    proposals = list(Proposal.objects.contact_expired(cutoff).order_by("source", "number"))
    if dry_run:
        return proposals
    ProposalContact.objects.filter(proposal__in=proposals).delete()
    for proposal in proposals:
        _record(proposal, EventKind.CONTACT_PURGED, acting_user, retention_days=days)
    return proposals
