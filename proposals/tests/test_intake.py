"""The public form: validation in German, honeypot, minimum fill time, per-address rate limit."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from proposals import spam
from proposals.models import ModerationStatus, Proposal, ProposalContact

pytestmark = pytest.mark.django_db

SUBMIT = "/ideen/einreichen/"  # also checked against reverse() in test_views


def test_form_page_shows_the_consent_text_and_hides_the_honeypot(client):
    response = client.get(SUBMIT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tage nach Eingang gelöscht" in html
    assert 'name="website"' in html and 'aria-hidden="true"' in html
    assert 'name="started"' in html


def test_a_valid_submission_waits_for_moderation(client, form_data):
    response = client.post(SUBMIT, form_data())
    assert response.status_code == 302 and response.url == reverse("proposals:thanks")
    proposal = Proposal.objects.get()
    assert proposal.status == ModerationStatus.SUBMITTED and proposal.source == "verband"
    assert ProposalContact.objects.get().organisation == "Verein für Stadtklima"
    assert "Trinkwasserbrunnen" not in client.get(reverse("proposals:list")).content.decode()


def test_missing_fields_are_reported_in_german(client, form_data):
    response = client.post(SUBMIT, form_data(title="", goal="zu kurz", email="keine-adresse", consent=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert "Bitte gültige E-Mail-Adresse eingeben." in html
    assert "mindestens 20 Zeichen besteht" in html
    assert not Proposal.objects.exists()


def test_a_filled_honeypot_is_thanked_but_nothing_is_stored(client, form_data):
    response = client.post(SUBMIT, form_data(website="http://spam.example"))
    assert response.status_code == 302 and response.url == reverse("proposals:thanks")
    assert not Proposal.objects.exists() and not ProposalContact.objects.exists()


def test_a_form_sent_faster_than_a_person_types_is_refused(client, form_data):
    response = client.post(SUBMIT, form_data(started=spam.issue_timestamp(time.time() - 1)))
    assert response.status_code == 200
    assert "Das ging sehr schnell" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_forged_timestamp_is_refused(client, form_data):
    response = client.post(SUBMIT, form_data(started="1700000000:forged"))
    assert "Das Formular ist ungültig" in response.content.decode()
    assert not Proposal.objects.exists()


def test_an_expired_form_is_refused(client, form_data, settings):
    settings.PROPOSAL_FORM_MAX_AGE_SECONDS = 30
    response = client.post(SUBMIT, form_data())  # started a minute ago
    assert "abgelaufen" in response.content.decode()


def test_rate_limit_per_address(client, form_data, settings):
    settings.PROPOSAL_RATE_LIMIT = (2, 3600)
    for i in range(2):
        assert client.post(SUBMIT, form_data(title=f"Idee Nummer {i} für das Revier")).status_code == 302
    response = client.post(SUBMIT, form_data(title="Die dritte Idee in einer Stunde"))
    assert response.status_code == 429
    assert "Zu viele Einreichungen" in response.content.decode()
    assert Proposal.objects.count() == 2
    # Another address is not affected.
    other = client.post(SUBMIT, form_data(title="Von woanders eingereicht"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_rate_limit_key_does_not_hold_the_address(rf):
    request = rf.post(SUBMIT, REMOTE_ADDR="198.51.100.23")
    assert "198.51.100.23" not in spam.client_key(request)


def test_control_characters_and_bidi_overrides_are_removed_before_storing(client, form_data):
    response = client.post(
        SUBMIT,
        form_data(
            title="Ideen\x1b für\x07 das \u202eRevier", goal="Ein Ziel mit\x00 Steuerzeichen und genug Text dazu."
        ),
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.title == "Ideen für das Revier"
    assert proposal.goal == "Ein Ziel mit Steuerzeichen und genug Text dazu."


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("http://evil.example","x")', "@SUMME(1;2)", "\t=1+1", "+cmd|' /C calc'!A0"]
)
def test_a_title_that_is_a_spreadsheet_formula_is_refused(client, form_data, title):
    response = client.post(SUBMIT, form_data(title=title))
    assert response.status_code == 200
    assert "Tabellenformel" in response.content.decode()
    assert not Proposal.objects.exists()
