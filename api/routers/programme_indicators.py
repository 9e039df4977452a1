"""The programme's indicators in the REST API, rolled up from the published projects."""

from __future__ import annotations

from ninja import Router

from api import schemas, serializers
from api.common import ok, ok_or_404
from opendata import published
from opendata.problems import ProblemError
from programmes.models import ProgrammeIndicator
from programmes.rollup import rollup

router = Router()


@router.get(
    "/programme-indicators",
    response=ok(list[schemas.ProgrammeIndicator]),
    url_name="programme_indicators",
    summary="Kennzahlen des Programms, aus den veröffentlichten Projekten zusammengerechnet",
)
def list_programme_indicators(request):
    return [serializers.programme_indicator(r) for r in published.programme_indicators()]


@router.get(
    "/programme-indicators/{slug}",
    response=ok_or_404(schemas.ProgrammeIndicator),
    url_name="programme_indicator",
    summary="Eine Kennzahl des Programms mit allen Beiträgen und Lücken",
)
def get_programme_indicator(request, slug: str):
    found = ProgrammeIndicator.objects.filter(slug=slug).first()
    if found is None:
        raise ProblemError(404, f"Kennzahl des Programms „{slug}“ gibt es nicht.")
    return serializers.programme_indicator(rollup(found, projects=published.projects()))
