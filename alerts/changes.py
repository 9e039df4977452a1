"""What changed in the public registry, newest first: the source of the Atom feeds, the alerts and /api/v1/changes.

Changes come from what the registry already records: the import of a source
document, the moment a project became public (its first stating document),
and the version history (django-simple-history) of projects, funding
statements and local references. Only published projects count, and only
what happened after they became public, so that nothing typed before
publication ever shows up in a feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse

from opendata import published
from places.models import FundingBasis, LocalReference
from programmes import funding
from programmes.models import ActionField, FundingStatement, Ministry, Pillar, Project, ProjectStatus

API_LIMIT = 500

PROJECT_FIELDS = ("title", "status", "action_field", "ministry", "pillar", "region_wide", "summary")
# Every field of the one definition except the reason, which only explains an empty figure.
FUNDING_FIELDS = tuple(name for name in funding.NAMES if name != "reason")
REFERENCE_FIELDS = ("description", "funding_eur", "funding_basis", "funding_text")
LONG_TEXT = {"summary", "text", "description", "funding_text"}


@dataclass
class Change:
    id: str
    at: datetime
    kind: str
    title: str
    text: str
    url: str
    project: Project | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "kind": self.kind,
            "title": self.title,
            "text": self.text,
            "project_code": self.project.code if self.project else None,
            "url": self.url,
        }


def changes(*, project_ids: set[int] | None = None, since: datetime | None = None, limit: int = 50) -> list[Change]:
    """Changes of the given published projects (None: the whole programme, including new documents)."""
    visible = published.project_ids()
    if project_ids is not None:
        visible &= project_ids
    public_since = published.published_since(visible)
    projects = {p.pk: p for p in Project.objects.filter(pk__in=visible).select_related("action_field", "ministry")}
    found: list[Change] = []

    if project_ids is None:
        documents = published.documents()
        if since is not None:
            documents = documents.filter(imported_at__gte=since)
        for document in documents.order_by("-imported_at")[:limit]:
            found.append(
                Change(
                    f"document-{document.pk}",
                    document.imported_at,
                    "document",
                    f"Neues Dokument: {document.title}",
                    _document_note(document),
                    reverse("portal:source", args=[document.pk]),
                )
            )

    for pk, at in public_since.items():
        if since is None or at >= since:
            project = projects[pk]
            found.append(
                Change(
                    f"project-{pk}-published",
                    at,
                    "project.published",
                    f"Neues Projekt: {project.title} ({project.code})",
                    project.summary[:500] or _published_text(project),
                    project.get_absolute_url(),
                    project,
                )
            )

    def history(model, field: str, fields: tuple[str, ...], describe) -> None:
        qs = model.history.filter(**{f"{field}__in": visible}).exclude(history_type="-")
        if since is not None:
            qs = qs.filter(history_date__gte=since)
        for record in qs.order_by("-history_date")[: limit * 2]:
            project_id = getattr(record, field)
            start = public_since.get(project_id)
            if start is None or record.history_date < start:
                continue
            change = describe(record, projects[project_id], fields)
            if change is not None:
                found.append(change)

    history(Project, "id", PROJECT_FIELDS, _project_change)
    history(FundingStatement, "project_id", FUNDING_FIELDS, _funding_change)
    history(LocalReference, "project_id", REFERENCE_FIELDS, _reference_change)

    found.sort(key=lambda c: c.at, reverse=True)
    return found[:limit]


def _published_text(project: Project) -> str:
    """For a project whose document gives no summary: what is known, so no feed entry is empty."""
    parts = [f"Projekt {project.code} ist jetzt im Ruhr-Monitor veröffentlicht"]
    if project.action_field_id:
        parts.append(f"Handlungsfeld {project.action_field.name}")
    if project.ministry_id:
        parts.append(f"Ressort {project.ministry.abbreviation}")
    return ", ".join(parts) + "."


# describing one history record ---------------------------------------------------------------------


def _document_note(document) -> str:
    parts = [document.get_kind_display()]
    if document.as_of:
        parts.append(f"Stand {document.as_of:%d.%m.%Y}")
    if document.kind == "progress_report" or document.date:
        parts.append(document.publication_note())
    return ", ".join(str(p) for p in parts) + "."


def _differences(record, fields: tuple[str, ...]) -> list[tuple[str, Any, Any]]:
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous, included_fields=list(fields))
    return [(c.field, c.old, c.new) for c in delta.changes]


def _label(model, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


def _shown(field: str, value: Any) -> str:
    if value in (None, ""):
        return "–"
    if field == "status":
        return str(ProjectStatus(value).label) if value in ProjectStatus.values else str(value)
    if field == "pillar":
        return str(Pillar(value).label) if value in Pillar.values else str(value)
    if field == "funding_basis":
        return str(FundingBasis(value).label) if value in FundingBasis.values else str(value)
    if field == "action_field":
        found = ActionField.objects.filter(pk=value).first()
        return found.name if found else "–"
    if field == "ministry":
        found = Ministry.objects.filter(pk=value).first()
        return found.name if found else "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, Decimal):
        return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return str(value)


def _describe(model, differences) -> str:
    parts = []
    for field, old, new in differences:
        if field in LONG_TEXT:
            parts.append(f"{_label(model, field)} geändert.")
        else:
            parts.append(f"{_label(model, field)}: {_shown(field, old)} → {_shown(field, new)}.")
    return " ".join(parts)


def _project_change(record, project: Project, fields) -> Change | None:
    if record.history_type != "~":
        return None  # creation is reported as "published" at the time the project became public
    differences = _differences(record, fields)
    if not differences:
        return None
    kind = "project.status" if any(f == "status" for f, _o, _n in differences) else "project.changed"
    return Change(
        f"project-history-{record.history_id}",
        record.history_date,
        kind,
        f"{project.code} geändert: {project.title}",
        _describe(Project, differences),
        project.get_absolute_url(),
        project,
    )


def _funding_change(record, project: Project, fields) -> Change | None:
    if record.history_type == "+":
        return Change(
            f"funding-history-{record.history_id}",
            record.history_date,
            "funding",
            f"{project.code}: Angabe zum Projektvolumen",
            record.text[:500] or "Neue Angabe zum Projektvolumen, ohne Wortlaut.",
            project.get_absolute_url(),
            project,
        )
    differences = _differences(record, fields)
    if not differences:
        return None
    return Change(
        f"funding-history-{record.history_id}",
        record.history_date,
        "funding",
        f"{project.code}: Projektvolumen geändert",
        _describe(FundingStatement, differences),
        project.get_absolute_url(),
        project,
    )


def _reference_change(record, project: Project, fields) -> Change | None:
    municipality = record.municipality.name if record.municipality_id else "?"
    if record.history_type == "+":
        return Change(
            f"reference-history-{record.history_id}",
            record.history_date,
            "local_reference",
            f"{project.code}: Ortsbezug {municipality}",
            (record.description or "")[:500]
            or f"Projekt {project.code} betrifft jetzt auch {municipality}; ohne Beschreibung im Dokument.",
            project.get_absolute_url(),
            project,
        )
    differences = _differences(record, fields)
    if not differences:
        return None
    return Change(
        f"reference-history-{record.history_id}",
        record.history_date,
        "local_reference",
        f"{project.code}: Ortsbezug {municipality} geändert",
        _describe(LocalReference, differences),
        project.get_absolute_url(),
        project,
    )
