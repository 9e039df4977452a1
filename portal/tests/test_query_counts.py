"""Query counts of the public pages do not grow with the data: measured on the real report, then on a larger set.

The larger set adds published projects (with status, funding, milestones, sections,
local references and their provenance) that all concern Bochum and all match a
search word, plus many more milestones and references on the project whose page is
read. A page whose query count stays the same has no query per row.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from places.models import FundingBasis, LocalReference, Municipality
from portal import indexing
from programmes.models import FundingStatement, Milestone, Programme, Project, ProjectSection, StatusRecord
from sources.models import Provenance, SourceDocument

PAGES = {
    "project page": "/projekte/15-01-research-alliance-ruhr/",
    "project list with search and filter": "/projekte/?q=Forschung&status=in_progress",
    "project list, search only": "/projekte/?q=Forschung",
    "project list, search sorted by title": "/projekte/?q=Forschung&sortierung=titel",
    "municipality answer": "/anfragen/kommune/bochum/",
    "API list": "/api/v1/projects?page_size=50",
}


def grow(extra: int) -> None:
    """`extra` more published projects around Bochum, and the page of 15-01 with many more rows."""
    document = SourceDocument.objects.filter(kind="progress_report").order_by("-as_of").first()
    programme = Programme.objects.get()
    bochum = Municipality.objects.get(slug="bochum")
    others = list(Municipality.objects.exclude(pk=bochum.pk).order_by("pk")[:20])
    project_type = ContentType.objects.get_for_model(Project)
    span = {"document": document, "start_line": 1, "end_line": 1}
    projects = Project.objects.bulk_create(
        Project(
            programme=programme,
            code=f"98-{n:03d}",
            slug=f"98-{n:03d}-zukunftslabor",
            title=f"Zukunftslabor Forschung {n}",
            summary="Forschung und Transfer im Revier",
            status="in_progress",
        )
        for n in range(extra)
    )
    Provenance.objects.bulk_create(
        Provenance(content_type=project_type, object_id=p.pk, field="title", value=p.title, **span) for p in projects
    )
    StatusRecord.objects.bulk_create(
        StatusRecord(project=p, status="in_progress", wording="in Umsetzung", **span) for p in projects
    )
    FundingStatement.objects.bulk_create(
        FundingStatement(project=p, text="1 Mio. Euro", volume_eur=Decimal(1_000_000), **span) for p in projects
    )
    ProjectSection.objects.bulk_create(
        ProjectSection(project=p, key="vorgehen", heading="Vorgehen", text="Forschung", position=1, **span)
        for p in projects
    )
    target = Project.objects.get(code="15-01")
    first = (
        Milestone.objects.filter(project=target).order_by("-position").values_list("position", flat=True)[:1] or [0]
    )[0]
    newest_document = target.current_milestones().values_list("document", flat=True).first() or document.pk
    Milestone.objects.bulk_create(
        Milestone(
            project=target,
            document_id=newest_document,
            start_line=1,
            end_line=1,
            position=first + 1 + i,
            year=2030,
            text=f"Zusätzlicher Meilenstein {i}",
        )
        for i in range(extra)
    )
    references = LocalReference.objects.bulk_create(
        [
            LocalReference(project=p, municipality=bochum, funding_eur=1000, funding_basis=FundingBasis.EXACT)
            for p in projects
        ]
        + [
            LocalReference(project=target, municipality=m, funding_eur=1000, funding_basis=FundingBasis.EXACT)
            for m in others
            if not LocalReference.objects.filter(project=target, municipality=m).exists()
        ]
    )
    reference_type = ContentType.objects.get_for_model(LocalReference)
    Provenance.objects.bulk_create(
        Provenance(content_type=reference_type, object_id=r.pk, field="mention", value="Bochum", **span)
        for r in references
    )
    indexing.index_projects()


def query_counts(client) -> dict[str, int]:
    counts = {}
    for name, url in PAGES.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client, imported, django_assert_max_num_queries):
    small = query_counts(client)
    before = Project.objects.published().count()
    grow(120)
    assert Project.objects.published().count() == before + 120
    assert "98-119" in client.get("/projekte/?q=Zukunftslabor&seite=6").content.decode()  # the new rows are there
    for name, url in PAGES.items():
        with django_assert_max_num_queries(small[name]):
            client.get(url)
