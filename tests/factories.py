"""Test data in the words of the domain (factory-boy): documents and their lines, projects stated in a document with
the statement rows that cite its lines, funding statements, places, ministries, and people with role and ministry.

A project counts as published when a published document states it, which means: a `Provenance` row (or a
statement row) cites lines of that document. `StatedProjectFactory` builds exactly that; a bare `ProjectFactory`
is a project typed into the admin, stated by no document, which must show nowhere in public.

Reference data (the programme, its action fields, the ministries) comes from `ensure_reference_data()`, as in
production; the factories of ministries and places look rows up by their official key before creating one.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import factory
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Deputy, Role, User
from places.models import District, FundingBasis, LocalReference, Municipality, MunicipalityKind
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
from sources.models import DocumentKind, Provenance, SourceDocument

PASSWORD = "ein-sehr-geheimes-Passwort-2025"


def numbered_lines(count: int) -> str:
    """A document text whose line n reads "Zeile n", so a citation's line numbers can be checked by eye."""
    return "\n".join(f"Zeile {n}" for n in range(1, count + 1))


# --- documents and what they state ------------------------------------------------------------------------------


class SourceDocumentFactory(DjangoModelFactory):
    """A source document of `lines` numbered lines (default: the 2024 progress report's metadata)."""

    class Meta:
        model = SourceDocument

    class Params:
        lines = 200

    kind = DocumentKind.PROGRESS_REPORT
    title = "Fortschrittsbericht 2024"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    filename = factory.LazyAttribute(lambda d: f"{d.sha256[:12]}.txt")
    as_of = date(2024, 12, 31)
    year = factory.LazyAttribute(lambda d: d.as_of.year if d.as_of else None)
    text = factory.LazyAttribute(lambda d: numbered_lines(d.lines))
    line_count = factory.LazyAttribute(lambda d: d.lines)


class ProvenanceFactory(DjangoModelFactory):
    """The document's lines that state one field of a record: `ProvenanceFactory(record=project, field="title")`."""

    class Meta:
        model = Provenance
        exclude = ("record",)

    record = None
    content_type = factory.LazyAttribute(lambda p: ContentType.objects.get_for_model(p.record))
    object_id = factory.LazyAttribute(lambda p: p.record.pk)
    field = "title"
    document = factory.SubFactory(SourceDocumentFactory)
    start_line = 1
    end_line = factory.LazyAttribute(lambda p: p.start_line)
    value = ""


def state(record, field: str, document: SourceDocument, value: str, *, line: int, span: int = 0) -> Provenance:
    """The document states `field` of `record` as `value` on lines line … line + span."""
    return ProvenanceFactory(
        record=record, field=field, document=document, value=value, start_line=line, end_line=line + span
    )


class _StatementFactory(DjangoModelFactory):
    """A statement row: what a document says about a project, citing its lines."""

    class Meta:
        abstract = True

    project = factory.SubFactory("tests.factories.ProjectFactory")
    document = factory.SubFactory(SourceDocumentFactory)
    start_line = 1
    end_line = factory.LazyAttribute(lambda s: s.start_line)


class StatusRecordFactory(_StatementFactory):
    class Meta:
        model = StatusRecord

    status = factory.LazyAttribute(lambda s: s.project.status)


class FundingStatementFactory(_StatementFactory):
    class Meta:
        model = FundingStatement

    text = "Projektvolumen: 2 Mio. Euro"
    volume_eur = Decimal("2000000.00")


class MilestoneFactory(_StatementFactory):
    class Meta:
        model = Milestone

    position = 1
    year = 2023
    text = "Start"


class ProjectSectionFactory(_StatementFactory):
    class Meta:
        model = ProjectSection

    key = "outlook"
    heading = "Ausblick"
    text = "Weiterer Ausbau."


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    project = factory.SubFactory("tests.factories.ProjectFactory")
    name = "Fahrgäste"
    unit = "Anzahl"


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    document = factory.SubFactory(SourceDocumentFactory)
    value = Decimal("1")
    as_of = date(2024, 12, 31)
    start_line = 1
    end_line = factory.LazyAttribute(lambda v: v.start_line)


# --- projects -----------------------------------------------------------------------------------------------------


class ProjectFactory(DjangoModelFactory):
    """A project as typed into the admin: stated by no document, hence internal."""

    class Meta:
        model = Project
        skip_postgeneration_save = True  # as Project.objects.create: one save, one history record

    class Params:
        field_slug = "mobilitaet"

    programme = factory.LazyFunction(ensure_reference_data)
    code = factory.Sequence(lambda n: f"90-{n:02d}")
    title = factory.LazyAttribute(lambda p: f"Projekt {p.code}")
    slug = factory.LazyAttribute(lambda p: f"p-{p.code}")
    action_field = factory.LazyAttribute(
        lambda p: p.programme.action_fields.get(slug=p.field_slug) if p.field_slug else None
    )
    status = ProjectStatus.IN_PROGRESS


