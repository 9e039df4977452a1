"""Ideas from chambers and companies too; a receipt with reference number and status link; proper German mails;
the office is told that a new idea arrived; the evaluation scales say which end is good."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from operations.models import Notification
from proposals.forms import EvaluationForm, ProposalSubmissionForm
from proposals.models import Proposal

pytestmark = pytest.mark.django_db

SUBMIT = "/ideen/einreichen/"


@pytest.fixture(autouse=True)
def _mails(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://ruhr-monitor.example"


def test_the_form_offers_every_kind_of_submitter():
    labels = [str(label) for _value, label in ProposalSubmissionForm().fields["source"].choices]
    assert labels == ["Kammer (IHK/HWK)", "Unternehmen", "Kommune", "Verband", "Bürgerinnen und Bürger"]


def test_a_chamber_submits_gets_a_receipt_a_status_link_and_the_office_is_told(
    client, form_data, django_capture_on_commit_callbacks
):
    User.objects.create_user("leitstelle", "leitstelle@example.org", "x" * 20, role=Role.PROGRAMME_OFFICE)
    User.objects.create_user(
        "leitstelle2", "sofort@example.org", "x" * 20, role=Role.PROGRAMME_OFFICE, mail_frequency="immediate"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT, form_data(source="kammer", organisation="IHK zu Dortmund"), follow=True)
    proposal = Proposal.objects.get()
    assert proposal.source == "kammer" and proposal.reference == "IDEE-KAMMER-1"
    page = response.content.decode()
    assert "Ihr Aktenzeichen: IDEE-KAMMER-1" in page

    to_submitter = next(m for m in mail.outbox if m.to == ["erika.mustermann@example.org"])
    assert "IDEE-KAMMER-1" in to_submitter.subject
    assert to_submitter.body.startswith("Guten Tag Erika Mustermann,")
    assert "Projektgruppe Ruhr-Konferenz" in to_submitter.body
    status_link = re.search(r"https://ruhr-monitor\.example(/ideen/stand/\S+/)", to_submitter.body).group(1)
    assert status_link in page  # the same link on the receipt page

    # The office is told: at once whoever chose "sofort", the others in the next daily digest.
    to_office = next(m for m in mail.outbox if m.to == ["sofort@example.org"])
    assert "Neue Projektidee" in to_office.subject
    assert reverse("proposals:office_review", args=[proposal.pk]) in to_office.body
    assert not any(m.to == ["leitstelle@example.org"] for m in mail.outbox)
    [waiting] = Notification.objects.filter(user__username="leitstelle", kind="proposal_received")
    assert waiting.subject.startswith("IDEE-KAMMER-1") and waiting.link.endswith(
        reverse("proposals:office_review", args=[proposal.pk])
    )

    status = client.get(status_link).content.decode()
    assert "IDEE-KAMMER-1" in status and "eingegangen, noch nicht geprüft" in status
    assert client.get("/ideen/stand/gefaelscht/").status_code == 404


def test_the_receipt_is_shown_once(client, form_data):
    client.post(SUBMIT, form_data(source="unternehmen"))
    assert "IDEE-UNTERNEHMEN-1" in client.get(reverse("proposals:thanks")).content.decode()
    assert "Aktenzeichen" not in client.get(reverse("proposals:thanks")).content.decode()


def test_evaluation_scales_say_which_end_is_good():
    form = EvaluationForm()
    assert "1 = sehr geringe Kosten (gut)" in form.fields["cost"].help_text
    assert "5 = sehr hoher Nutzen (gut)" in form.fields["benefit"].help_text
