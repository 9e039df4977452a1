"""State changes: one service each, atomic, permission-checked, audited and versioned."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accounts.actors import SYSTEM
from proposals import services
from proposals.models import (
    EventKind,
    MatchState,
    ModerationStatus,
    Outcome,
    Proposal,
    ProposalContact,
    ProposalEvent,
    ProposalLink,
    SuggestedMatch,
)
from sources.models import Provenance
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
# `imported_with_proposals`: the shared import of the module includes the chambers' ideas (root conftest.py)
SHARED_IMPORT_WITH_PROPOSALS = True


@pytest.fixture
def projects(db):
    return {
        code: ProjectFactory(code=code, title=title, slug=code, field_slug=None, status="")
        for code, title in [("13-03", "Mobilitätszentrale"), ("13-05", "Mobilität für den Industriestandort")]
    }


def kinds(proposal) -> list[str]:
    return list(ProposalEvent.objects.filter(proposal=proposal).order_by("at", "pk").values_list("kind", flat=True))


def test_submission_is_stored_unpublished_with_contact_and_numbered(
    make_submission, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_submission()
    second = make_submission(title="Zweite Idee zum Radverkehr")
    assert (first.number, second.number) == (1, 2)
    assert first.status == ModerationStatus.SUBMITTED and first.outcome == Outcome.OPEN
    assert first.submitted_at is not None and first.document is None
    contact = ProposalContact.objects.get(proposal=first)
    assert contact.email == "erika.mustermann@example.org"
    assert "Tage nach Eingang gelöscht" in contact.consent_text
    assert kinds(first) == [EventKind.SUBMITTED]
    assert [m.to for m in mailoutbox] == [["erika.mustermann@example.org"]]
    assert not Proposal.objects.public().filter(pk=first.pk).exists()


def test_only_citizens_associations_and_municipalities_submit_through_the_form(make_submission):
    with pytest.raises(services.ProposalError):
        make_submission(source="ihk")


def test_publish_and_reject_are_office_actions_with_history(make_submission, people):
    proposal = make_submission()
    with pytest.raises(PermissionDenied):
        services.publish_proposal(proposal, acting_user=people.reviewer)
    proposal = services.publish_proposal(proposal, acting_user=people.office)
    assert proposal.status == ModerationStatus.PUBLISHED and proposal.published_at
    assert Proposal.objects.public().filter(pk=proposal.pk).exists()
    with pytest.raises(services.ProposalError):
        services.publish_proposal(proposal, acting_user=people.office)
    with pytest.raises(services.ProposalError, match="warum"):
        services.reject_proposal(proposal, acting_user=people.office, note=" ")
    proposal = services.reject_proposal(proposal, acting_user=people.office, note="Werbung")
    assert proposal.status == ModerationStatus.REJECTED and proposal.moderation_note == "Werbung"
    assert kinds(proposal) == [EventKind.SUBMITTED, EventKind.PUBLISHED, EventKind.REJECTED]
    latest = proposal.history.first()
    assert latest.status == ModerationStatus.REJECTED and latest.history_user == people.office
    assert ProposalEvent.objects.filter(proposal=proposal, kind=EventKind.PUBLISHED).get().actor == people.office


def test_evaluation_records_scales_notes_who_and_when(make_submission, people):
    proposal = make_submission()
    with pytest.raises(PermissionDenied):
        services.evaluate_proposal(proposal, acting_user=people.editor, effect=3, cost=3, benefit=3)
    with pytest.raises(services.ProposalError, match="1 bis 5"):
        services.evaluate_proposal(proposal, acting_user=people.office, effect=6, cost=3, benefit=3)
    first = services.evaluate_proposal(
        proposal, acting_user=people.office, effect=4, cost=2, benefit=5, effect_note="viele Pendler", summary="gut"
    )
    second = services.evaluate_proposal(proposal, acting_user=people.office, effect=3, cost=3, benefit=3)
    assert first.evaluated_by == people.office and first.evaluated_at <= second.evaluated_at
    assert first.get_effect_display() == "hoch" and first.get_cost_display() == "gering"
    assert proposal.latest_evaluation() == second
    assert proposal.evaluations.count() == 2
    assert ProposalEvent.objects.filter(kind=EventKind.EVALUATED).count() == 2


def test_decision_links_projects_and_keeps_history(
    make_submission, people, projects, django_capture_on_commit_callbacks, mailoutbox
):
    office = people.office
    proposal = services.publish_proposal(make_submission(), acting_user=office)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_proposal(
            proposal,
            acting_user=office,
            outcome=Outcome.ADOPTED,
            reason="Baustellenkoordinierung",
            projects=[projects["13-03"]],
        )
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.ADOPTED and proposal.decided_by == office and proposal.decided_at
    link = ProposalLink.objects.get(proposal=proposal)
    assert (link.project.code, link.relation, link.reason) == ("13-03", "adopted", "Baustellenkoordinierung")
    assert SuggestedMatch.objects.get(proposal=proposal, project=projects["13-03"]).state == MatchState.CONFIRMED
    assert "als Projekt übernommen" in mailoutbox[-1].body

    # A new decision replaces the links; the history keeps the old one and the match is no longer confirmed.
    services.decide_proposal(
        proposal, acting_user=office, outcome=Outcome.PARTLY, reason="nur Teile", projects=[projects["13-05"]]
    )
    assert list(ProposalLink.objects.filter(proposal=proposal).values_list("project__code", flat=True)) == ["13-05"]
    assert ProposalLink.history.filter(project_id=projects["13-03"].pk, history_type="-").exists()
    assert SuggestedMatch.objects.get(proposal=proposal, project=projects["13-03"]).state == MatchState.SUGGESTED
    assert [h.outcome for h in proposal.history.order_by("history_date")][-2:] == [Outcome.ADOPTED, Outcome.PARTLY]
    assert kinds(proposal).count(EventKind.DECIDED) == 2


@pytest.mark.parametrize(
    ("outcome", "with_project", "reason", "message"),
    [
        (Outcome.ADOPTED, False, "x", "Projekt"),
        (Outcome.NOT_PURSUED, True, "x", "nur bei"),
        (Outcome.NOT_PURSUED, False, "", "begründen"),
        ("erfunden", False, "x", "Unbekannt"),
    ],
)
def test_inconsistent_decisions_are_refused_and_nothing_changes(
    make_submission, people, projects, outcome, with_project, reason, message
):
    proposal = make_submission()
    with pytest.raises(services.ProposalError, match=message):
        services.decide_proposal(
            proposal,
            acting_user=people.office,
            outcome=outcome,
            reason=reason,
            projects=[projects["13-03"]] if with_project else [],
        )
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.OPEN and not proposal.links.exists()


def test_decision_is_atomic(make_submission, people, projects, monkeypatch):
    proposal = make_submission()

    def fail(*args, **kwargs):
        raise RuntimeError("Datenbank weg")

    monkeypatch.setattr(services, "_record", fail)
    with pytest.raises(RuntimeError):
        services.decide_proposal(
            proposal, acting_user=people.office, outcome=Outcome.ADOPTED, reason="x", projects=[projects["13-03"]]
        )
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.OPEN and not ProposalLink.objects.exists()


def test_confirm_and_reject_match(make_submission, people, projects):
    office = people.office
    proposal = make_submission()
    with pytest.raises(PermissionDenied):
        services.confirm_match(proposal, projects["13-03"], acting_user=people.reviewer, reason="x")
    with pytest.raises(services.ProposalError, match="begründen"):
        services.confirm_match(proposal, projects["13-03"], acting_user=office, reason="")
    match = services.confirm_match(
        proposal,
        projects["13-03"],
        acting_user=office,
        relation="merged",
        reason="Teil der Zentrale",
        score=0.42,
        matched_terms=["baustellen"],
    )
    assert (match.state, match.score, match.matched_terms, match.reviewed_by) == (
        "confirmed",
        0.42,
        ["baustellen"],
        office,
    )
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.MERGED and proposal.outcome_reason == "Teil der Zentrale"
    assert ProposalLink.objects.get(proposal=proposal).relation == "merged"
    with pytest.raises(services.ProposalError, match="verknüpft"):
        services.reject_match(proposal, projects["13-03"], acting_user=office)
    rejected = services.reject_match(proposal, projects["13-05"], acting_user=office, reason="anderes Thema")
    assert rejected.state == MatchState.REJECTED
    assert kinds(proposal)[-2:] == [EventKind.MATCH_CONFIRMED, EventKind.MATCH_REJECTED]
    assert SuggestedMatch.history.filter(project=projects["13-05"]).first().history_user == office


def test_confirming_a_match_keeps_an_earlier_decision(make_submission, people, projects):
    office = people.office
    proposal = make_submission()
    services.decide_proposal(
        proposal, acting_user=office, outcome=Outcome.ADOPTED, reason="Zentrale", projects=[projects["13-03"]]
    )
    services.confirm_match(proposal, projects["13-05"], acting_user=office, reason="auch hier")
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.ADOPTED and proposal.outcome_reason == "Zentrale"
    services.decide_proposal(proposal, acting_user=office, outcome=Outcome.NOT_PURSUED, reason="doch nicht")
    assert not proposal.links.exists()
    with pytest.raises(services.ProposalError, match="nicht weiterverfolgt"):
        services.confirm_match(proposal, projects["13-05"], acting_user=office, reason="x")


def test_imported_chamber_proposals_are_public(imported_with_proposals):
    chambers = Proposal.objects.of_source("ihk")
    assert chambers.count() == 40
    assert chambers.public().count() == 40
    assert not chambers.filter(published_at__isnull=True).exists()


def test_commands_act_as_the_system(make_submission):
    proposal = make_submission()
    services.publish_proposal(proposal, acting_user=SYSTEM)
    assert ProposalEvent.objects.filter(kind=EventKind.PUBLISHED).get().actor is None
    assert not Provenance.objects.exists()
