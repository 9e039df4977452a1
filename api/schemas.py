"""Response schemas of the REST API (OpenAPI 3 via django-ninja). Amounts are JSON numbers in euro."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field, create_model

from programmes import funding


class ProblemParameter(Schema):
    parameter: str
    detail: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[ProblemParameter] | None = None
    retry_after: int | None = None


class Source(Schema):
    """Where a value was stated: document and line range (1-based, inclusive)."""

    document_id: int
    document_title: str
    start_line: int
    end_line: int
    field: str | None = None
    url: str = Field(description="Seite mit den markierten Zeilen im Portal")


class Link(Schema):
    title: str = ""
    url: str


class Ref(Schema):
    slug: str
    name: str


class MinistryRef(Schema):
    abbreviation: str
    slug: str
    name: str


class MunicipalityRef(Schema):
    ags: str
    name: str
    slug: str


class Code(Schema):
    code: str
    label: str


class IatiStatus(Schema):
    code: str
    name: str
    codelist: str


class IatiBudget(Schema):
    budget_type: str
    value: float
    currency: str
    value_date: str | None = None
    period: str | None = None


class IatiTransaction(Schema):
    transaction_type: str
    name: str
    value: float
    currency: str
    value_date: str | None = None


class IatiFunding(Schema):
    budgets: list[IatiBudget]
    transactions: list[IatiTransaction]


class Status(Schema):
    code: str
    label: str
    iati_activity_status: IatiStatus | None = None


class FundingCorrection(Schema):
    """A correction of the programme office: the statement is its own, the corrected one stays as published."""

    reason: str
    recorded_at: dt.datetime
    corrects_document_id: int
    corrects_document_title: str


def _funding_field(f: funding.FundingField) -> tuple[Any, Any]:
    description = str(f.label)
    if f.kind in (funding.AMOUNT, funding.PERCENT):
        return float | None, Field(None, description=description)
    if f.kind == funding.DATE:
        return dt.date | None, Field(None, description=description)
    if f.kind == funding.FLAG:
        return bool, Field(..., description=description)
    return str, Field(..., description=description)


# Built from the one definition of a funding statement, so the API cannot miss a figure the registry has.
Funding = create_model(
    "Funding",
    __base__=Schema,
    **{f.name: _funding_field(f) for f in funding.FUNDING_FIELDS},
    iati=(IatiFunding, ...),
    source=(Source, ...),
    correction=(
        FundingCorrection | None,
        Field(None, description="Korrektur der Leitstelle, falls die Angabe eine ist"),
    ),
)


class StatusStatement(Schema):
    status: Status
    wording: str
    as_of: dt.date | None = None
    source: Source


class Milestone(Schema):
    position: int
    year: int
    year_end: int | None = None
    month: int | None = None
    day: int | None = None
    text: str
    subproject: str
    source: Source


class Section(Schema):
    key: str
    heading: str
    text: str
    source: Source


class IndicatorValue(Schema):
    value: float
    qualifier: str
    as_of: dt.date
    sentence: str
    source: Source


class Indicator(Schema):
    name: str
    unit: str
    direction: str
    baseline: float | None = None
    baseline_date: dt.date | None = None
    target: float | None = None
    target_qualifier: str
    target_date: dt.date | None = None
    target_source: Source | None = None
    values: list[IndicatorValue]


class ProgrammeIndicatorContribution(Schema):
    """One project's part of a programme indicator, with where the project's figure is stated."""

    project_code: str
    project_title: str
    label: str
    value: float
    qualifier: str
    as_of: dt.date | None = None
    sentence: str
    source: Source


class ProgrammeIndicatorMissing(Schema):
    """A project that belongs to the roll-up but states no usable value: not counted, never as zero."""

    project_code: str
    project_title: str
    label: str
    reason: str
    source: Source | None = None


class ProgrammeIndicator(Schema):
    slug: str
    name: str
    unit: str
    direction: str
    aggregation: str
    aggregation_label: str
    method: str
    defined_by_system: bool = Field(description="vom System angelegt, nicht von einer Person der Leitstelle geprüft")
    total: float | None = Field(None, description="exakte Summe der gezählten Beiträge (nur veröffentlichte Projekte)")
    total_qualifier: str = Field(description="approx, more_than, at_least, up_to oder leer (genau)")
    figure: str = Field(description="die Summe in Worten, wie das Portal sie zeigt")
    sentence: str
    as_of_first: dt.date | None = None
    as_of_last: dt.date | None = None
    target: float | None = None
    target_qualifier: str
    target_date: dt.date | None = None
    contributions: list[ProgrammeIndicatorContribution]
    missing: list[ProgrammeIndicatorMissing]
    url: str


class LocalReference(Schema):
    project_code: str
    project_title: str
    municipality: MunicipalityRef
    description: str
    funding_eur: float | None = None
    funding_qualifier: str
    funding_basis: str = Field(description="exact, estimated oder unknown")
    funding_kind: str = Field(
        "", description="applied, planned, granted, paid, volume oder leer (Art im Dokument nicht angegeben)"
    )
    funding_text: str
    sources: list[Source]


class FieldSource(Schema):
    field: str
    value: str
    source: Source


class ProjectSummary(Schema):
    code: str
    slug: str
    title: str
    action_field: Ref | None = None
    ministry: MinistryRef | None = None
    pillar: Code
    status: Status | None = None
    region_wide: bool
    volume_eur: float | None = None
    municipality_count: int
    url: str
    api_url: str


class Project(ProjectSummary):
    summary: str
    parent_code: str | None = None
    children: list[str]
    subprojects: list[str]
    links: list[Any]
    funding: Funding | None = None
    funding_history: list[Funding]
    status_history: list[StatusStatement]
    milestones: list[Milestone]
    sections: list[Section]
    indicators: list[Indicator]
    local_references: list[LocalReference]
    sources: list[FieldSource]


class Page(Schema):
    count: int
    count_capped: bool = Field(
        False,
        description="true: mehr Treffer als `count` (eine Suche zählt höchstens 10.000 Treffer und blättert so weit)",
    )
    page: int
    page_size: int
    next: str | None = None
    previous: str | None = None


class ProjectPage(Page):
    items: list[ProjectSummary]


class District(Schema):
    ags: str
    name: str
    slug: str
    municipality_count: int


class MunicipalityFunding(Schema):
    project_count: int
    funding_exact_eur: float
    funding_exact_count: int
    funding_exact_qualifier: str | None = Field(None, description="approx: eine der genauen Angaben lautet „rund“")
    funding_estimated_eur: float
    funding_estimated_count: int
    funding_unknown_count: int
    funding_applied_eur: float = Field(0, description="beantragt, nicht bewilligt: nicht in funding_exact_eur")
    funding_applied_count: int = 0
    funding_planned_eur: float = Field(0, description="geplant/vorgesehen: nicht in funding_exact_eur")
    funding_planned_count: int = 0


class Municipality(Schema):
    ags: str
    name: str
    official_name: str
    slug: str
    kind: Code
    district: District | None = None
    population: int | None = None
    population_date: dt.date | None = None
    area_km2: float | None = None
    latitude: float | None = None
    longitude: float | None = None
    funding: MunicipalityFunding
    url: str
    api_url: str


class AnswerRow(Schema):
    """Money attributable to this municipality per project, with its basis (answers.place_answers)."""

    project_code: str
    project_title: str
    status: str | None = None
    local_relation: str
    funding_eur: float | None = None
    funding_basis: str = Field(description="exact, estimated, unknown oder region_wide")
    funding_kind: str | None = Field(
        None, description="applied, planned, granted, paid, volume, state; null: Art nicht angegeben"
    )
    funding_kind_label: str = ""
    funding_counted: bool = Field(
        False, description="in den Summen der zugeordneten Förderung (nicht beantragt/geplant)"
    )
    funding_text: str | None = Field(None, description="Betrag wie angezeigt, z. B. „rund 37.000 €“")
    funding_estimate_method: str | None = Field(None, description="bei Schätzungen: Methode der Aufteilung")
    funding_explanation: str
    project_volume_eur: float | None = None
    sources: list[Source]


class MunicipalityDetail(Municipality):
    projects: list[AnswerRow]
    region_wide_projects: list[str]


class MunicipalityPage(Page):
    items: list[Municipality]


class MinistryName(Schema):
    name: str
    abbreviation: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class Ministry(Schema):
    abbreviation: str
    slug: str
    name: str
    former_names: list[MinistryName]
    project_count: int
    api_url: str


class ActionField(Schema):
    slug: str
    name: str
    short_name: str
    position: int
    project_count: int
    api_url: str


class Document(Schema):
    id: int
    kind: Code
    title: str
    date: dt.date | None = Field(
        None, description="Veröffentlichungsdatum, wie es ein Dokument nennt; leer, wenn keines es nennt"
    )
    date_source: Source | None = Field(
        None, description="Die Zeile, die das Datum nennt: im Dokument selbst oder in einer Pressemitteilung"
    )
    as_of: dt.date | None = None
    year: int | None = None
    reference: str
    sha256: str
    line_count: int
    imported_at: dt.datetime
    url: str
    api_url: str
    download_url: str | None = Field(None, description="Datensatz dieses Dokuments als ZIP (nur Fortschrittsberichte)")


class ReportingPeriod(Schema):
    slug: str
    title: str
    cut_off: dt.date
    published_at: dt.datetime | None = None
    publication_date: dt.date | None = Field(
        None, description="Veröffentlichungsdatum laut Dokument (document.date); leer, wenn keines es nennt"
    )
    document: Document | None = None


class DocumentPage(Page):
    items: list[Document]


class Proposal(Schema):
    id: str = Field(description="Herkunft und Nummer, z. B. ihk-12")
    source: Code
    number: int
    title: str
    theme: str
    goal: str
    background: str
    municipalities: list[MunicipalityRef]
    source_document: Source | None = None


class ProposalPage(Page):
    items: list[Proposal]


class Distribution(Schema):
    format: str
    label: str
    media_type: str
    url: str


class DatasetColumn(Schema):
    key: str
    header: str
    type: str
    description: str


class Dataset(Schema):
    slug: str
    title: str
    description: str
    open_data: bool
    accepts_project_filters: bool
    api_url: str | None = None
    distributions: list[Distribution]
    columns: list[DatasetColumn]


class Change(Schema):
    id: str
    at: dt.datetime
    kind: str
    title: str
    text: str
    project_code: str | None = None
    url: str


class ChangePage(Page):
    items: list[Change]


class Index(Schema):
    title: str
    license: str
    attribution: str
    openapi: str
    docs: str
    catalog: str
    resources: dict[str, str]
