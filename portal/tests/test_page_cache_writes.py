"""Every write path of public data tells the page cache: right after it, the public page shows the new state.

The cache no longer watches SQL; the services, the importers and the admin call
`operations.caching.public_data_changed()`. Each test caches a public page for an anonymous reader, runs one
write path to its commit (the on-commit callbacks run, as after a real commit), and reads the page again.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.actors import SYSTEM
from accounts.models import Role, User
from conftest import PROPOSALS
from importers import ProposalListImporter
from organisations.models import ProjectRole
from programmes.models import FundingStatement, Project
from programmes.services import change_ministry, correct_funding_statement, define_programme_indicator
from proposals.models import Proposal
from proposals.services import decide_proposal
from reporting.from_document import create_period_from_document
from reporting.services import add_erratum
from sources.models import DocumentKind, SourceDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(imported):
    return User.objects.create_user(
        username="leitstelle", role=Role.PROGRAMME_OFFICE, first_name="Lea", last_name="Leitstelle"
    )


@pytest.fixture
def reader(page_cache):
    return Client()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed: the callbacks registered on commit run."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _cached(reader, url: str) -> str:
    """Read the page twice, so that it is surely in the cache; its text as the reader saw it."""
    first = reader.get(url)
    assert first.status_code == 200
    assert reader.get(url)["X-Page-Cache"] == "hit", f"{url} is not cached, the test would prove nothing"
    return first.content.decode()


def _read(reader, url: str):
    response = reader.get(url)
    assert response.get("X-Page-Cache") != "hit", f"{url} still comes from the cache: nobody told it"
    return response


def test_an_import(imported, reader, committed):
    before = _cached(reader, reverse("proposals:list"))
    with committed():
        ProposalListImporter().run(PROPOSALS, acting_user=SYSTEM)
    title = Proposal.objects.public().order_by("number").first().title
    assert escape(title) not in before
    assert escape(title) in _read(reader, reverse("proposals:list")).content.decode()


def test_an_edition_made_from_a_document_and_its_erratum(imported, reader, committed, office):
    document = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT)
    before = _cached(reader, reverse("reporting:periods"))
    with committed():
        period, _created = create_period_from_document(document, acting_user=SYSTEM)
    assert escape(period.title) not in before
    assert escape(period.title) in _read(reader, reverse("reporting:periods")).content.decode()

    url = reverse("reporting:period", args=[period.slug])
    _cached(reader, url)
    with committed():
        add_erratum(period, acting_user=office, text="Seite 12: Es sind 43 statt 42 abgeschlossene Projekte.")
    assert "Es sind 43 statt 42 abgeschlossene Projekte." in _read(reader, url).content.decode()


def test_a_correction(imported, reader, committed, office):
    project = Project.objects.get(code="13-01")
    statement = FundingStatement.objects.filter(project=project, spent_eur=Decimal("138000000")).get()
    url = project.get_absolute_url()
    assert "145.000.000" not in _cached(reader, url)
    with committed():
        correct_funding_statement(
            statement, changes={"spent_eur": Decimal("145000000")}, reason="Nachmeldung", acting_user=office
        )
    assert "145.000.000" in _read(reader, url).content.decode()


def test_a_decision_on_a_proposal(imported, reader, committed, office):
    with committed():
        ProposalListImporter().run(PROPOSALS, acting_user=SYSTEM)
    proposal = Proposal.objects.public().order_by("number").first()
    url = reverse("proposals:detail", args=[proposal.source, proposal.number])
    _cached(reader, url)
    with committed():
        decide_proposal(proposal, acting_user=office, outcome="not_pursued", reason="Wird im Land schon verfolgt.")
    assert "Wird im Land schon verfolgt." in _read(reader, url).content.decode()


def test_a_programme_indicator(imported, reader, committed, office):
    url = reverse("portal:indicators")
    assert "Gründungen im Revier" not in _cached(reader, url)
    with committed():
        define_programme_indicator(acting_user=office, name="Gründungen im Revier", aggregation="sum")
    assert "Gründungen im Revier" in _read(reader, url).content.decode()


def test_a_renamed_ministry(imported, reader, committed, office):
    project = Project.objects.published().exclude(ministry=None).select_related("ministry").first()
    url = project.get_absolute_url()
    assert "Ministerium für Heimat und Revier" not in _cached(reader, url)
    with committed():
        change_ministry(
            project.ministry, name="Ministerium für Heimat und Revier", abbreviation="MHR", acting_user=office
        )
    assert "Ministerium für Heimat und Revier" in _read(reader, url).content.decode()


def _organisation_with_one_role():
    for role in ProjectRole.objects.published().select_related("organisation", "project").order_by("pk"):
        if ProjectRole.objects.filter(organisation=role.organisation, project=role.project).count() == 1:
            return role
    raise AssertionError("no organisation with exactly one role in a project")


@pytest.fixture
def admin_client_of_office(imported):
    client = Client()
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "ein-langes-passwort-2026"))
    return client


def test_an_organisation_role_deleted_in_the_admin(imported, reader, committed, admin_client_of_office):
    role = _organisation_with_one_role()
    url = reverse("organisations:detail", args=[role.organisation.slug])
    assert role.project.code in _cached(reader, url)
    with committed():
        response = admin_client_of_office.post(f"/admin/organisations/projectrole/{role.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not ProjectRole.objects.filter(pk=role.pk).exists()
    after = _read(reader, url)
    assert after.status_code == 404 or role.project.code not in after.content.decode()


def test_organisation_roles_deleted_at_once_in_the_admin(imported, reader, committed, admin_client_of_office):
    # several rows: the admin logs them with bulk_create, which no signal reports
    role = next(
        r
        for r in ProjectRole.objects.published().select_related("organisation", "project").order_by("pk")
        if ProjectRole.objects.filter(organisation=r.organisation).count() >= 2
    )
    roles = list(ProjectRole.objects.filter(organisation=role.organisation).values_list("pk", flat=True))
    url = reverse("organisations:detail", args=[role.organisation.slug])
    assert role.project.code in _cached(reader, url)
    with committed():
        response = admin_client_of_office.post(
            "/admin/organisations/projectrole/",
            {"action": "delete_selected", "_selected_action": [str(pk) for pk in roles], "post": "yes"},
        )
    assert response.status_code == 302 and not ProjectRole.objects.filter(pk__in=roles).exists()
    after = _read(reader, url)
    assert after.status_code == 404 or role.project.code not in after.content.decode()
