"""What the public may see: every public read (REST API, downloads, catalogue, feeds, alerts) starts here.

Projects come only from `Project.objects.published()`; everything hanging on a
project (statements, local references, indicators) is taken only for those
projects, and statements only from source documents. Drafts of the reporting
cycle are never read here: they become registry data when a period is
published, and then reach the public through the same queries.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet

from places.attribution import PlaceMoney, money_by_place
from places.models import District, LocalReference, Municipality
from programmes.models import (
    ActionField,
    FundingStatement,
    Indicator,
    IndicatorValue,
    Milestone,
    Ministry,
    Project,
    ProjectSection,
    StatusRecord,
)
from proposals.models import Proposal
from sources.models import DocumentKind, Provenance, SourceDocument

from .filters import ProjectFilters


def projects(filters: ProjectFilters | None = None) -> QuerySet[Project]:
    qs = Project.objects.published().select_related("action_field", "ministry", "parent")
    if filters is None:
        return qs.order_by("code")
    return filters.apply(qs).order_by("code")


def ranked_projects(filters: ProjectFilters):
    """The projects of a search, best first, as the portal's list pages them (counted and sliced in the database)."""
    from portal.filters import RankedProjects

    return RankedProjects(
        filters.search(), Project.objects.published().select_related("action_field", "ministry", "parent")
    )


def search_order(filters: ProjectFilters) -> dict[int, int]:
    """Project id → position in the search's ranking (the portal's order), for lists that are not paged."""
    return {pk: n for n, pk in enumerate(filters.search().ranking().values_list("project_id", flat=True))}


def project_ids(filters: ProjectFilters | None = None) -> set[int]:
    return set(projects(filters).values_list("pk", flat=True))


def newest_per_project(qs: QuerySet) -> dict[int, object]:
    """The newest statement per project (by the document's date of reference), as the portal shows it."""
    newest: dict[int, object] = {}
    for item in qs.select_related("document").newest_first():
        newest.setdefault(item.project_id, item)
    return newest


def funding_statements(ids: set[int], *, document: SourceDocument | None = None) -> dict[int, FundingStatement]:
    qs = FundingStatement.objects.filter(project_id__in=ids)
    if document is not None:
        qs = qs.filter(document=document)
    return newest_per_project(qs)


def status_records(ids: set[int], *, document: SourceDocument | None = None) -> dict[int, StatusRecord]:
    qs = StatusRecord.objects.filter(project_id__in=ids)
    if document is not None:
        qs = qs.filter(document=document)
    return newest_per_project(qs)


def _current_lists(model, ids: set[int], document: SourceDocument | None, order: str) -> QuerySet:
    """Items of the newest document that lists any for the project (milestones, sections)."""
    qs = model.objects.filter(project_id__in=ids)
    if document is not None:
        return qs.filter(document=document).select_related("document", "project").order_by("project__code", order)
    newest: dict[int, int] = {}
    for project_id, document_id in qs.newest_first().values_list("project_id", "document_id"):
        newest.setdefault(project_id, document_id)
    wanted = Q(pk__in=[])
    for project_id, document_id in newest.items():
        wanted |= Q(project_id=project_id, document_id=document_id)
    return qs.filter(wanted).select_related("document", "project").order_by("project__code", order)


def milestones(ids: set[int], *, document: SourceDocument | None = None) -> QuerySet[Milestone]:
    return _current_lists(Milestone, ids, document, "position")


def sections(ids: set[int], *, document: SourceDocument | None = None) -> QuerySet[ProjectSection]:
    return _current_lists(ProjectSection, ids, document, "position")


def local_references(ids: set[int], *, document: SourceDocument | None = None) -> QuerySet[LocalReference]:
    qs = LocalReference.objects.filter(project_id__in=ids)
    if document is not None:
        stated = Provenance.objects.filter(
            content_type=ContentType.objects.get_for_model(LocalReference), document=document
        ).values("object_id")
        qs = qs.filter(pk__in=stated)
    return qs.select_related("project", "municipality", "municipality__district").order_by(
        "project__code", "municipality__name"
    )


def indicators(ids: set[int]) -> QuerySet[Indicator]:
    values = IndicatorValue.objects.select_related("document").defer("document__text").order_by("as_of")
    return (
        Indicator.objects.filter(project_id__in=ids)
        .select_related("project")
        .prefetch_related(Prefetch("values", queryset=values))
        .order_by("project__code", "name")
    )


def indicator_values(ids: set[int]) -> QuerySet[IndicatorValue]:
    return (
        IndicatorValue.objects.filter(indicator__project_id__in=ids)
        .select_related("indicator", "indicator__project", "document")
        .order_by("indicator__project__code", "indicator__name", "as_of")
    )


