"""A small registry for the open-data, API and alerts tests: two published projects, one unpublished one full of tell-tale data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from accounts.models import Role, User
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
    ProjectSection,
    ProjectStatus,
    StatusRecord,
)
from programmes.services import ensure_reference_data
from proposals.models import Proposal, ProposalSource
from sources.models import DocumentKind, Provenance, SourceDocument

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
    text = "\n".join(f"Zeile {n}" for n in range(1, 201))
    return SourceDocument.objects.create(
        kind=kind,
        title=title,
        filename=f"{sha}.txt",
        sha256=sha * 64,
        date=as_of,
        as_of=as_of,
        year=as_of.year,
        text=text,
        line_count=200,
    )


def _state(record, field: str, document: SourceDocument, line: int, value: str) -> None:
    Provenance.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        field=field,
        document=document,
        start_line=line,
        end_line=line + 2,
        value=value,
    )


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # Most tests make many requests; the rate-limit tests switch it on themselves.
    settings.API_RATE_LIMIT = 0
    settings.SITE_URL = "https://ruhr-monitor.example"
    cache.clear()


@pytest.fixture
def registry(db) -> Registry:
    programme = ensure_reference_data()
    load_municipalities()
    bochum = Municipality.objects.get(ags="05911000")
    essen = Municipality.objects.get(ags="05113000")
    mobility = programme.action_fields.get(slug="mobilitaet")
    education = programme.action_fields.get(slug="bildung")
    ministry = Ministry.objects.order_by("pk").first()

    report = _document(DocumentKind.PROGRESS_REPORT, "Fortschrittsbericht 2024", date(2024, 12, 31), "a")
    answer = _document(DocumentKind.PARLIAMENTARY_ANSWER, "Antwort auf die Kleine Anfrage 4284", date(2020, 10, 1), "b")

    project = Project.objects.create(
        programme=programme,
        code="13-03",
        title="Baustellenkoordinierung Ruhr – Straßen für Bürger",
        slug="13-03-baustellenkoordinierung",
        action_field=mobility,
        ministry=ministry,
        status=ProjectStatus.IN_PROGRESS,
        summary="Koordination der Baustellen im Ruhrgebiet.",
    )
    _state(project, "title", report, 10, project.title)
    StatusRecord.objects.create(
        project=project,
        document=report,
        status=ProjectStatus.IN_PROGRESS,
        wording="in Umsetzung",
        start_line=10,
        end_line=40,
    )
    Milestone.objects.create(
        project=project, document=report, position=1, year=2019, text="Start", start_line=12, end_line=12
    )
    Milestone.objects.create(
        project=project,
        document=report,
        position=2,
        year=2023,
        month=6,
        text="Plattform online",
        start_line=13,
        end_line=13,
    )
    FundingStatement.objects.create(
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
    ProjectSection.objects.create(
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
    _state(ref, "funding_eur", answer, 50, "rund 250.000 Euro")
    essen_ref = LocalReference.objects.create(project=project, municipality=essen, description="Essen")
    _state(essen_ref, "mention", report, 20, "Essen")

    completed = Project.objects.create(
        programme=programme,
        code="09-02",
        title="Talents4Teachers – Lehrkräfte für Schülerinnen und Schüler",
        slug="09-02-talents4teachers",
        action_field=education,
        status=ProjectStatus.COMPLETED,
        region_wide=True,
    )
    _state(completed, "title", report, 60, completed.title)
    StatusRecord.objects.create(
        project=completed,
        document=report,
        status=ProjectStatus.COMPLETED,
        wording="abgeschlossen",
        start_line=60,
        end_line=70,
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
def office_user(db) -> User:
    return User.objects.create_user(
        "leitstelle", "leitstelle@example.org", "sehr-geheimes-passwort", role=Role.PROGRAMME_OFFICE
    )


@pytest.fixture
def office_client(client, office_user):
    client.force_login(office_user)
    return client