class StatedProjectFactory(ProjectFactory):
    """A project stated in a document: `StatedProjectFactory(stated_in=document, stated_in__line=10)` cites its
    title on line `line` (… + `title_span`) and records its status over lines `line` … + `status_span`. That is
    what makes a project public."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def stated_in(project, create, document, line=10, title_span=0, status_span=30, wording=""):
        if not create:
            return
        document = document or SourceDocumentFactory()
        state(project, "title", document, project.title, line=line, span=title_span)
        StatusRecordFactory(
            project=project,
            document=document,
            status=project.status,
            wording=wording,
            start_line=line,
            end_line=line + status_span,
        )


# --- places and ministries ----------------------------------------------------------------------------------------


class MinistryFactory(DjangoModelFactory):
    """A ministry, looked up by its abbreviation first (ensure_reference_data creates the real ones)."""

    class Meta:
        model = Ministry
        django_get_or_create = ("abbreviation",)

    abbreviation = factory.Sequence(lambda n: f"M{n}")
    name = factory.LazyAttribute(lambda m: f"Ministerium {m.abbreviation}")
    slug = factory.LazyAttribute(lambda m: m.abbreviation.lower())


def ministry(abbreviation: str) -> Ministry:
    """One of the state's real ministries (MUNV, MKW, MWIKE, …), from the reference data."""
    ensure_reference_data()
    return Ministry.objects.get(abbreviation=abbreviation)


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("ags",)

    ags = factory.Sequence(lambda n: f"{5900 + n:05d}")
    name = factory.LazyAttribute(lambda d: f"Kreis {d.ags}")
    slug = factory.LazyAttribute(lambda d: f"kreis-{d.ags}")


class MunicipalityFactory(DjangoModelFactory):
    """A municipality keyed by its AGS; the real Ruhr municipalities come from `ensure_municipalities()`."""

    class Meta:
        model = Municipality
        django_get_or_create = ("ags",)

    ags = factory.Sequence(lambda n: f"0599{n:04d}")
    name = factory.LazyAttribute(lambda m: f"Gemeinde {m.ags}")
    slug = factory.LazyAttribute(lambda m: f"gemeinde-{m.ags}")
    kind = MunicipalityKind.INDEPENDENT_CITY
    district = None


class LocalReferenceFactory(DjangoModelFactory):
    """A project's reference to a place (with money where `funding_eur` is given)."""

    class Meta:
        model = LocalReference

    project = factory.SubFactory(ProjectFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    description = ""
    funding_eur = None
    funding_basis = factory.LazyAttribute(
        lambda r: FundingBasis.EXACT if r.funding_eur is not None else FundingBasis.UNKNOWN
    )
    funding_text = ""


@functools.cache
def _password_hash(hashers: tuple[str, ...]) -> str:
    # Argon2 is slow by design: each test process hashes PASSWORD once per hasher setting, not once per account.
    return make_password(PASSWORD)


# --- people ------------------------------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """An account; the traits say its role: `UserFactory(office=True)`, `UserFactory(editor=True, ministry=m)`."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    class Params:
        office = factory.Trait(role=Role.PROGRAMME_OFFICE)
        reviewer = factory.Trait(role=Role.REVIEWER)
        editor = factory.Trait(role=Role.MINISTRY_EDITOR)
        coordinator = factory.Trait(role=Role.MINISTRY_COORDINATOR)
        superuser = factory.Trait(is_staff=True, is_superuser=True)

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.LazyFunction(lambda: _password_hash(tuple(settings.PASSWORD_HASHERS)))
    role = ""
    ministry = None


class DeputyFactory(DjangoModelFactory):
    """`user` stands in for `ministry` from yesterday until two weeks from today."""

    class Meta:
        model = Deputy

    ministry = factory.LazyFunction(lambda: ministry("MUNV"))
    user = factory.SubFactory(UserFactory, editor=True)
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    appointed_by = None


class People(SimpleNamespace):
    """The cast of the reporting cycle (root conftest's `people` fixture). The core accounts exist from the start,
    since mails and digests go to whoever exists; the others (coordinator, deputy, superuser) are created when a
    test first names them."""

    @classmethod
    def create(cls) -> People:
        munv, mkw = ministry("MUNV"), ministry("MKW")
        return cls(
            anonymous=AnonymousUser(),
            no_role=UserFactory(username="niemand"),
            office=UserFactory(username="leitstelle", office=True, first_name="Lea", last_name="Leitstelle"),
            reviewer=UserFactory(username="pruefung", reviewer=True),
            editor=UserFactory(username="munv", editor=True, ministry=munv, first_name="Max", last_name="Verkehr"),
            editor_b=UserFactory(username="munv2", editor=True, ministry=munv),
            editor_other=UserFactory(username="mkw", editor=True, ministry=mkw),
        )

    def __getitem__(self, role: str):
        # for the role × action tables: people[role]
        return getattr(self, role)

    def __getattr__(self, name: str):
        # only reached for names not yet set: the accounts created on first use
        makers = {
            "coordinator": lambda: UserFactory(username="koordination", coordinator=True, ministry=ministry("MUNV")),
            "deputy": lambda: (
                DeputyFactory(
                    ministry=ministry("MUNV"),
                    user=UserFactory(username="vertretung", editor=True, ministry=ministry("MKW")),
                    appointed_by=self.editor,
                ).user
            ),
            "superuser": lambda: UserFactory(username="admin", superuser=True),
        }
        if name not in makers:
            raise AttributeError(name)
        value = makers[name]()
        setattr(self, name, value)
        return value
