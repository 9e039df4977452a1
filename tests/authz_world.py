"""The data the authorization matrix runs against: real objects for every URL argument, with tell-tale texts.

Two ministries (A = MUNV, B = MKW), a published period and an open one whose draft of ministry A's project
carries DRAFT_MARKER, a project typed into the admin that no document states (UNPUBLISHED_MARKER, with money
and places in Bochum and Witten, so answers, the office's query, maps and downloads meet it), proposals
with contact data (CONTACT_*), and one account per role.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import Role, User
from places.models import FundingBasis, LocalReference, Municipality
from places.services import ensure_municipalities
from programmes.models import FundingStatement, Ministry, Project
from programmes.services import ensure_reference_data
from sources.models import SourceDocument
from tests.factories import (
    DeputyFactory,
    FundingStatementFactory,
    IndicatorFactory,
    MilestoneFactory,
    SourceDocumentFactory,
    StatedProjectFactory,
    UserFactory,
)

PASSWORD = "matrix-passwort-2025"

DRAFT_MARKER = "ENTWURFGEHEIMNIS"  # only in the open period's draft report of ministry A's project
UNPUBLISHED_MARKER = "INTERNGEHEIMNIS"  # only in a project that no published document states
HIDDEN_PROPOSAL_MARKER = "UNVEROEFFENTLICHTEIDEE"  # only in a proposal that was never released
# Words that find the secret rows in a search without being the marker itself (a search page echoes its query).
UNPUBLISHED_WORD = "Zauberwuerfelanlage"
DRAFT_WORD = "Schwebebahnverlaengerung"
HIDDEN_PROPOSAL_WORD = "Seilbahnidee"
CONTACT_EMAIL = "kontakt.geheim@example.org"
CONTACT_PHONE = "+49 201 5550199"
CONTACT_NAME = "Kontaktperson Vertraulich"

# coordinator_a: Ressortkoordination of ministry A; deputy_a: an editor of ministry B standing in for ministry A today.
ROLES = (
    "anonymous",
    "no_role",
    "editor_a",
    "coordinator_a",
    "deputy_a",
    "editor_b",
    "reviewer",
    "office",
    "superuser",
)


@dataclass
class World:
    document: SourceDocument
    ministry_a: Ministry
    ministry_b: Ministry
    project_a: Project
    project_b: Project
    unpublished: Project
    published_period: object
    open_period: object
    draft_report: object  # ministry A's project in the open period, with DRAFT_MARKER
    draft_report_history_id: int
    published_proposal: object
    hidden_proposal: object
    saved_query: object
    upload: object
    draft_job: object
    public_job: object
    programme_indicator: object
    confirm_token: str
    unsubscribe_token: str
    users: dict[str, User | None] = field(default_factory=dict)
    kleine_anfrage: object = None  # answered by ministry A, being drafted
    answered_anfrage: object = None  # sent to the Landtag: public


def _project(programme, document, *, code, title, ministry, line, field_slug):
    project = StatedProjectFactory(
        programme=programme,
        code=code,
        title=title,
        ministry=ministry,
        field_slug=field_slug,
        stated_in=document,
        stated_in__line=line,
        stated_in__title_span=3,
    )
    FundingStatementFactory(project=project, document=document, start_line=line + 20)
    MilestoneFactory(project=project, document=document, year=2023, text="Start", start_line=line + 5)
    IndicatorFactory(project=project)  # copied into each period's report
    return project


def _user(name: str, role: str = "", ministry=None, **extra) -> User:
    return UserFactory(username=name, role=role, ministry=ministry, password=make_password(PASSWORD), **extra)


def build_world() -> World:
    from alerts import services as alert_services
    from alerts.models import AlertScope, Subscription
    from answers.models import SavedQuery
    from opendata.models import Upload
    from proposals.models import ModerationStatus, Proposal, ProposalContact, ProposalSource
    from reporting.documents import jobs
    from reporting.models import ReportState
    from reporting.services import approve_report, open_period, publish_period, submit_report

    programme = ensure_reference_data()
    ensure_municipalities()
    document = SourceDocumentFactory(
        filename="fortschrittsbericht-2024.txt",
        sha256="0" * 64,
        lines=299,
        summary={"completed": 42, "in_progress": 16, "not_pursued": 15, "total": 73},
    )
    ministry_a = Ministry.objects.get(abbreviation="MUNV")
    ministry_b = Ministry.objects.get(abbreviation="MKW")
    project_a = _project(
        programme,
        document,
        code="13-01",
        title="ÖPNV-Initiative",
        ministry=ministry_a,
        line=10,
        field_slug="mobilitaet",
    )
    project_b = _project(
        programme,
        document,
        code="15-01",
        title="Research Alliance Ruhr",
        ministry=ministry_b,
        line=100,
        field_slug="bildung",
    )
    # Typed into the admin, stated by no document: internal.
    unpublished = Project.objects.create(
        programme=programme,
        code="99-01",
        title=f"{UNPUBLISHED_WORD} {UNPUBLISHED_MARKER}",
        slug="99-01-intern",
        ministry=ministry_a,
        action_field=programme.action_fields.get(slug="mobilitaet"),
        summary=f"{UNPUBLISHED_WORD} {UNPUBLISHED_MARKER}",
    )
    # Money and places of the internal project too, so every reader of places and funding (answers, the
    # office's query, map, API, downloads) meets it: it must show only where its drafts may be read.
    FundingStatement.objects.create(
        project=unpublished,
        document=document,
        text=f"Projektvolumen: 3 Mio. Euro {UNPUBLISHED_MARKER}",
        volume_eur=Decimal("3000000.00"),
        start_line=200,
        end_line=200,
    )
    for slug in ("bochum", "witten"):
        LocalReference.objects.create(
            project=unpublished,
            municipality=Municipality.objects.get(slug=slug),
            description=f"{UNPUBLISHED_WORD} {UNPUBLISHED_MARKER}",
            funding_eur=Decimal("777000.00"),
            funding_basis=FundingBasis.EXACT,
            funding_text=f"777.000 Euro {UNPUBLISHED_MARKER}",
        )
    # A published project with places as well, so the same pages have something public to show.
    LocalReference.objects.create(
        project=project_a,
        municipality=Municipality.objects.get(slug="bochum"),
        description="Mobilstationen in Bochum",
        funding_eur=Decimal("150000.00"),
        funding_basis=FundingBasis.EXACT,
        funding_text="150.000 Euro",
    )

    users: dict[str, User | None] = {
        "anonymous": None,
        "no_role": _user("niemand"),
        "editor_a": _user("redaktion-a", Role.MINISTRY_EDITOR, ministry_a),
        "coordinator_a": _user("koordination-a", Role.MINISTRY_COORDINATOR, ministry_a),
        "deputy_a": _user("vertretung-a", Role.MINISTRY_EDITOR, ministry_b),
        "editor_b": _user("redaktion-b", Role.MINISTRY_EDITOR, ministry_b),
        "reviewer": _user("pruefung", Role.REVIEWER),
        "office": _user("leitstelle", Role.PROGRAMME_OFFICE),
        "superuser": _user("admin", is_staff=True, is_superuser=True),
    }
    office = users["office"]
    DeputyFactory(ministry=ministry_a, user=users["deputy_a"], appointed_by=users["editor_a"])

    first = open_period(
        title="Fortschrittsbericht 2025", cut_off=date(2025, 12, 31), due=date(2099, 3, 31), acting_user=office
    )
    for report in first.reports.all():
        approve_report(submit_report(report, acting_user=office), acting_user=users["reviewer"])  # four-eyes
    published_period = publish_period(first, acting_user=office)

    current = open_period(
        title="Fortschrittsbericht 2026", cut_off=date(2026, 12, 31), due=date(2099, 3, 31), acting_user=office
    )
    draft_report = current.reports.get(project=project_a)
    assert draft_report.state == ReportState.DRAFT
    draft_report.title = f"{project_a.title} {DRAFT_WORD} {DRAFT_MARKER}"
    draft_report.recent_development = f"Noch nicht freigegeben: {DRAFT_WORD} {DRAFT_MARKER}"
    # Drafted by editor A: she or her coordinator submits it; a deputy edits it but submits only what she drafted.
    draft_report.updated_by = users["editor_a"]
    draft_report.save()
    history_id = draft_report.history.order_by("history_id").first().history_id

    published_proposal = Proposal.objects.create(
        source=ProposalSource.CITIZEN,
        number=1,
        title="Gründerzentrum Ruhr",
        theme="Wirtschaft",
        goal="Mehr Gründungen",
        status=ModerationStatus.PUBLISHED,
        submitted_at=timezone.now() - timedelta(days=3),
        published_at=timezone.now() - timedelta(days=1),
    )
    hidden_proposal = Proposal.objects.create(
        source=ProposalSource.CITIZEN,
        number=2,
        title=f"{HIDDEN_PROPOSAL_WORD} {HIDDEN_PROPOSAL_MARKER}",
        theme="Wirtschaft",
        goal=f"{HIDDEN_PROPOSAL_WORD} {HIDDEN_PROPOSAL_MARKER}",
        status=ModerationStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for proposal in (published_proposal, hidden_proposal):
        ProposalContact.objects.create(
            proposal=proposal,
            name=CONTACT_NAME,
            organisation="Verein",
            email=CONTACT_EMAIL,
            phone=CONTACT_PHONE,
            consent_text="Ich willige ein.",
            consented_at=timezone.now(),
        )

    saved_query = SavedQuery.objects.create(title="Bochum", params={"municipality": "bochum"}, created_by=office)
    upload = Upload.objects.create(
        filename="projekte.csv", content=b"code;title\n", dataset="projects", uploaded_by=office
    )
    draft_job = jobs.request_render(current, fmt="txt", draft=True, user=office)
    public_job = jobs.request_render(published_period, fmt="txt", draft=False, user=None)
    from programmes.services import define_programme_indicator

    programme_indicator = define_programme_indicator(acting_user=office, name="Matrix-Kennzahl", unit="Anzahl")
    subscription = Subscription.objects.create(email="leser@example.org", scope=AlertScope.PROGRAMME, label="Alles")
    # an organisation named in a published project, and one named only in the unpublished one (never public)
    from organisations.models import Organisation, ProjectRole

    partner, _new = Organisation.objects.get_or_create(
        slug="ruhr-universitaet-bochum", defaults={"name": "Ruhr-Universität Bochum"}
    )
    ProjectRole.objects.create(project=project_a, organisation=partner, role="partner", document=document, start_line=5)
    hidden = Organisation.objects.create(name=f"{UNPUBLISHED_WORD} GmbH", slug="intern-gmbh")
    ProjectRole.objects.create(project=unpublished, organisation=hidden, role="lead", document=document, start_line=9)

    # The search index is built when a transaction commits, which a test's never does: build it, so the
    # searches of the matrix run against the real index (which must not hold the internal project).
    from portal.indexing import index_projects

    index_projects()

    from answers.models import ParliamentaryQuestion, Question

    bochum = Municipality.objects.get(name="Bochum")
    kleine_anfrage = ParliamentaryQuestion.objects.create(
        number=4711,
        title="Matrix-Anfrage",
        askers="Max Muster",
        municipality=bochum,
        ministry=ministry_a,
        status="drafting",
    )
    Question.objects.create(
        parliamentary_question=kleine_anfrage, number=1, text="Welche Projekte?", lists_projects=True
    )
    answered_anfrage = ParliamentaryQuestion.objects.create(
        number=4712, title="Beantwortete Anfrage", askers="Erika Beispiel", municipality=bochum, status="answered"
    )
    answered_anfrage.projects.add(project_a)

    return World(
        kleine_anfrage=kleine_anfrage,
        answered_anfrage=answered_anfrage,
        document=document,
        ministry_a=ministry_a,
        ministry_b=ministry_b,
        project_a=project_a,
        project_b=project_b,
        unpublished=unpublished,
        published_period=published_period,
        open_period=current,
        draft_report=draft_report,
        draft_report_history_id=history_id,
        published_proposal=published_proposal,
        hidden_proposal=hidden_proposal,
        saved_query=saved_query,
        upload=upload,
        draft_job=draft_job,
        public_job=public_job,
        programme_indicator=programme_indicator,
        confirm_token=alert_services.confirm_token(subscription),
        unsubscribe_token=alert_services.unsubscribe_token(subscription),
        users=users,
    )
