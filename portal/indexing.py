"""Keeps the search index (`SearchDocument`: one row of stems per published project) in step with the registry.

Only published projects are indexed (a search then never checks publication); a provenance row of a project
changes that. Registry saves mark the project as pending; the index of all pending projects
is rebuilt once when the transaction commits (an import of a whole report is
one transaction, so one rebuild). `rebuild_search_index` and the post-migrate
hook rebuild everything, e.g. for a database filled before the index existed.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F

from . import search

_pending: set[int] = set()
_lock = threading.Lock()


def project_texts(project_ids: Iterable[int] | None = None) -> dict[int, list[tuple[str, int]]]:
    """Per project: (text, weight) pairs of everything its public page shows (newest report's text)."""
    from places.models import LocalReference
    from programmes.models import Milestone, Project, ProjectSection, SubProject

    # Only what the public may see is indexed, so a search never checks publication per posting.
    projects = Project.objects.published().select_related("action_field", "ministry")
    if project_ids is not None:
        projects = projects.filter(pk__in=list(project_ids))
    texts: dict[int, list[tuple[str, int]]] = {}
    for p in projects:
        entry = [(p.code, search.WEIGHT_CODE), (p.title, search.WEIGHT_TITLE), (p.summary, search.WEIGHT_SUMMARY)]
        if p.action_field:
            entry.append((f"{p.action_field.name} {p.action_field.short_name}", search.WEIGHT_NAMES))
        if p.ministry:
            entry.append((f"{p.ministry.name} {p.ministry.abbreviation}", search.WEIGHT_NAMES))
        texts[p.pk] = entry
    ids = list(texts)

    for sub in SubProject.objects.filter(project_id__in=ids).only("project_id", "name", "description"):
        texts[sub.project_id] += [(sub.name, search.WEIGHT_NAMES), (sub.description, search.WEIGHT_TEXT)]
    for ref in LocalReference.objects.filter(project_id__in=ids).select_related("municipality"):
        texts[ref.project_id].append((ref.municipality.name, search.WEIGHT_PLACE))

    # Only the newest document's sections and milestones: what the project page shows.
    for model, field in ((ProjectSection, "text"), (Milestone, "text")):
        rows = (
            model.objects.filter(project_id__in=ids)
            .order_by("project_id", F("document__as_of").desc(nulls_last=True), "-document__imported_at")
            .values_list("project_id", "document_id", field)
        )
        newest: dict[int, int] = {}
        for project_id, document_id, text in rows:
            newest.setdefault(project_id, document_id)
            if newest[project_id] == document_id:
                texts[project_id].append((text, search.WEIGHT_TEXT))
    return texts


CHUNK = 2000  # projects per round: bounds memory when the whole index of a large programme is rebuilt
ANALYZE_FROM = 1000  # re-indexing this many projects at once refreshes the planner statistics


@transaction.atomic
def index_projects(project_ids: Iterable[int] | None = None) -> int:
    """(Re)build the search documents of the given projects, or of all; returns the number of stems written."""
    from programmes.models import Project

    from .models import SearchDocument

    if project_ids is None:
        SearchDocument.objects.all().delete()
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(project_ids))
        SearchDocument.objects.filter(project_id__in=ids).delete()
    written = 0
    for start in range(0, len(ids), CHUNK):
        written += _write_documents(ids[start : start + CHUNK])
    if project_ids is None or len(ids) >= ANALYZE_FROM:
        _refresh_statistics()
    return written


def _refresh_statistics() -> None:
    """Fresh planner statistics after a large rewrite, inside its transaction (PostgreSQL counts its own rows).

    Autovacuum would analyze the table some time after the commit; until then the planner plans the search
    with the old row count and the old picture of the columns, and may walk every document in code order for a
    word it takes for frequent. ANALYZE samples a bounded number of rows, so it stays cheap.
    """
    if connection.vendor != "postgresql":
        return  # SQLite plans from its indexes without table statistics unless ANALYZE was ever run
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE portal_searchdocument")  # Django has no API for it


def _write_documents(project_ids: list[int]) -> int:
    from programmes.models import Project

    from .models import SearchDocument

    texts = project_texts(project_ids)
    own = {
        row["pk"]: row
        for row in Project.objects.filter(pk__in=list(texts)).values(
            "pk", "code", "action_field_id", "ministry_id", "status", "pillar"
        )
    }
    documents = []
    written = 0
    for project_id, parts in texts.items():
        weights: dict[str, int] = defaultdict(int)
        for text, weight in parts:
            for term in search.terms(text or ""):
                weights[term] = max(weights[term], weight)
        project = own[project_id]
        documents.append(
            SearchDocument(
                project_id=project_id,
                project_code=project["code"],
                action_field_id=project["action_field_id"],
                ministry_id=project["ministry_id"],
                status=project["status"],
                pillar=project["pillar"],
                **search.document(weights),
            )
        )
        written += len(weights)
    SearchDocument.objects.bulk_create(documents, batch_size=500)
    return written


def schedule(project_id: int | None) -> None:
    """Mark a project for re-indexing when the current transaction commits (at once outside one)."""
    if project_id is None:
        return
    with _lock:
        _pending.add(project_id)
    transaction.on_commit(flush)


def flush() -> None:
    with _lock:
        ids = set(_pending)
        _pending.clear()
    if ids:
        index_projects(ids)


def _project_id(instance) -> int | None:
    from programmes.models import Project

    return instance.pk if isinstance(instance, Project) else getattr(instance, "project_id", None)


def on_registry_change(sender, instance, **kwargs) -> None:
    schedule(_project_id(instance))


def on_ministry_change(sender, instance, **kwargs) -> None:
    for project_id in instance.projects.values_list("pk", flat=True):
        schedule(project_id)


def on_provenance_change(sender, instance, **kwargs) -> None:
    """A project becomes public (or stops being public) when a published document states it."""
    if instance.content_type.app_label == "programmes" and instance.content_type.model == "project":
        schedule(instance.object_id)


def on_post_migrate(sender, **kwargs) -> None:
    """Fill an empty index for a database that had projects before the index existed."""
    from programmes.models import Project

    from .models import SearchDocument

    try:
        if not SearchDocument.objects.exists() and Project.objects.exists():
            index_projects()
    except Exception:  # a half-migrated database must not break migrate
        return


def connect() -> None:
    from django.db.models.signals import post_delete, post_migrate, post_save

    from places.models import LocalReference
    from programmes.models import Milestone, Ministry, Project, ProjectSection, SubProject
    from sources.models import Provenance

    for model in (Project, ProjectSection, SubProject, LocalReference, Milestone):
        post_save.connect(on_registry_change, sender=model, dispatch_uid=f"portal-index-{model.__name__}")
        post_delete.connect(on_registry_change, sender=model, dispatch_uid=f"portal-index-del-{model.__name__}")
    post_save.connect(on_ministry_change, sender=Ministry, dispatch_uid="portal-index-ministry")
    post_save.connect(on_provenance_change, sender=Provenance, dispatch_uid="portal-index-provenance")
    post_delete.connect(on_provenance_change, sender=Provenance, dispatch_uid="portal-index-del-provenance")
    post_migrate.connect(on_post_migrate, dispatch_uid="portal-index-post-migrate")
