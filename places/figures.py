"""The figures the public pages show: counts, current funding statements, figures per municipality, changes.

Part of the read model beside `attribution.py` (in `places`, the lowest app that owns all the data it reads),
so the portal, the answers to parliament and any other reader take the same numbers from one place. Every
function takes or starts from `Project.objects.published()`, so nothing that the public may not see is
counted. Each does a fixed number of queries. How the portal draws them is `portal/charts.py`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from programmes.models import ActionField, FundingStatement, Project, ProjectStatus
from sources.models import DocumentKind, Provenance, SourceDocument
from sources.printed_pages import printed_page

from .attribution import money_by_place
from .models import LocalReference, Municipality

# Order in charts and tables: finished first, then running, then the rest.
STATUS_ORDER = [
    ProjectStatus.COMPLETED,
    ProjectStatus.CONTINUED,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.UNDER_REVIEW,
    ProjectStatus.NOT_PURSUED,
]


def published() -> QuerySet[Project]:
    return Project.objects.published()


def with_current_funding(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Annotate the newest statement's volume and whether it states any figure at all (`ProjectQuerySet`)."""
    return projects.with_current_funding()


def current_funding_map(project_ids) -> dict[int, FundingStatement]:
    """The newest funding statement of each project, in one query."""
    return FundingStatement.objects.current_by_project(project_ids)


@dataclass
class StatusRow:
    label: str
    url: str
    counts: list[int]
    total: int


@dataclass
class StatusMatrix:
    statuses: list[tuple[str, str]]  # (code, label)
    rows: list[StatusRow]
    totals: list[int]
    total: int
    unknown: int = 0  # projects without a status

    @property
    def status_totals(self) -> list[tuple[str, str, int]]:
        return [(code, label, n) for (code, label), n in zip(self.statuses, self.totals, strict=True)]


def status_matrix(projects: QuerySet[Project] | None = None) -> StatusMatrix:
    """Projects by action field (rows) and status (columns), with totals."""
    projects = published() if projects is None else projects
    counts = Counter()
    for action_field_id, status, n in (
        projects.order_by()
        .values_list("action_field_id", "status")
        .annotate(n=Count("pk"))
        .values_list("action_field_id", "status", "n")
    ):
        counts[(action_field_id, status or "")] += n
    statuses = [(s.value, s.label) for s in STATUS_ORDER if any(k[1] == s.value for k in counts)]
    rows = []
    for af in ActionField.objects.all():
        row = [counts[(af.pk, code)] for code, _ in statuses]
        total = sum(n for (af_id, _s), n in counts.items() if af_id == af.pk)
        if total:
            rows.append(StatusRow(af.name, reverse("portal:action_field", args=[af.slug]), row, total))
    totals = [sum(counts[k] for k in counts if k[1] == code) for code, _ in statuses]
    return StatusMatrix(
        statuses=statuses,
        rows=rows,
        totals=totals,
        total=sum(counts.values()),
        unknown=sum(n for (_af, s), n in counts.items() if s == ""),
    )


@dataclass
class FundingTotal:
    volume: Decimal
    with_figure: int
    without_figure: int
    annual: Decimal
    with_annual: int


def funding_total(projects: QuerySet[Project] | None = None) -> FundingTotal:
    projects = published() if projects is None else projects
    statements = current_funding_map(projects.values_list("pk", flat=True))
    volume = sum((s.volume_eur for s in statements.values() if s.volume_eur is not None), Decimal(0))
    annual = sum((s.annual_eur for s in statements.values() if s.annual_eur is not None), Decimal(0))
    with_figure = sum(1 for s in statements.values() if s.volume_eur is not None)
    return FundingTotal(
        volume=volume,
        with_figure=with_figure,
        without_figure=projects.count() - with_figure,
        annual=annual,
        with_annual=sum(1 for s in statements.values() if s.annual_eur is not None),
    )


@dataclass
class PlaceFigures:
    municipality: Municipality
    projects: int = 0
    funding: Decimal | None = None  # exact and estimated together: only the map's shade
    exact: int = 0
    estimated: int = 0
    unknown: int = 0
    shade: int = 0  # map class, set by maps.classify
    exact_eur: Decimal | None = None
    estimated_eur: Decimal | None = None
    applied_eur: Decimal | None = None  # applied for, not granted: shown apart, never in `funding`
    approx: bool = False  # `funding` contains an estimate or a figure stated as "rund"
    exact_approx: bool = False  # one of the exact figures is stated as "rund"


