"""The Django admin stays for administrators and speaks German throughout."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

ENGLISH = ("Raw passwords are not stored", "Can add ", "Can change ", "Can delete ", "Can view ")


def test_permission_names_are_german():
    assert Permission.objects.get(codename="add_user").name == "Kann Benutzer hinzufügen"
    assert not Permission.objects.filter(name__startswith="Can ").exists()


def test_user_change_page_has_no_english_left(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    admin = User.objects.create_superuser("admin", "admin@example.org", "ein-sehr-geheimes-Passwort-2025")
    client.force_login(admin)
    body = client.get(reverse("admin:accounts_user_change", args=[admin.pk])).content.decode()
    assert "Passwörter werden nicht im Klartext gespeichert" in body
    assert [phrase for phrase in ENGLISH if phrase in body] == []
