"""Suggested matches on the real documents, the office's feedback, and the suggest_matches command."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from programmes.models import Project
from proposals.models import MatchState, Proposal, ProposalSource
from proposals.services import confirm_match, reject_match
from proposals.suggestions import project_candidates, rank_matches

pytestmark = pytest.mark.django_db
# `imported_with_proposals`: the shared import of the module includes the chambers' ideas (root conftest.py)
SHARED_IMPORT_WITH_PROPOSALS = True


def _top(number: int, top: int = 3) -> list[str]:
    proposal = Proposal.objects.get(source=ProposalSource.CHAMBERS, number=number)
    return [m.project.code for m in rank_matches([proposal], top=top)[proposal]]


@pytest.mark.parametrize(
    ("number", "code"),
    [
        (2, "13-03"),  # Baustellenmanagement → Mobilitätszentrale with its Baustellenkoordinierung
        (4, "13-05"),  # autonome Binnenschiffe → Versuchs- und Leitzentrum in 13-05
        (8, "13-01"),  # On-Demand-Modellregion → ÖPNV-Initiative with On-Demand-Verkehre
        (28, "11-04"),  # Brachflächen → Revitalisierung von Brachflächen
        (40, "19-01"),  # Olympia → Ruhr Games: Lust auf Olympia machen (2020 answer only)
        (13, "05-02b"),  # Start-up-Ökosystem → chemstars.nrw
    ],
)
def test_clear_cases_are_in_the_top_three(imported_with_proposals, number, code):
    assert code in _top(number)


def test_project_texts_include_report_sections_subprojects_and_the_answer(imported_with_proposals):
    projects = Project.objects.filter(code__in=["13-03", "19-01"]).order_by("code")
    mz, games = project_candidates(projects)
    assert "Baustellenkoordinierung" in mz.texts["subprojects"]
    assert "Baustellenkoordinierung" in mz.texts["sections"]
    assert "Projektvolumen" not in mz.texts  # funding sections carry no topic words
    assert "Olympia" in games.texts["title"]
    assert "Bochum" in games.texts["local"]


def test_rejected_pairs_are_never_suggested_again_and_confirmed_ones_come_first(imported_with_proposals, people):
    office = people.office
    proposal = Proposal.objects.get(source=ProposalSource.CHAMBERS, number=2)
    first, second = _top(2)[:2]
    reject_match(proposal, Project.objects.get(code=first), acting_user=office, reason="nur Telematik")
    assert first not in _top(2, top=10)
    confirm_match(proposal, Project.objects.get(code="13-02"), acting_user=office, reason="Parkraummanagement")
    ranked = rank_matches([proposal], top=3)[proposal]
    assert (ranked[0].project.code, ranked[0].state) == ("13-02", MatchState.CONFIRMED)
    assert second in [m.project.code for m in ranked]


def test_confirmed_links_feed_the_project_profile(imported_with_proposals, people):
    proposal = Proposal.objects.get(source=ProposalSource.CHAMBERS, number=4)
    project = Project.objects.get(code="13-05")
    confirm_match(proposal, project, acting_user=people.office, relation="adopted", reason="Versuchszentrum")
    candidate = next(c for c in project_candidates([project]))
    assert candidate.feedback == {str(proposal.pk): f"{proposal.title} {proposal.goal} {proposal.background}"}
    plain = next(c for c in project_candidates([project], feedback=False))
    assert plain.feedback == {}


def test_suggest_matches_prints_the_documented_json(imported_with_proposals):
    out = StringIO()
    call_command("suggest_matches", "--source", "ihk", "--top", "3", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == [str(n) for n in range(1, 41)]
    for suggestions in data.values():
        assert 1 <= len(suggestions) <= 3
        scores = [s["score"] for s in suggestions]
        assert scores == sorted(scores, reverse=True)
        for s in suggestions:
            assert isinstance(s["code"], str) and isinstance(s["score"], float) and 0 < s["score"] <= 1
            assert isinstance(s["matched_terms"], list)
    assert data["2"][0]["code"] == "13-03"


def test_suggest_matches_text_output_and_selection(imported_with_proposals):
    out = StringIO()
    call_command("suggest_matches", "--number", "2", "--top", "1", stdout=out)
    text = out.getvalue()
    assert "Baustellenmanagements" in text and "13-03" in text and "29." not in text


def test_document_based_assessment_fills_all_forty_and_respects_the_office(imported_with_proposals, people):
    from proposals.models import EventKind, Outcome
    from proposals.services import decide_proposal

    office_decided = Proposal.objects.get(source=ProposalSource.CHAMBERS, number=3)
    decide_proposal(office_decided, acting_user=people.office, outcome=Outcome.NOT_PURSUED, reason="zu teuer")

    out = StringIO()
    call_command("load_proposal_assessment", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["skipped"] == [3] and len(report["applied"]) == 39 and not report["missing"]

    chambers = Proposal.objects.of_source(ProposalSource.CHAMBERS)
    assert chambers.taken_up().count() == 13
    two = chambers.get(number=2)
    assert two.outcome == Outcome.ADOPTED and "Baustellenkoordinierung" in two.outcome_reason
    assert list(two.links.values_list("project__code", flat=True)) == ["13-03"]
    eight = chambers.get(number=8)
    assert set(eight.links.values_list("project__code", "relation")) == {("13-01", "adopted"), ("13-04", "partly")}
    assert chambers.get(number=6).outcome == Outcome.OPEN and "kein Projekt" in chambers.get(number=6).outcome_reason
    assert chambers.get(number=3).outcome == Outcome.NOT_PURSUED
    assert two.events.get(kind=EventKind.DECIDED).actor is None  # the system, on the basis of the documents

    out = StringIO()
    call_command("load_proposal_assessment", "--format", "json", stdout=out)
    again = json.loads(out.getvalue())
    assert again["applied"] == [] and len(again["unchanged"]) == 39


def test_public_page_says_when_a_decision_is_derived_and_not_yet_confirmed(imported_with_proposals, people, client):
    from proposals.models import Outcome
    from proposals.services import decide_proposal

    call_command("load_proposal_assessment", stdout=StringIO())
    derived = Proposal.objects.get(source=ProposalSource.CHAMBERS, number=2)
    html = client.get(f"/ideen/ihk/{derived.number}/").content.decode()
    assert "Bestätigung durch die Leitstelle steht noch aus" in html

    decide_proposal(
        derived,
        acting_user=people.office,
        outcome=Outcome.ADOPTED,
        reason="bestätigt",
        projects=[Project.objects.get(code="13-03")],
    )
    html = client.get(f"/ideen/ihk/{derived.number}/").content.decode()
    assert "Bestätigung durch die Leitstelle steht noch aus" not in html


def test_project_page_lists_the_ideas_it_took_up(imported_with_proposals, client):
    call_command("load_proposal_assessment", stdout=StringIO())
    project = Project.objects.get(code="13-03")
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Projektideen, die hier aufgegriffen wurden" in html
    assert "Einführung eines Baustellenmanagements Ruhr" in html and "/ideen/ihk/2/" in html