def municipality_figures() -> list[PlaceFigures]:
    """For each of the municipalities: published projects with a local reference and the funding attributed.

    The money is `attribution.money_by_place`, the read the API, the downloads and the answers use.
    """
    result = []
    for place in money_by_place(published()):
        result.append(
            PlaceFigures(
                municipality=place.municipality,
                projects=place.project_count,
                funding=place.total_eur,
                exact=place.exact_count,
                estimated=place.estimated_count,
                unknown=place.unknown_count,
                exact_eur=place.exact_eur if place.exact_count else None,
                estimated_eur=place.estimated_eur if place.estimated_count else None,
                applied_eur=place.applied_eur if place.applied_count else None,
                approx=place.exact_approx or bool(place.estimated_count),
                exact_approx=place.exact_approx,
            )
        )
    return result


def parliamentary_papers(project: Project) -> QuerySet[SourceDocument]:
    """Answers to parliamentary questions that state something about the project or its local references."""
    from django.contrib.contenttypes.models import ContentType

    project_type = ContentType.objects.get_for_model(Project)
    reference_type = ContentType.objects.get_for_model(LocalReference)
    reference_ids = list(project.local_references.values_list("pk", flat=True))
    stated = Provenance.objects.filter(
        Q(content_type=project_type, object_id=project.pk) | Q(content_type=reference_type, object_id__in=reference_ids)
    )
    return SourceDocument.objects.filter(
        kind=DocumentKind.PARLIAMENTARY_ANSWER, pk__in=stated.values("document_id")
    ).order_by(F("date").desc(nulls_last=True))


def project_at_line(document: SourceDocument, line: int) -> tuple[Project, int | None] | None:
    """The published project whose page in the document contains the line, with its printed page number."""
    from django.contrib.contenttypes.models import ContentType

    spans = Provenance.objects.filter(
        document=document,
        field="title",
        content_type=ContentType.objects.get_for_model(Project),
        start_line__lte=line,
        end_line__gte=line,
    ).values_list("object_id", flat=True)
    project = published().filter(pk__in=list(spans)).first()
    if project is None:
        return None
    return project, printed_page(document, project.code)


@dataclass
class Change:
    project: Project
    date: object
    kind: str  # "+" new, "~" changed
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field label, old, new)


def latest_changes(limit: int = 8) -> list[Change]:
    """The newest versions of published projects, with what changed (status, title, ministry, action field)."""
    history = Project.history.model
    public_ids = set(published().values_list("pk", flat=True))
    recent = list(
        history.objects.filter(id__in=public_ids)
        .order_by("-history_date", "-history_id")
        .values("id", "history_date", "history_type", "status", "title", "ministry_id", "action_field_id")[: limit * 6]
    )
    if not recent:
        return []
    ids = {r["id"] for r in recent}
    # All versions of those projects, to compare each with its predecessor.
    versions: dict[int, list[dict]] = {}
    for row in (
        history.objects.filter(id__in=ids)
        .order_by("history_date", "history_id")
        .values("id", "history_id", "history_date", "history_type", "status", "title")
    ):
        versions.setdefault(row["id"], []).append(row)
    projects = Project.objects.in_bulk(ids)
    labels = dict(ProjectStatus.choices)
    changes, seen = [], set()
    for r in recent:
        if r["id"] in seen or r["id"] not in projects:
            continue
        seen.add(r["id"])
        rows = versions[r["id"]]
        last = rows[-1]
        previous = rows[-2] if len(rows) > 1 else None
        diff = []
        if previous and last["history_type"] == "~":
            if previous["status"] != last["status"]:
                diff.append((_("Status"), labels.get(previous["status"], "–"), labels.get(last["status"], "–")))
            if previous["title"] != last["title"]:
                diff.append((_("Titel"), previous["title"], last["title"]))
        kind = "+" if previous is None or last["history_type"] == "+" else "~"
        changes.append(Change(projects[r["id"]], last["history_date"], kind, diff))
        if len(changes) >= limit:
            break
    return changes


def newest_progress_report() -> SourceDocument | None:
    return (
        SourceDocument.objects.of_kind(DocumentKind.PROGRESS_REPORT)
        .order_by(F("as_of").desc(nulls_last=True), "-imported_at")
        .defer("text")
        .first()
    )
