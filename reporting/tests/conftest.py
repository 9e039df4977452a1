"""Fixtures of the reporting-cycle tests: a small published registry, the five kinds of people, periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from accounts.models import Role, User
from places.services import ensure_municipalities
from programmes.models import (
    FundingStatement,
    Milestone,
    Ministry,
    Project,
    ProjectSection,
    ProjectStatus,
    StatusRecord,
)
from programmes.services import ensure_reference_data
from sources.models import DocumentKind, Provenance, SourceDocument

PASSWORD = "ein-sehr-geheimes-Passwort-2025"


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    # Rendered reports and generated sources go to a throw-away MEDIA_ROOT; renders run in the request.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_RENDER_SYNC = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Argon2 is meant to be slow; seven accounts per test would cost seconds (accounts tests check Argon2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _state(record, field_name: str, document: SourceDocument, value: str, line: int) -> None:
    Provenance.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        field=field_name,
        document=document,
        start_line=line,
        end_line=line + 5,
        value=value,
    )


def make_project(programme, document, *, code, title, ministry, status, line, field_slug="mobilitaet"):
    field = programme.action_fields.get(slug=field_slug)
    project = Project.objects.create(
        programme=programme,
        code=code,
        title=title,
        slug=f"p-{code}",
        ministry=ministry,
        action_field=field,
        status=status,
    )
    _state(project, "title", document, title, line)
    _state(project, "ministry", document, f"{ministry.name} des Landes Nordrhein-Westfalen", line + 2)
    StatusRecord.objects.create(project=project, document=document, status=status, start_line=line, end_line=line + 40)
    FundingStatement.objects.create(
        project=project,
        document=document,
        text="1,9 Millionen Euro bis zum 30.06.2025",
        volume_eur=Decimal("1900000"),
        start_line=line + 30,
        end_line=line + 30,
    )
    ProjectSection.objects.create(
        project=project,
        document=document,
        key="recent_development",
        heading="Jüngste Entwicklung",
        text=f"Stand 2024 von {title}.",
        position=1,
        start_line=line + 10,
        end_line=line + 11,
    )
    ProjectSection.objects.create(
        project=project,
        document=document,
        key="outlook",
        heading="Ausblick 2025",
        text="Weiterer Ausbau.",
        position=2,
        start_line=line + 20,
        end_line=line + 21,
    )
    Milestone.objects.create(
        project=project, document=document, position=1, year=2023, text="Start", start_line=line + 5, end_line=line + 5
    )
    return project


@pytest.fixture
def registry(db):
    """Four published projects: three of MUNV (the transport ministry), one of MKW; one internal project."""
    programme = ensure_reference_data()
    ensure_municipalities()
    document = SourceDocument.objects.create(
        kind=DocumentKind.PROGRESS_REPORT,
        title="Fortschrittsbericht 2024",
        filename="fortschrittsbericht-2024.txt",
        sha256="0" * 64,
        as_of=date(2024, 12, 31),
        year=2024,
        text="\n".join(f"Zeile {n}" for n in range(1, 400)),
        line_count=399,
        summary={"completed": 42, "in_progress": 16, "not_pursued": 15, "total": 73},
    )
    munv = Ministry.objects.get(abbreviation="MUNV")
    mkw = Ministry.objects.get(abbreviation="MKW")
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
    Project.objects.create(programme=programme, code="99-01", title="Intern", slug="intern", ministry=munv)
    return SimpleRegistry(document=document, projects=projects, munv=munv, mkw=mkw)


class SimpleRegistry:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)


@pytest.fixture
def people(registry):
    def user(name, role, ministry=None, **extra):
        u = User.objects.create_user(
            username=name, password=PASSWORD, email=f"{name}@example.org", role=role, ministry=ministry, **extra
        )
        return u

    return {
        "anonymous": AnonymousUser(),
        "no_role": user("niemand", ""),
        "office": user("leitstelle", Role.PROGRAMME_OFFICE, first_name="Lea", last_name="Leitstelle"),
        "reviewer": user("pruefung", Role.REVIEWER),
        "editor": user("munv", Role.MINISTRY_EDITOR, registry.munv, first_name="Max", last_name="Verkehr"),
        "editor_b": user("munv2", Role.MINISTRY_EDITOR, registry.munv),
        "editor_other": user("mkw", Role.MINISTRY_EDITOR, registry.mkw),
    }


@pytest.fixture
def open_period(registry, people):
    from reporting.services import open_period

    return open_period(
        title="Fortschrittsbericht 2025",
        cut_off=date(2025, 12, 31),
        due=date(2099, 3, 31),
        acting_user=people["office"],
    )


def approve_all(period, office, approver=None):
    """The office submits what is still open; someone else approves (four-eyes), by default a reviewer."""
    from reporting.models import ReportState
    from reporting.services import approve_report, submit_report

    if approver is None:
        approver = User.objects.filter(role=Role.REVIEWER, is_active=True).first() or User.objects.create_user(
            username="zweitpruefung", role=Role.REVIEWER
        )
    for report in period.reports.all():
        if report.state in (ReportState.DRAFT, ReportState.CHANGES_REQUESTED):
            report = submit_report(report, acting_user=office)
        if report.state == ReportState.SUBMITTED:
            approve_report(report, acting_user=approver)


@pytest.fixture
def published_period(open_period, people):
    from reporting.services import publish_period

    approve_all(open_period, people["office"])
    return publish_period(open_period, acting_user=people["office"])
