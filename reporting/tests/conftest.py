"""Fixtures of the reporting-cycle tests: a small programme of stated projects, periods (people: root conftest)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from accounts.models import Role, User
from places.services import ensure_municipalities
from programmes.models import ProjectStatus
from programmes.services import ensure_reference_data
from tests import factories
from tests.factories import (
    FundingStatementFactory,
    MilestoneFactory,
    ProjectFactory,
    ProjectSectionFactory,
    SourceDocumentFactory,
    StatedProjectFactory,
    UserFactory,
    ministry,
    state,
)

PASSWORD = factories.PASSWORD  # the tests log in with it


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    # Rendered reports and generated sources go to a throw-away MEDIA_ROOT; renders run in the request.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_RENDER_SYNC = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Argon2 is meant to be slow; seven accounts per test would cost seconds (accounts tests check Argon2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_project(programme, document, *, code, title, ministry, status, line, field_slug="mobilitaet"):
    project = StatedProjectFactory(
        programme=programme,
        code=code,
        title=title,
        ministry=ministry,
        field_slug=field_slug,
        status=status,
        stated_in=document,
        stated_in__line=line,
        stated_in__title_span=5,
        stated_in__status_span=40,
    )
    state(project, "ministry", document, f"{ministry.name} des Landes Nordrhein-Westfalen", line=line + 2, span=5)
    FundingStatementFactory(
        project=project,
        document=document,
        text="1,9 Millionen Euro bis zum 30.06.2025",
        volume_eur=Decimal("1900000"),
        start_line=line + 30,
    )
    ProjectSectionFactory(
        project=project,
        document=document,
        key="recent_development",
        heading="Jüngste Entwicklung",
        text=f"Stand 2024 von {title}.",
        position=1,
        start_line=line + 10,
        end_line=line + 11,
    )
    ProjectSectionFactory(
        project=project,
        document=document,
        key="outlook",
        heading="Ausblick 2025",
        text="Weiterer Ausbau.",
        position=2,
        start_line=line + 20,
        end_line=line + 21,
    )
    MilestoneFactory(project=project, document=document, year=2023, text="Start", start_line=line + 5)
    return project


@pytest.fixture
def cycle_projects(db):
    """The programme the cycle's tests report on: four published projects, three of MUNV (the transport
    ministry), one of MKW; and one internal project."""
    programme = ensure_reference_data()
    ensure_municipalities()
    document = SourceDocumentFactory(
        filename="fortschrittsbericht-2024.txt",
        sha256="0" * 64,
        lines=399,
        summary={"completed": 42, "in_progress": 16, "not_pursued": 15, "total": 73},
    )
    munv = ministry("MUNV")
    mkw = ministry("MKW")
    projects = {
        "13-01": make_project(
            programme,
            document,
            code="13-01",
            title="ÖPNV-Initiative",
            ministry=munv,
            status=ProjectStatus.IN_PROGRESS,
            line=10,
        ),
        "13-02": make_project(
            programme,
            document,
            code="13-02",
            title="Mobilitätsregion",
            ministry=munv,
            status=ProjectStatus.IN_PROGRESS,
            line=60,
        ),
        "13-03": make_project(
            programme,
            document,
            code="13-03",
            title="Mobilitätszentrale",
            ministry=munv,
            status=ProjectStatus.IN_PROGRESS,
            line=110,
        ),
        "15-01": make_project(
            programme,
            document,
            code="15-01",
            title="Research Alliance Ruhr",
            ministry=mkw,
            status=ProjectStatus.IN_PROGRESS,
            line=160,
            field_slug="bildung",
        ),
    }
    # A project typed into the admin, stated by no document: it must get no report.
    ProjectFactory(
        programme=programme, code="99-01", title="Intern", slug="intern", ministry=munv, field_slug=None, status=""
    )
    return SimpleNamespace(document=document, projects=projects, munv=munv, mkw=mkw)


@pytest.fixture
def people(cycle_projects, people):
    """The root conftest's people; the cycle's tests meet them beside the cycle's projects."""
    return people


@pytest.fixture
def open_period(cycle_projects, people):
    from reporting.services import open_period

    return open_period(
        title="Fortschrittsbericht 2025",
        cut_off=date(2025, 12, 31),
        due=date(2099, 3, 31),
        acting_user=people.office,
    )


def approve_all(period, office, approver=None):
    """The office submits what is still open; someone else approves (four-eyes), by default a reviewer."""
    from reporting.models import ReportState
    from reporting.services import approve_report, submit_report

    if approver is None:
        approver = User.objects.filter(role=Role.REVIEWER, is_active=True).first() or UserFactory(
            username="zweitpruefung", reviewer=True
        )
    for report in period.reports.all():
        if report.state in (ReportState.DRAFT, ReportState.CHANGES_REQUESTED):
            report = submit_report(report, acting_user=office)
        if report.state == ReportState.SUBMITTED:
            approve_report(report, acting_user=approver)


@pytest.fixture
def published_period(open_period, people):
    from reporting.services import publish_period

    approve_all(open_period, people.office)
    return publish_period(open_period, acting_user=people.office)
