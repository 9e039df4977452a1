"""Public pages. Thin: reads come from querysets and model methods."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from places.models import Municipality
from programmes.models import ActionField, Project
from sources.models import DocumentKind, Provenance, SourceDocument


def start(request):
    projects = Project.objects.for_listing()
    groups = []
    for field in ActionField.objects.all():
        members = [p for p in projects if p.action_field_id == field.pk]
        if members:
            groups.append((field, members))
    unassigned = [p for p in projects if p.action_field_id is None]
    report = SourceDocument.objects.of_kind(DocumentKind.PROGRESS_REPORT).order_by("-as_of").first()
    return render(
        request,
        "portal/start.html",
        {
            "groups": groups,
            "unassigned": unassigned,
            "project_count": len(projects),
            "report": report,
            "documents": SourceDocument.objects.all(),
        },
    )


def project_detail(request, slug: str):
    project = get_object_or_404(Project.objects.select_related("action_field", "ministry", "parent"), slug=slug)
    return render(
        request,
        "portal/project.html",
        {
            "project": project,
            "funding": project.current_funding(),
            "milestones": project.current_milestones().select_related("document"),
            "sections": project.current_sections(),
            "status_records": project.status_records.newest_first().select_related("document"),
            "local_references": project.local_references.select_related("municipality"),
            "provenance": Provenance.objects.for_record(project),
        },
    )


def municipality_detail(request, slug: str):
    municipality = get_object_or_404(Municipality.objects.select_related("district"), slug=slug)
    references = municipality.local_references.select_related("project", "project__action_field").order_by(
        "project__code"
    )
    return render(request, "portal/municipality.html", {"municipality": municipality, "references": references})


def source_document(request, pk: int):
    document = get_object_or_404(SourceDocument, pk=pk)
    start, end = _line_param(request.GET.get("von")), _line_param(request.GET.get("bis"))
    return render(
        request,
        "portal/source.html",
        {
            "document": document,
            "lines": document.lines(1, document.line_count),
            "highlight_start": start or 0,
            "highlight_end": end or start or 0,
        },
    )


def _line_param(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None
