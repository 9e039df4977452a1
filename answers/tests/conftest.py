"""Fixtures of the answers tests: a Kleine Anfrage as the office pastes it, registered for a place."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.actors import SYSTEM
from places.models import District, Municipality
from programmes.models import Ministry

PASSWORD = "ein-sehr-geheimes-Passwort-2025"

PASTED = """LANDTAG NORDRHEIN-WESTFALEN
18. Wahlperiode
Drucksache 18/9876
12.03.2026

Kleine Anfrage 4711

der Abgeordneten Max Muster und Erika Beispiel SPD

Was bringt die Ruhr-Konferenz {place}?

Vorbemerkung der Kleinen Anfrage
Die Landesregierung rühmt sich der Ruhr-Konferenz.

1. Welche Projekte der Ruhr-Konferenz betreffen {place}, und mit welchem Fördervolumen?
2. Wie evaluiert die Landesregierung die Ziele? (Bitte
auch den Zeitraum angeben.)
"""


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


def register(place, *, number: int = 4711, remark: str = ""):
    from answers.services import register_question
    from answers.splitter import read_pasted_question

    text = PASTED.format(place=place.name)
    pasted = read_pasted_question(text)
    question = register_question(
        acting_user=SYSTEM,
        number=number,
        electoral_term=18,
        printed_paper=pasted.printed_paper,
        title=pasted.title,
        askers=", ".join(pasted.askers),
        parties=pasted.parties,
        asked_on=date(2026, 3, 12),
        text=text,
        municipality=place if isinstance(place, Municipality) else None,
        district=place if isinstance(place, District) else None,
        ministry=Ministry.objects.get(abbreviation="MWIKE"),
    )
    if remark:
        question.preliminary_remark = remark
        question.save()
    return question


@pytest.fixture
def bochum_question(imported):
    return register(Municipality.objects.get(name="Bochum"), remark="Die Ruhr-Konferenz wirkt.\n\nAuch in Bochum.")


@pytest.fixture
def recklinghausen_question(imported):
    return register(District.objects.get(name="Kreis Recklinghausen"), number=4712)
