"""The organisations in the REST API (mounted in api/api.py under /api/v1/organisations): published roles only."""

from __future__ import annotations

from django.db.models import Count, Q
from ninja import Router, Schema

from api.schemas import Problem
from opendata.problems import ProblemError
from organisations.models import Organisation, ProjectRole
from programmes.models import Project

router = Router(tags=["organisations"])


class Source(Schema):
    document_id: int
    start_line: int
    end_line: int


class RoleOut(Schema):
    project_code: str
    project_title: str
    project_url: str
    role: str
    role_label: str
    wording: str
    sentence: str
    source: Source


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    kind_label: str
    municipality_ags: str | None
    website: str
    other_names: list[str]
    project_count: int
    url: str


class OrganisationDetail(OrganisationOut):
    roles: list[RoleOut]


ERRORS = {400: Problem, 429: Problem, 500: Problem, 503: Problem}


def _organisation(o: Organisation, project_count: int) -> dict:
    return {
        "slug": o.slug,
        "name": o.name,
        "kind": o.kind,
        "kind_label": str(o.get_kind_display()),
        "municipality_ags": o.municipality.ags if o.municipality else None,
        "website": o.website,
        "other_names": [n.name for n in o.names.all()],
        "project_count": project_count,
        "url": o.get_absolute_url(),
    }


def _public():
    published = Project.objects.published()
    return (
        Organisation.objects.public()
        .annotate(project_count=Count("roles__project", filter=Q(roles__project__in=published), distinct=True))
        .select_related("municipality")
        .prefetch_related("names")
        .order_by("name")
    )


@router.get("", response={200: list[OrganisationOut], **ERRORS}, url_name="organisations", summary="Akteure")
def list_organisations(request):
    """Organisationen, die ein Dokument als Beteiligte eines veröffentlichten Projekts nennt."""
    return [_organisation(o, o.project_count) for o in _public()]


@router.get(
    "/{slug}",
    response={200: OrganisationDetail, 404: Problem, **ERRORS},
    url_name="organisation",
    summary="Ein Akteur mit seinen Rollen in Projekten",
)
def get_organisation(request, slug: str):
    found = _public().filter(slug=slug).first()
    if found is None:
        raise ProblemError(404, f"Akteur „{slug}“ gibt es nicht (Kurzname wie ruhr-universitaet-bochum).")
    roles = (
        ProjectRole.objects.published()
        .of(found)
        .select_related("project")
        .order_by("project__code", "role", "start_line")
    )
    data = _organisation(found, found.project_count)
    data["roles"] = [
        {
            "project_code": r.project.code,
            "project_title": r.project.title,
            "project_url": r.project.get_absolute_url(),
            "role": r.role,
            "role_label": str(r.get_role_display()),
            "wording": r.wording,
            "sentence": r.sentence,
            "source": {"document_id": r.document_id, "start_line": r.start_line, "end_line": r.end_line},
        }
        for r in roles
    ]
    return data
