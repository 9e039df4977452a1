"""Keeps the search index (`SearchTerm`) in step with the registry.

The index is two tables: the distinct stems (`SearchWord`) and the postings
(`SearchTerm`: project, stem, field weight). Only published projects are indexed (a search then never checks publication per
posting); a provenance row of a project changes that. Registry saves mark the project as pending; the index of all pending projects
is rebuilt once when the transaction commits (an import of a whole report is
one transaction, so one rebuild). `rebuild_search_index` and the post-migrate
hook rebuild everything, e.g. for a database filled before the index existed.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef

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
    """(Re)build the index rows of the given projects, or of all; returns the number of terms written."""
    from programmes.models import Project

    from .models import SearchTerm, SearchWord

    if project_ids is None:
        SearchTerm.objects.all().delete()
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(project_ids))
        SearchTerm.objects.filter(project_id__in=ids).delete()
    written = 0
    for start in range(0, len(ids), CHUNK):
        written += _write_postings(ids[start : start + CHUNK])
    if project_ids is None:
        # Stems no project uses any more only cost a LIKE comparison; a full rebuild drops them.
        used = SearchTerm.objects.filter(term=OuterRef("term"))
        SearchWord.objects.filter(~Exists(used)).delete()  # NOT EXISTS: an anti-join, unlike NOT IN on PostgreSQL
    if project_ids is None or len(ids) >= ANALYZE_FROM:
        _refresh_statistics()
    return written


def _refresh_statistics() -> None:
    """Fresh planner statistics after a large rewrite, inside its transaction (PostgreSQL counts its own rows).

    Autovacuum would analyze the tables some time after the commit; until then the planner plans the search
    with the old row counts, and on a rewritten index that can mean a nested loop over every posting (seen:
    6 s per search query instead of milliseconds). ANALYZE samples a bounded number of rows, so it stays cheap.
    """
    if connection.vendor != "postgresql":
        return  # SQLite plans from its indexes without table statistics unless ANALYZE was ever run
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE portal_searchterm, portal_searchword")  # Django has no API for it


def _write_postings(project_ids: list[int]) -> int:
    from programmes.models import Project

    from .models import SearchTerm, SearchWord

    texts = project_texts(project_ids)
    codes = dict(Project.objects.filter(pk__in=list(texts)).values_list("pk", "code"))
    rows = []
    for project_id, parts in texts.items():
        weights: dict[str, int] = defaultdict(int)
        for text, weight in parts:
            for term in search.terms(text or ""):
                weights[term] = max(weights[term], weight)
        code = codes[project_id]
        rows += [SearchTerm(project_id=project_id, project_code=code, term=t, weight=w) for t, w in weights.items()]
    # New stems into the word table first. Known ones are skipped by the unique index (ON CONFLICT DO NOTHING),
    # not looked up first: PostgreSQL answers `term IN (5,000 stems)` from the trigram index (it supports
    # equality) and took 51 s per lookup at 100,000 projects; a concurrent rebuild may insert the same stem too.
    distinct = sorted({row.term for row in rows})
    SearchWord.objects.bulk_create([SearchWord(term=t) for t in distinct], batch_size=2000, ignore_conflicts=True)
    SearchTerm.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


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

    from .models import SearchTerm

    try:
        if not SearchTerm.objects.exists() and Project.objects.exists():
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