def programme_indicators(ids: set[int] | None = None) -> list:
    """Programme indicators rolled up over published projects only (optionally a filtered subset of them)."""
    from programmes.rollup import rollups

    scope = Project.objects.published()
    if ids is not None:
        scope = scope.filter(pk__in=ids)
    return rollups(projects=scope)


def provenance(records: list) -> dict[tuple[int, int], list[Provenance]]:
    """Provenance rows of many records at once, keyed by (content type id, object id)."""
    out: dict[tuple[int, int], list[Provenance]] = defaultdict(list)
    if not records:
        return out
    by_type: dict[int, list[int]] = defaultdict(list)
    for record in records:
        by_type[ContentType.objects.get_for_model(record).pk].append(record.pk)
    query = Q(pk__in=[])
    for ct, pks in by_type.items():
        query |= Q(content_type_id=ct, object_id__in=pks)
    for prov in Provenance.objects.filter(query).select_related("document").order_by("document__as_of", "field", "pk"):
        out[(prov.content_type_id, prov.object_id)].append(prov)
    return out


def provenance_of(record, table: dict) -> list[Provenance]:
    return table.get((ContentType.objects.get_for_model(record).pk, record.pk), [])


def published_since(ids: set[int]) -> dict[int, datetime]:
    """When each project became public: the import of the first document that states it."""
    rows = (
        Provenance.objects.filter(content_type=ContentType.objects.get_for_model(Project), object_id__in=ids)
        .values("object_id")
        .annotate(first=Min("document__imported_at"))
    )
    return {row["object_id"]: row["first"] for row in rows}


# reference data ------------------------------------------------------------------------------


def action_fields() -> QuerySet[ActionField]:
    return ActionField.objects.annotate(
        project_count=Count("projects", filter=Q(projects__in=Project.objects.published()), distinct=True)
    ).order_by("position")


def ministries() -> QuerySet[Ministry]:
    return (
        Ministry.objects.annotate(
            project_count=Count("projects", filter=Q(projects__in=Project.objects.published()), distinct=True)
        )
        .prefetch_related("names")
        .order_by("abbreviation")
    )


def districts() -> QuerySet[District]:
    return District.objects.annotate(municipality_count=Count("municipalities")).order_by("name")


def municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("district").order_by("name")


def proposals() -> QuerySet[Proposal]:
    """Project ideas the office released. Only the public fields are ever read (never contact data)."""
    return (
        Proposal.objects.public()
        .select_related("document")
        .only("source", "number", "title", "theme", "goal", "background", "document", "start_line", "end_line")
        .prefetch_related("municipalities")
        .order_by("source", "number")
    )


def documents() -> QuerySet[SourceDocument]:
    return SourceDocument.objects.defer("text").order_by("-as_of", "title")


def reporting_periods():
    """Published reporting periods only; drafts of the reporting cycle are never read here."""
    from reporting.models import ReportingPeriod

    return ReportingPeriod.objects.published().select_related("document").order_by("-cut_off")


def reports() -> QuerySet[SourceDocument]:
    """Published progress reports: imported ones and the documents of published reporting periods."""
    from_periods = reporting_periods().exclude(document=None).values("document_id")
    return documents().filter(Q(kind=DocumentKind.PROGRESS_REPORT) | Q(pk__in=from_periods))


def last_modified() -> datetime | None:
    """The newest import or versioned change of public data; feeds Last-Modified (on every public API answer,
    hence kept per publication generation: eight aggregates less per request)."""
    from operations.caching import memoized

    return memoized("api-last-modified", _last_modified)


def _last_modified() -> datetime | None:
    stamps = [SourceDocument.objects.aggregate(m=Max("imported_at"))["m"]]
    for model in (Project, FundingStatement, LocalReference, Ministry, Indicator, Proposal):
        stamps.append(model.history.aggregate(m=Max("history_date"))["m"])
    from .models import Upload

    stamps.append(Upload.objects.aggregate(m=Max("applied_at"))["m"])
    stamps = [s for s in stamps if s is not None]
    return max(stamps) if stamps else None


# funding per municipality ------------------------------------------------------------------------


# The row type of the municipality datasets and API: places.attribution's per-place read, under its old name.
MunicipalityFunding = PlaceMoney


def funding_by_municipality(filters: ProjectFilters | None = None) -> tuple[list[MunicipalityFunding], int]:
    """Funding attributable per municipality and basis (`places.attribution`, as map and answers), published projects.

    Returns the rows for all 53 municipalities and the number of region-wide projects,
    which concern every municipality without a share of the money.
    """
    selected = projects(filters)
    rows = money_by_place(selected, municipalities())
    region_wide = selected.filter(region_wide=True).count()
    return rows, region_wide
