"""Pages: who may open what (role × URL), the office's actions, and query counts on list pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Project
from proposals import services
from proposals.models import (
    EventKind,
    MatchState,
    ModerationStatus,
    Outcome,
    Proposal,
    ProposalEvent,
    ProposalSource,
    SuggestedMatch,
)

pytestmark = pytest.mark.django_db
# `imported_with_proposals`: the shared import of the module includes the chambers' ideas (root conftest.py)
SHARED_IMPORT_WITH_PROPOSALS = True


@pytest.fixture
def pending(make_submission):
    return make_submission()


def test_urls_are_under_ideen():
    assert reverse("proposals:list") == "/ideen/"
    assert reverse("proposals:submit") == "/ideen/einreichen/"
    assert reverse("proposals:detail", args=["ihk", 2]) == "/ideen/ihk/2/"


@pytest.mark.parametrize(
    ("role", "public", "pending_detail", "office_index", "office_review"),
    [
        ("anonymous", 200, 404, 302, 302),
        ("no_role", 200, 404, 403, 403),
        ("editor", 200, 404, 403, 403),
        ("reviewer", 200, 404, 200, 200),
        ("office", 200, 404, 200, 200),
    ],
)
def test_role_url_matrix(client, people, pending, role, public, pending_detail, office_index, office_review):
    if role != "anonymous":
        client.force_login(people[role])
    for url in ["/ideen/", "/ideen/matrix/", "/ideen/einreichen/", "/ideen/einreichen/danke/"]:
        assert client.get(url).status_code == public, url
    # Unreleased ideas are not public, not even for the office (it reviews them on its own page).
    assert client.get(pending.get_absolute_url()).status_code == pending_detail
    assert client.get("/ideen/leitstelle/").status_code == office_index
    assert client.get(f"/ideen/leitstelle/{pending.pk}/").status_code == office_review


@pytest.mark.parametrize("role", ["reviewer", "editor", "no_role"])
def test_office_actions_are_refused_to_other_roles(client, people, pending, role):
    client.force_login(people[role])
    base = f"/ideen/leitstelle/{pending.pk}"
    for path, data in [
        ("freigabe/", {"action": "publish"}),
        ("bewertung/", {"effect": 3, "cost": 3, "benefit": 3}),
        ("ergebnis/", {"outcome": "not_pursued", "reason": "x"}),
        ("kontakt-loeschen/", {}),
    ]:
        assert client.post(f"{base}/{path}", data).status_code == 403, path
    pending.refresh_from_db()
    assert pending.status == ModerationStatus.SUBMITTED and pending.outcome == Outcome.OPEN


def test_office_review_flow(client, people, imported_with_proposals, pending):
    client.force_login(people.office)
    base = f"/ideen/leitstelle/{pending.pk}"
    assert client.get(f"{base}/freigabe/").status_code == 405  # actions are POST only

    assert client.post(f"{base}/freigabe/", {"action": "publish"}).status_code == 302
    response = client.post(f"{base}/bewertung/", {"effect": 4, "cost": 2, "benefit": 4, "summary": "lohnend"})
    assert response.status_code == 302
    response = client.post(f"{base}/bewertung/", {"effect": 9, "cost": 2, "benefit": 4})
    assert response.status_code == 400 and "Bitte eine gültige Auswahl treffen" in response.content.decode()

    page = client.get(f"{base}/").content.decode()
    assert "Vorgeschlagene Projekte" in page and "lohnend" in page

    response = client.post(
        f"{base}/zuordnung/13-06/",
        {"decision": "confirm", "relation": "partly", "reason": "Radverkehr", "score": "0.2", "terms": "rad weg"},
    )
    assert response.status_code == 302
    assert SuggestedMatch.objects.get(proposal=pending).state == MatchState.CONFIRMED
    response = client.post(
        f"{base}/zuordnung/14-01/", {"decision": "reject", "relation": "partly", "reason": "Grün, nicht Rad"}
    )
    assert response.status_code == 302
    assert client.post(f"{base}/zuordnung/99-99/", {"decision": "reject", "relation": "partly"}).status_code == 404

    response = client.post(f"{base}/ergebnis/", {"outcome": "adopted", "reason": ""})
    assert response.status_code == 400 and "Bitte begründen Sie" in response.content.decode()
    project = Project.objects.get(code="13-06")
    response = client.post(
        f"{base}/ergebnis/", {"outcome": "partly", "reason": "Teil von Mobil in der Stadt", "projects": [project.pk]}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.outcome == Outcome.PARTLY and pending.links.get().project == project
    assert set(ProposalEvent.objects.filter(proposal=pending).values_list("kind", flat=True)) >= {
        EventKind.PUBLISHED,
        EventKind.EVALUATED,
        EventKind.MATCH_CONFIRMED,
        EventKind.MATCH_REJECTED,
        EventKind.DECIDED,
    }

    public = client.get(pending.get_absolute_url()).content.decode()
    assert "teilweise aufgegriffen" in public and "Teil von Mobil in der Stadt" in public and "13-06" in public
    assert "lohnend" not in public  # assessments stay internal


def test_public_detail_shows_what_became_of_a_chamber_idea(client, people, imported_with_proposals):
    proposal = Proposal.objects.get(source=ProposalSource.CHAMBERS, number=2)
    page = client.get("/ideen/ihk/2/").content.decode()
    assert "Einführung eines Baustellenmanagements Ruhr" in page and "noch kein Ergebnis" in page
    assert "/quellen/" in page  # the lines of the chambers' list it was read from
    services.decide_proposal(
        proposal,
        acting_user=people.office,
        outcome=Outcome.ADOPTED,
        reason="Die Mobilitätszentrale koordiniert Baustellen (Teilprojekt Baustellenkoordinierung).",
        projects=[Project.objects.get(code="13-03")],
    )
    page = client.get("/ideen/ihk/2/").content.decode()
    assert "als Projekt übernommen" in page and "Teilprojekt Baustellenkoordinierung" in page
    assert Project.objects.get(code="13-03").get_absolute_url() in page
    matrix = client.get("/ideen/matrix/").content.decode()
    assert "13-03" in matrix and "Baustellenmanagements" in matrix


def test_list_filters_and_search(client, imported_with_proposals):
    def numbers(query: str) -> str:
        return client.get(f"/ideen/{query}").content.decode()

    assert "40 Projektideen gefunden" in numbers("?herkunft=ihk")
    assert "9 Projektideen gefunden" in numbers("?thema=Mobilität")
    assert "Binnenschiffe" in numbers("?q=binnenschiff") and "1 Projektidee gefunden" in numbers("?q=binnenschiff")
    assert "0 Projektideen gefunden" in numbers("?ergebnis=taken_up")
    assert "40 Projektideen gefunden" in numbers("?herkunft=unbekannt")  # unknown filter values are ignored


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_use_a_fixed_number_of_queries(client, people, imported_with_proposals):
    urls = ["/ideen/", "/ideen/matrix/", "/ideen/?herkunft=ihk&q=Ruhr"]
    before = {url: _queries(client, url) for url in urls}
    projects = list(Project.objects.order_by("code")[:6])
    for number, project in zip(range(1, 7), projects, strict=True):
        services.decide_proposal(
            Proposal.objects.get(source="ihk", number=number),
            acting_user=people.office,
            outcome=Outcome.PARTLY,
            reason="Test",
            projects=[project, projects[0]] if project != projects[0] else [project],
        )
    after = {url: _queries(client, url) for url in urls}
    assert after == before
    assert max(after.values()) <= 12

    client.force_login(people.office)
    office_before = _queries(client, "/ideen/leitstelle/")
    services.evaluate_proposal(
        Proposal.objects.get(source="ihk", number=9), acting_user=people.office, effect=3, cost=3, benefit=3
    )
    assert _queries(client, "/ideen/leitstelle/") == office_before


def test_project_side_shows_only_public_links(people, imported_with_proposals, make_submission):
    project = Project.objects.get(code="13-03")
    chamber = Proposal.objects.get(source=ProposalSource.CHAMBERS, number=2)
    pending = make_submission()  # not released yet
    for proposal in (chamber, pending):
        services.decide_proposal(
            proposal, acting_user=people.office, outcome=Outcome.PARTLY, reason="Baustellen", projects=[project]
        )
    assert project.proposal_links.count() == 2
    assert [link.proposal for link in project.proposal_links.public()] == [chamber]
