"""Public pages of the organisations: the list and one page per organisation with its projects and roles."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from programmes.models import Project

from .models import Organisation, OrganisationKind, ProjectRole, Role


@require_safe
def organisation_list(request):
    kind = request.GET.get("art", "")
    published = Project.objects.published()
    organisations = (
        Organisation.objects.public()
        .annotate(project_count=Count("roles__project", filter=Q(roles__project__in=published), distinct=True))
        .select_related("municipality")
        .order_by("name")
    )
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    return render(
        request,
        "organisations/list.html",
        {"organisations": organisations, "kinds": OrganisationKind.choices, "kind": kind},
    )


@require_safe
def organisation_detail(request, slug: str):
    organisation = get_object_or_404(Organisation.objects.public().select_related("municipality"), slug=slug)
    roles = (
        ProjectRole.objects.published()
        .of(organisation)
        .select_related("project", "project__action_field", "document")
        .defer("document__text")
        .order_by("project__code", "role", "start_line")
    )
    projects: dict[int, dict] = {}
    for role in roles:
        entry = projects.setdefault(role.project_id, {"project": role.project, "roles": []})
        entry["roles"].append(role)
    by_role = {code: sum(1 for e in projects.values() if any(r.role == code for r in e["roles"])) for code in Role}
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "projects": list(projects.values()),
            "by_role": [(Role(code).label, n) for code, n in by_role.items() if n],
            "former_names": organisation.names.filter(kind="former"),
            "aliases": organisation.names.filter(kind="alias"),
        },
    )
