"""The 53 municipalities and their districts in the REST API, with the funding attributed to them."""

from __future__ import annotations

from django.db.models import Q
from ninja import Query, Router, Schema
from pydantic import Field

from api import schemas, serializers
from api.common import PageParams, ok, ok_or_404, paginate
from opendata import published
from opendata.filters import ProjectFilters
from opendata.problems import ProblemError

router = Router()


class MunicipalityParams(Schema):
    district: str | None = Field(None, max_length=100, description="Kreis: Kreisschlüssel oder Kurzname")
    q: str | None = Field(None, max_length=100, description="Teil des Namens")


@router.get(
    "/municipalities",
    response=ok(schemas.MunicipalityPage),
    url_name="municipalities",
    summary="Die 53 Kommunen mit Projekten und Förderung",
)
def list_municipalities(request, params: Query[MunicipalityParams], paging: Query[PageParams]):
    """Förderung je Kommune nach Grundlage getrennt (genau / geschätzt), nur veröffentlichte Projekte."""
    rows, _region_wide = published.funding_by_municipality()
    if params.district:
        district = ProjectFilters(district=params.district).find_district()
        rows = [r for r in rows if r.municipality.district_id == district.pk]
    if params.q:
        rows = [r for r in rows if params.q.lower() in r.municipality.name.lower()]
    return paginate(request, rows, paging, lambda page: [serializers.municipality(r) for r in page])


@router.get(
    "/municipalities/{ags}",
    response=ok_or_404(schemas.MunicipalityDetail),
    url_name="municipality",
    summary="Eine Kommune mit ihren Projekten und der zurechenbaren Förderung",
)
def get_municipality(request, ags: str):
    from answers.place_answers import Filters, build_answer

    rows, _region_wide = published.funding_by_municipality()
    row = next((r for r in rows if ags in (r.municipality.ags, r.municipality.slug)), None)
    if row is None:
        raise ProblemError(
            404, f"Kommune „{ags}“ gibt es im Ruhrgebiet nicht (Amtlicher Gemeindeschlüssel, 8 Ziffern)."
        )
    ids = published.project_ids()
    answer = build_answer(Filters(municipality=row.municipality))
    data = serializers.municipality(row)
    data["projects"] = [
        serializers.answer_row(r) for r in answer.rows if r.project.pk in ids and r.basis != "region_wide"
    ]
    data["region_wide_projects"] = sorted(
        {r.project.code for r in answer.rows if r.project.pk in ids and r.basis == "region_wide"}
    )
    return data


@router.get("/districts", response=ok(list[schemas.District]), url_name="districts", summary="Kreise")
def list_districts(request):
    return [serializers.district(d) for d in published.districts()]


@router.get("/districts/{ags}", response=ok_or_404(schemas.District), url_name="district", summary="Ein Kreis")
def get_district(request, ags: str):
    found = published.districts().filter(Q(ags=ags) | Q(slug=ags)).first()
    if found is None:
        raise ProblemError(404, f"Kreis „{ags}“ gibt es nicht.")
    return serializers.district(found)
