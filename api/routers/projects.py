"""Projects in the REST API: the filtered list and one project with its milestones, funding and places."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from ninja import Query, Router

from api import schemas, serializers
from api.common import PageParams, ok, ok_or_404, paginate
from opendata import published
from opendata.filters import ProjectFilters
from opendata.problems import ProblemError
from places.models import LocalReference
from programmes.models import Project

router = Router()


def _project_summaries(projects: list[Project]) -> list[dict[str, Any]]:
    ids = {p.pk for p in projects}
    funding = published.funding_statements(ids)
    # Counted for the page only: an annotation on the whole list would group every published project per request.
    counts = dict(
        LocalReference.objects.filter(project_id__in=ids)
        .order_by()
        .values("project_id")
        .annotate(n=Count("pk"))
        .values_list("project_id", "n")
    )
    for project in projects:
        project.municipality_count = counts.get(project.pk, 0)
    return [serializers.project_summary(p, funding.get(p.pk)) for p in projects]


@router.get("/projects", response=ok(schemas.ProjectPage), url_name="projects", summary="Projekte (filterbar)")
def list_projects(request, filters: Query[ProjectFilters], paging: Query[PageParams]):
    """Veröffentlichte Projekte, nach Projektnummer. Dieselben Filter liefern die Downloads unter /daten/download/."""
    # A search lists its hits best first, as the portal does; otherwise by project code.
    qs = published.ranked_projects(filters) if filters.searching else published.projects(filters)
    return paginate(request, qs, paging, _project_summaries)


def _project(code: str) -> Project:
    project = published.projects().filter(code=code).first()
    if project is None:
        raise ProblemError(404, f"Projekt „{code}“ gibt es nicht oder es ist nicht veröffentlicht.")
    return project


@router.get(
    "/projects/{code}", response=ok_or_404(schemas.Project), url_name="project", summary="Ein Projekt mit allen Angaben"
)
def get_project(request, code: str):
    return serializers.project_detail(_project(code))


@router.get(
    "/projects/{code}/milestones",
    response=ok_or_404(list[schemas.Milestone]),
    url_name="project_milestones",
    summary="Meilensteine eines Projekts",
)
def project_milestones(request, code: str):
    return serializers.project_detail(_project(code))["milestones"]


@router.get(
    "/projects/{code}/funding",
    response=ok_or_404(list[schemas.Funding]),
    url_name="project_funding",
    summary="Projektvolumen eines Projekts, neueste Angabe zuerst",
)
def project_funding(request, code: str):
    project = _project(code)
    return [serializers.funding(s) for s in project.funding_statements.select_related("document").newest_first()]


@router.get(
    "/projects/{code}/local-references",
    response=ok_or_404(list[schemas.LocalReference]),
    url_name="project_local_references",
    summary="Ortsbezüge eines Projekts",
)
def project_local_references(request, code: str):
    project = _project(code)
    refs = list(published.local_references({project.pk}))
    table = published.provenance(refs)
    return [serializers.local_reference(r, published.provenance_of(r, table)) for r in refs]
