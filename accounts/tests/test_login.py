"""Log-in: Argon2, throttled failed log-ins (django-axes), sessions that expire, OpenID Connect only when configured."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from accounts.models import Role, User

pytestmark = pytest.mark.django_db

PASSWORD = "ein-sehr-geheimes-Passwort-2025"


@pytest.fixture
def editor():
    return User.objects.create_user(username="redaktion", password=PASSWORD, role=Role.MINISTRY_EDITOR)


def test_passwords_are_hashed_with_argon2(editor):
    assert identify_hasher(editor.password).algorithm == "argon2"


def test_log_in_and_sessions_expire(client, editor):
    response = client.post(reverse("login"), {"username": "redaktion", "password": PASSWORD})
    assert response.status_code == 302
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert client.session.get_expire_at_browser_close()


def test_failed_log_ins_are_throttled(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "redaktion", "password": "falsch"})
        assert response.status_code == 200  # the form again, with an error
    response = client.post(reverse("login"), {"username": "redaktion", "password": "falsch"})
    assert response.status_code == 429  # the limit is reached
    # locked now: even the right password is refused, with a German explanation
    response = client.post(reverse("login"), {"username": "redaktion", "password": PASSWORD})
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    # another account from the same address is not affected
    User.objects.create_user(username="andere", password=PASSWORD)
    assert client.post(reverse("login"), {"username": "andere", "password": PASSWORD}).status_code == 302


def test_openid_connect_is_off_unless_configured(client):
    assert settings.OIDC_ENABLED is False
    assert "mozilla_django_oidc" not in settings.INSTALLED_APPS
    assert client.get("/oidc/authenticate/").status_code == 404


def test_openid_connect_backend_admits_only_known_people(settings, editor):
    settings.OIDC_RP_CLIENT_ID = "ruhr-monitor"
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.invalid/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.invalid/userinfo"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    from accounts.oidc import StateIdentityBackend

    backend = StateIdentityBackend()
    editor.email = "redaktion@munv.nrw.de"
    editor.save()
    assert list(backend.filter_users_by_claims({"email": "REDAKTION@munv.nrw.de"})) == [editor]
    assert not backend.filter_users_by_claims({"email": "fremd@example.org"}).exists()
    assert not backend.filter_users_by_claims({}).exists()
    created = backend.create_user({"email": "neu@example.org", "given_name": "Neu", "family_name": "Person"})
    assert created.role == "" and created.last_name == "Person"  # no access until the office gives a role
