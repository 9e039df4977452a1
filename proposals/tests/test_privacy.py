"""Privacy by design: contact data only for the office, never public, deleted on request and after the period."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from proposals import services
from proposals.models import EventKind, Outcome, Proposal, ProposalContact, ProposalEvent
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SECRETS = ("Erika Mustermann", "erika.mustermann@example.org", "0201 123456")


@pytest.fixture
def decided(make_submission, people):
    """A submission the office released and decided (the proposer's idea is public now)."""
    project = ProjectFactory(code="14-01", title="Offensive Grüne Infrastruktur", slug="gi", field_slug=None, status="")
    proposal = services.publish_proposal(make_submission(), acting_user=people.office)
    services.decide_proposal(
        proposal, acting_user=people.office, outcome=Outcome.PARTLY, reason="Radwege im Grünnetz", projects=[project]
    )
    return proposal


def _assert_no_contact(html: str) -> None:
    for secret in SECRETS:
        assert secret not in html


def test_contact_never_reaches_public_pages(client, decided):
    for url in ["/ideen/", decided.get_absolute_url(), "/ideen/matrix/", "/ideen/?q=Radschnellweg"]:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_contact(response.content.decode())
    assert "Radschnellweg" in client.get("/ideen/").content.decode()


@pytest.mark.parametrize(("role", "sees_contact"), [("office", True), ("reviewer", False)])
def test_only_the_office_sees_contact_data(client, people, decided, role, sees_contact):
    client.force_login(people[role])
    html = client.get(f"/ideen/leitstelle/{decided.pk}/").content.decode()
    assert ("erika.mustermann@example.org" in html) is sees_contact
    if not sees_contact:
        _assert_no_contact(html)


def test_audit_and_history_hold_no_contact_data(decided):
    events = json.dumps(list(ProposalEvent.objects.values("proposal_label", "details")), ensure_ascii=False)
    _assert_no_contact(events)
    historical_fields = {f.name for f in Proposal.history.model._meta.get_fields()}
    assert not historical_fields & {"name", "email", "phone", "contact"}
    assert not hasattr(ProposalContact, "history")  # deleting the row deletes the data, no copy remains


def test_deletion_on_request(client, people, decided):
    client.force_login(people.office)
    response = client.post(f"/ideen/leitstelle/{decided.pk}/kontakt-loeschen/", {"note": "Bitte per E-Mail"})
    assert response.status_code == 302
    assert not ProposalContact.objects.exists()
    event = ProposalEvent.objects.get(kind=EventKind.CONTACT_DELETED)
    assert event.actor == people.office and event.details == {"note": "Bitte per E-Mail"}
    decided.refresh_from_db()
    assert decided.outcome == Outcome.PARTLY  # the idea and its record stay


def test_reviewers_cannot_delete_contact_data(client, people, decided):
    client.force_login(people.reviewer)
    assert client.post(f"/ideen/leitstelle/{decided.pk}/kontakt-loeschen/").status_code == 403
    assert ProposalContact.objects.exists()


def test_purge_after_the_retention_period(make_submission, settings):
    settings.PROPOSAL_CONTACT_RETENTION_DAYS = 30
    old, recent = make_submission(title="Alte Idee zum Hafen"), make_submission(title="Neue Idee zum Hafen")
    ProposalContact.objects.filter(proposal=old).update(created_at=timezone.now() - timedelta(days=31))

    out = StringIO()
    call_command("purge_proposal_contacts", "--dry-run", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "retention_days": 30,
        "dry_run": True,
        "deleted": 0,
        "would_delete": 1,
        "proposals": [{"source": "buerger", "number": old.number, "id": old.pk}],
    }
    assert ProposalContact.objects.count() == 2

    out = StringIO()
    call_command("purge_proposal_contacts", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["deleted"] == 1 and data["proposals"][0]["id"] == old.pk
    _assert_no_contact(out.getvalue())
    assert list(ProposalContact.objects.values_list("proposal_id", flat=True)) == [recent.pk]
    assert ProposalEvent.objects.get(kind=EventKind.CONTACT_PURGED).details == {"retention_days": 30}

    out = StringIO()
    call_command("purge_proposal_contacts", "--days", "0", stdout=out)
    assert "Kontaktdaten zu 1 Projektidee(n) gelöscht" in out.getvalue()
    assert not ProposalContact.objects.exists()
