"""Proposals (Projektideen) in the REST API: released ones only."""

from __future__ import annotations

from django.db.models import Q
from ninja import Query, Router, Schema
from pydantic import Field

from api import schemas, serializers
from api.common import PageParams, ok, ok_or_404, paginate
from opendata import published
from opendata.problems import ProblemError

router = Router()


class ProposalParams(Schema):
    theme: str | None = Field(None, max_length=200, description="Thema (genauer Wortlaut)")
    q: str | None = Field(None, max_length=200, description="Suchbegriff in Titel, Ziel und Hintergrund")


@router.get("/proposals", response=ok(schemas.ProposalPage), url_name="proposals", summary="Projektideen")
def list_proposals(request, params: Query[ProposalParams], paging: Query[PageParams]):
    qs = published.proposals()
    if params.theme:
        qs = qs.filter(theme=params.theme)
    if params.q:
        qs = qs.filter(Q(title__icontains=params.q) | Q(goal__icontains=params.q) | Q(background__icontains=params.q))
    return paginate(request, qs, paging, lambda page: [serializers.proposal(p) for p in page])


@router.get("/proposals/{id}", response=ok_or_404(schemas.Proposal), url_name="proposal", summary="Eine Projektidee")
def get_proposal(request, id: str):
    source, _sep, number = id.rpartition("-")
    found = None
    if number.isdigit() and len(number) <= 5:
        found = published.proposals().filter(source=source, number=int(number)).first()
    if found is None:
        raise ProblemError(404, f"Projektidee „{id}“ gibt es nicht (Kennung wie ihk-12).")
    return serializers.proposal(found)
