"""Fixtures for the proposals tests: the import with the chambers' ideas, a submission (people: root conftest)."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from proposals import spam
from proposals.models import Proposal, ProposalSource
from proposals.services import ContactData, submit_proposal


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The rate limit lives in the cache; one test's submissions must not lock out the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def imported_with_proposals(imported, request):
    """The report, the answer and the chambers' ideas: the module's shared import, which includes the ideas when
    the module says `SHARED_IMPORT_WITH_PROPOSALS = True` (once per module instead of once per test)."""
    if not getattr(request.module, "SHARED_IMPORT_WITH_PROPOSALS", False):
        pytest.fail("Ein Modul, das `imported_with_proposals` nutzt, setzt SHARED_IMPORT_WITH_PROPOSALS = True.")


CONTACT = ContactData(name="Erika Mustermann", email="erika.mustermann@example.org", phone="0201 123456")


@pytest.fixture
def make_submission(db):
    def make(title="Radschnellweg durch das Emschertal", **kwargs) -> Proposal:
        values = {
            "source": ProposalSource.CITIZEN,
            "title": title,
            "goal": "Ein durchgehender Radschnellweg verbindet die Städte entlang der Emscher.",
            "background": "Viele Pendlerinnen und Pendler würden das Rad nehmen, wenn der Weg sicher wäre.",
            "contact": CONTACT,
            "acting_user": AnonymousUser(),  # a visitor of the public form
        }
        values.update(kwargs)
        return submit_proposal(**values)

    return make


@pytest.fixture
def form_data():
    """A complete, valid form submission that was started a minute ago."""

    def make(**overrides) -> dict:
        data = {
            "source": ProposalSource.ASSOCIATION,
            "title": "Trinkwasserbrunnen in allen Innenstädten",
            "goal": "In jeder Innenstadt des Ruhrgebiets gibt es mindestens einen öffentlichen Trinkwasserbrunnen.",
            "background": "Hitzesommer treffen die dichten Städte besonders.",
            "theme": "",
            "name": CONTACT.name,
            "organisation": "Verein für Stadtklima",
            "email": CONTACT.email,
            "phone": "",
            "consent": "on",
            "website": "",
            "started": spam.issue_timestamp(time.time() - 60),
        }
        data.update(overrides)
        return data

    return make
