"""Suggested matches from the registry: builds the matcher's plain inputs from the database and reads back.

`proposals.matching` knows nothing of Django; this module decides what a
project's text is (titles, including former ones, report sections, sub-projects,
what the parliamentary answer says about it) and applies the office's
feedback: confirmed links enrich the project's profile, rejected pairs are
excluded for good.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from places.models import LocalReference
from programmes.models import Project, ProjectSection, SubProject
from sources.models import Provenance

from .matching import Candidate, Matcher, Query, Suggestion
from .models import MatchState, Proposal, ProposalLink, SuggestedMatch

# Sections that say who is responsible or how much money was spent: no topic words.
SKIPPED_SECTIONS = frozenset({"responsible", "funding", "links"})


@dataclass
class RankedMatch:
    """A suggestion as the office and the command see it: the matcher's result plus the office's word on it."""

    project: Project
    suggestion: Suggestion
    state: str  # MatchState value; "confirmed" also for projects linked by a decision

    def to_dict(self) -> dict:
        data = self.suggestion.to_dict()
        data["title"] = self.project.title
        data["state"] = self.state
        return data


def proposal_query(proposal: Proposal) -> Query:
    return Query(
        key=str(proposal.pk), texts={"title": proposal.title, "goal": proposal.goal, "background": proposal.background}
    )


def project_candidates(projects: Iterable[Project], *, feedback: bool = True) -> list[Candidate]:
    """The matcher's view of the projects, in a fixed number of queries whatever their count."""
    projects = list(projects)
    ids = [p.pk for p in projects]
    texts: dict[int, dict[str, list[str]]] = {p.pk: defaultdict(list) for p in projects}
    for p in projects:
        texts[p.pk]["title"].append(p.title)
        if p.summary:
            texts[p.pk]["summary"].append(p.summary)
    # Former titles ("Research Departments …" in 2020) still describe the project.
    project_type = ContentType.objects.get_for_model(Project)
    for object_id, value in Provenance.objects.filter(
        content_type=project_type, object_id__in=ids, field="title"
    ).values_list("object_id", "value"):
        if value and value not in texts[object_id]["title"]:
            texts[object_id]["title"].append(value)
    for project_id, key, text in ProjectSection.objects.filter(project_id__in=ids).values_list(
        "project_id", "key", "text"
    ):
        if key not in SKIPPED_SECTIONS:
            texts[project_id]["summary" if key == "summary" else "sections"].append(text)
    for project_id, name in SubProject.objects.filter(project_id__in=ids).values_list("project_id", "name"):
        texts[project_id]["subprojects"].append(name)
    for project_id, description in LocalReference.objects.filter(project_id__in=ids).values_list(
        "project_id", "description"
    ):
        known = " ".join(texts[project_id]["sections"] + texts[project_id]["summary"])
        # Mentions found in a report repeat its sentences; only the answer's own texts add something.
        if description and description not in known and description not in texts[project_id]["local"]:
            texts[project_id]["local"].append(description)

    confirmed: dict[int, dict[str, str]] = defaultdict(dict)
    if feedback:
        links = ProposalLink.objects.filter(project_id__in=ids).select_related("proposal")
        for link in links:
            p = link.proposal
            confirmed[link.project_id][str(p.pk)] = " ".join([p.title, p.goal, p.background])
    return [
        Candidate(
            code=p.code,
            texts={name: "\n".join(parts) for name, parts in texts[p.pk].items()},
            feedback=confirmed[p.pk],
        )
        for p in projects
    ]


def rank_matches(
    proposals: Iterable[Proposal], *, top: int = 3, feedback: bool = True, projects: Iterable[Project] | None = None
) -> dict[Proposal, list[RankedMatch]]:
    """For each proposal the `top` projects most likely to have taken it up.

    Projects the office linked or confirmed come first (state "confirmed"); pairs it
    rejected never appear; the rest are ranked by text similarity.
    """
    proposals = list(proposals)
    projects = list(projects if projects is not None else Project.objects.published().order_by("code"))
    by_code = {p.code: p for p in projects}
    queries = [proposal_query(p) for p in proposals]
    matcher = Matcher(project_candidates(projects, feedback=feedback), queries=queries)

    pks = [p.pk for p in proposals]
    rejected: dict[int, set[str]] = defaultdict(set)
    confirmed: dict[int, set[str]] = defaultdict(set)
    if feedback:
        for proposal_id, code, state in SuggestedMatch.objects.filter(proposal_id__in=pks).values_list(
            "proposal_id", "project__code", "state"
        ):
            if state == MatchState.REJECTED:
                rejected[proposal_id].add(code)
            elif state == MatchState.CONFIRMED:
                confirmed[proposal_id].add(code)
        for proposal_id, code in ProposalLink.objects.filter(proposal_id__in=pks).values_list(
            "proposal_id", "project__code"
        ):
            confirmed[proposal_id].add(code)

    result: dict[Proposal, list[RankedMatch]] = {}
    for proposal, query in zip(proposals, queries, strict=True):
        ranked = matcher.rank(query, exclude=rejected[proposal.pk] - confirmed[proposal.pk])
        ranked = [s for s in ranked if s.score > 0 or s.code in confirmed[proposal.pk]]
        ranked.sort(key=lambda s: (s.code not in confirmed[proposal.pk], -s.score, s.code))
        result[proposal] = [
            RankedMatch(
                by_code[s.code],
                s,
                MatchState.CONFIRMED if s.code in confirmed[proposal.pk] else MatchState.SUGGESTED,
            )
            for s in ranked[:top]
        ]
    return result
