"""The office manages people and ministries without the Django admin; password reset by mail, throttled."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import services
from accounts.models import Role, User
from programmes.models import Ministry
from programmes.services import ensure_reference_data

pytestmark = pytest.mark.django_db

PASSWORD = "ein-sehr-geheimes-Passwort-2025"


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://ruhr-monitor.example"
    cache.clear()


@pytest.fixture
def office(db):
    ensure_reference_data()
    return User.objects.create_user(
        username="leitstelle", password=PASSWORD, role=Role.PROGRAMME_OFFICE, first_name="Lea", last_name="Leitstelle"
    )


def _link(body: str) -> str:
    return re.search(r"https://ruhr-monitor\.example(/konto/reset/\S+)", body).group(1)


def test_office_invites_an_editor_who_sets_her_password_from_the_mail(
    client, office, django_capture_on_commit_callbacks
):
    munv = Ministry.objects.get(abbreviation="MUNV")
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:people"),
            {
                "first_name": "Eva",
                "last_name": "Verkehr",
                "email": "Eva.Verkehr@munv.nrw.de",
                "role": Role.MINISTRY_EDITOR,
                "ministry": munv.pk,
            },
        )
    assert response.status_code == 302
    eva = User.objects.get(email="eva.verkehr@munv.nrw.de")
    assert (eva.role, eva.ministry, eva.has_usable_password()) == (Role.MINISTRY_EDITOR, munv, False)
    [message] = mail.outbox
    assert message.to == ["eva.verkehr@munv.nrw.de"]
    assert message.body.startswith("Guten Tag Eva Verkehr,")
    assert "Lea Leitstelle hat Ihnen einen Zugang" in message.body and "Projektgruppe Ruhr-Konferenz" in message.body

    client.logout()
    form_page = client.get(_link(message.body), follow=True)
    assert "Neues Passwort festlegen" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert "Passwort gespeichert" in done.content.decode()
    assert client.post(reverse("login"), {"username": eva.username, "password": PASSWORD}).status_code == 302


def test_an_editor_needs_a_ministry_and_nobody_demotes_themselves(client, office):
    client.force_login(office)
    response = client.post(
        reverse("accounts:people"),
        {"first_name": "A", "last_name": "B", "email": "a@example.org", "role": Role.MINISTRY_EDITOR},
    )
    assert response.status_code == 200
    assert "Ressort: Eine Redaktion oder Ressortkoordination braucht ein Ressort." in response.content.decode()
    assert not User.objects.filter(email="a@example.org").exists()
    with pytest.raises(services.AccountError):
        services.change_user(office, role=Role.REVIEWER, ministry=None, is_active=True, acting_user=office)


def test_office_deactivates_and_the_person_can_no_longer_sign_in(client, office):
    editor = User.objects.create_user(username="weg", password=PASSWORD, role=Role.REVIEWER)
    client.force_login(office)
    response = client.post(reverse("accounts:person", args=[editor.pk]), {"role": Role.REVIEWER, "is_active": ""})
    assert response.status_code == 302
    editor.refresh_from_db()
    assert not editor.is_active
    client.logout()
    assert client.post(reverse("login"), {"username": "weg", "password": PASSWORD}).status_code == 200


def test_renaming_a_ministry_keeps_the_former_name(client, office):
    mwide = Ministry.objects.get(abbreviation="MWIKE")
    client.force_login(office)
    client.post(
        reverse("programmes:ministry", args=[mwide.pk]), {"name": "Wirtschaftsministerium NRW", "abbreviation": "MW"}
    )
    mwide.refresh_from_db()
    assert (mwide.name, mwide.abbreviation) == ("Wirtschaftsministerium NRW", "MW")
    assert mwide.names.filter(abbreviation="MWIKE").exists()


def test_only_the_office_manages_people(client, office):
    reviewer = User.objects.create_user(username="pruefung", password=PASSWORD, role=Role.REVIEWER)
    client.force_login(reviewer)
    assert client.get(reverse("accounts:people")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.invite_user(
            email="x@example.org", first_name="X", last_name="Y", role=Role.REVIEWER, acting_user=reviewer
        )


def test_password_reset_mail_is_german_and_throttled(client, settings, office, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_THROTTLE = 2
    office.email = "lea@example.org"
    office.save()
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("password_reset"), {"email": "LEA@example.org"})
        assert response.status_code == 302  # the same answer every time: nothing is revealed
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == "Ruhr-Monitor: neues Passwort festlegen"
    assert mail.outbox[0].body.startswith("Guten Tag Lea Leitstelle,")
    assert "/konto/reset/" in mail.outbox[0].body


def test_log_in_page_offers_password_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
