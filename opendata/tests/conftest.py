"""The api tests' small programme (`public_and_secret`): two published projects, one unpublished one full of tell-tale data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from places.models import FundingBasis, LocalReference, Municipality
from places.services import load_municipalities
from portal.indexing import index_projects
from programmes.models import (
    FundingStatement,
    Indicator,
    IndicatorValue,
    Milestone,
    Ministry,
    Project,
    ProjectStatus,
    StatusRecord,
)
from programmes.services import ensure_reference_data
from proposals.models import Proposal, ProposalSource
from sources.models import DocumentKind, SourceDocument
from tests.factories import (
    FundingStatementFactory,
    MilestoneFactory,
    ProjectSectionFactory,
    SourceDocumentFactory,
    StatedProjectFactory,
    state,
)

SECRET = "GEHEIMENTWURF"  # appears only in the unpublished project; must never show up in public output
SECRET_AMOUNT = Decimal("987654321.00")


@dataclass
class Registry:
    report: SourceDocument
    answer: SourceDocument
    project: Project
    completed: Project
    unpublished: Project
    bochum: Municipality
    essen: Municipality


def _document(kind: str, title: str, as_of: date, sha: str) -> SourceDocument:
    return SourceDocumentFactory(
        kind=kind, title=title, filename=f"{sha}.txt", sha256=sha * 64, date=as_of, as_of=as_of
    )


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # Most tests make many requests; the rate-limit tests switch it on themselves.
    settings.API_RATE_LIMIT = 0
    settings.SITE_URL = "https://ruhr-monitor.example"
    cache.clear()


@pytest.fixture
def public_and_secret(db) -> Registry:
    """Two published projects (13-03 in Bochum and Essen, 09-02 completed) and an internal one full of SECRET."""
    programme = ensure_reference_data()
    load_municipalities()
    bochum = Municipality.objects.get(ags="05911000")
    essen = Municipality.objects.get(ags="05113000")
    mobility = programme.action_fields.get(slug="mobilitaet")
    education = programme.action_fields.get(slug="bildung")
    ministry = Ministry.objects.order_by("pk").first()

    report = _document(DocumentKind.PROGRESS_REPORT, "Fortschrittsbericht 2024", date(2024, 12, 31), "a")
    answer = _document(DocumentKind.PARLIAMENTARY_ANSWER, "Antwort auf die Kleine Anfrage 4284", date(2020, 10, 1), "b")

    project = StatedProjectFactory(
        programme=programme,
        code="13-03",
        title="Baustellenkoordinierung Ruhr – Straßen für Bürger",
        slug="13-03-baustellenkoordinierung",
        action_field=mobility,
        ministry=ministry,
        summary="Koordination der Baustellen im Ruhrgebiet.",
        stated_in=report,
        stated_in__line=10,
        stated_in__title_span=2,
        stated_in__wording="in Umsetzung",
    )
    MilestoneFactory(project=project, document=report, position=1, year=2019, text="Start", start_line=12)
    MilestoneFactory(
        project=project, document=report, position=2, year=2023, month=6, text="Plattform online", start_line=13
    )
    FundingStatementFactory(
        project=project,
        document=report,
        text="Projektvolumen: 1,5 Mio. Euro, davon Landesmittel 1,2 Mio. Euro",
        volume_eur=Decimal("1500000.00"),
        state_eur=Decimal("1200000.00"),
        spent_eur=Decimal("800000.00"),
        spent_as_of=date(2024, 6, 30),
        start_line=30,
        end_line=31,
    )
    ProjectSectionFactory(
        project=project,
        document=report,
        key="outlook",
        heading="Ausblick",
        text="Ausbau 2025.",
        start_line=35,
        end_line=36,
    )
    indicator = Indicator.objects.create(project=project, name="Koordinierte Baustellen", unit="Anzahl")
    IndicatorValue.objects.create(
        indicator=indicator, document=report, value=Decimal("27"), as_of=date(2024, 12, 31), start_line=33, end_line=33
    )
    ref = LocalReference.objects.create(
        project=project,
        municipality=bochum,
        description="Baustellen in Bochum",
        funding_eur=Decimal("250000.00"),
        funding_basis=FundingBasis.EXACT,
        funding_text="rund 250.000 Euro",
    )
    state(ref, "funding_eur", answer, "rund 250.000 Euro", line=50, span=2)
    essen_ref = LocalReference.objects.create(project=project, municipality=essen, description="Essen")
    state(essen_ref, "mention", report, "Essen", line=20, span=2)

    completed = StatedProjectFactory(
        programme=programme,
        code="09-02",
        title="Talents4Teachers – Lehrkräfte für Schülerinnen und Schüler",
        slug="09-02-talents4teachers",
        action_field=education,
        status=ProjectStatus.COMPLETED,
        region_wide=True,
        stated_in=report,
        stated_in__line=60,
        stated_in__title_span=2,
        stated_in__status_span=10,
        stated_in__wording="abgeschlossen",
    )

    # Typed into the admin, stated by no document: internal until a published document states it.
    unpublished = Project.objects.create(
        programme=programme,
        code="99-99",
        title=f"{SECRET} Projekt",
        slug="99-99-geheim",
        action_field=mobility,
        status=ProjectStatus.IN_PROGRESS,
        summary=SECRET,
    )
    FundingStatement.objects.create(
        project=unpublished, document=report, text=SECRET, volume_eur=SECRET_AMOUNT, start_line=90, end_line=90
    )
    Milestone.objects.create(
        project=unpublished, document=report, position=1, year=2024, text=SECRET, start_line=91, end_line=91
    )
    StatusRecord.objects.create(project=unpublished, document=report, status=ProjectStatus.IN_PROGRESS, wording=SECRET)
    LocalReference.objects.create(
        project=unpublished,
        municipality=bochum,
        description=SECRET,
        funding_eur=SECRET_AMOUNT,
        funding_basis=FundingBasis.EXACT,
        funding_text=SECRET,
    )
    Indicator.objects.create(project=unpublished, name=SECRET)

    Proposal.objects.create(
        source=ProposalSource.CHAMBERS,
        number=1,
        title="Gründerzentrum Ruhr",
        theme="Wirtschaft",
        goal="Mehr Gründungen in Bochum",
        document=answer,
        start_line=5,
        end_line=9,
        status="published",
    )
    Proposal.objects.create(
        source=ProposalSource.CITIZEN, number=2, title=f"{SECRET} Idee", theme="Wirtschaft", status="submitted"
    )
    # The index is built when the transaction commits; a test's transaction never does. The API searches it.
    index_projects()
    return Registry(report, answer, project, completed, unpublished, bochum, essen)


@pytest.fixture
def office_client(client, people):
    client.force_login(people.office)
    return client
