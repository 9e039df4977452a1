"""The open datasets of the registry's own data, declared beside it: projects, milestones, funding statements,
status records, indicators, the programme's indicators, ministries and action fields.

Collected by the opendata registry (opendata/registry.py, `collect`), which serves them as downloads, in the
catalogue, the dumps, `/api/v1/datasets` and, for the editable ones, the office's round trip. Nothing in
programmes imports this module: the registry's data stays below the apps that publish it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from opendata import iati, published
from opendata.columns import Column
from opendata.registry import QUALIFIERS, Dataset, Scope, code_of, date_column, decimal_column, tagged
from programmes import funding
from programmes.models import (
    ActionField,
    FundingStatement,
    IndicatorDirection,
    Milestone,
    Ministry,
    Pillar,
    Project,
    ProjectStatus,
    RollupAggregation,
)
from sources.models import Provenance

# references typed into a cell ---------------------------------------------------------------


def _action_field(word: str) -> ActionField | None:
    return ActionField.objects.filter(Q(slug=word.lower()) | Q(name__iexact=word) | Q(short_name__iexact=word)).first()


def _ministry(word: str) -> Ministry | None:
    return Ministry.objects.filter(Q(abbreviation__iexact=word) | Q(slug=word.lower())).first()


# projects ---------------------------------------------------------------------------------


def _project_rows(scope: Scope) -> Iterator[Project]:
    ids = scope.project_ids()
    funding = published.funding_statements(ids, document=scope.document)
    statuses = published.status_records(ids, document=scope.document) if scope.document else {}
    titles: dict[int, str] = {}
    if scope.document is not None:
        titles = dict(
            Provenance.objects.filter(
                content_type=ContentType.objects.get_for_model(Project), document=scope.document, field="title"
            ).values_list("object_id", "value")
        )
    qs = (
        Project.objects.filter(pk__in=ids)
        .select_related("action_field", "ministry", "parent")
        .prefetch_related("local_references__municipality")
        .order_by("code")
    )
    if scope.filters is not None and scope.filters.searching and not scope.office:
        # A search lists its hits in the order of the portal and the API: best first.
        rank = published.search_order(scope.filters)
        qs = sorted(qs, key=lambda p: rank.get(p.pk, len(rank)))
    for project in qs:
        project.api_funding = funding.get(project.pk)
        if scope.document is not None:
            # A dated dump shows the project as that document described it.
            project.title = titles.get(project.pk, project.title)
            record = statuses.get(project.pk)
            project.status = record.status if record else ""
        yield project


def _funding_value(name: str) -> Callable[[Project], Any]:
    return lambda p: getattr(p.api_funding, name) if p.api_funding is not None else None


def _project_iati(project: Project) -> dict[str, Any]:
    return {
        "iati": {
            "activity_status": iati.activity_status(project.status),
            "funding": iati.funding(project.api_funding),
        }
    }


DIRECTIONS = tuple(IndicatorDirection.choices)
AGGREGATIONS = tuple(RollupAggregation.choices)

PROJECT_COLUMNS = (
    Column("code", "Projektnummer", lambda p: p.code, description="Stabile Kennung, z. B. 13-03"),
    Column("title", "Titel", lambda p: p.title, field="title", nullable=False, max_length=500),
    Column("slug", "Kurzname", lambda p: p.slug),
    Column(
        "action_field",
        "Handlungsfeld",
        lambda p: code_of(p.action_field, "slug"),
        kind="ref",
        field="action_field",
        resolve=_action_field,
        ref_code=lambda af: af.slug,
        description="Kurzname des Handlungsfelds (mobilitaet, wirtschaft, vielfalt, energie, bildung)",
    ),
    Column("action_field_name", "Handlungsfeld (Name)", lambda p: code_of(p.action_field, "name")),
    Column(
        "ministry",
        "Ressort",
        lambda p: code_of(p.ministry, "abbreviation"),
        kind="ref",
        field="ministry",
        resolve=_ministry,
        ref_code=lambda m: m.abbreviation,
        description="Kürzel des Ressorts",
    ),
    Column("ministry_name", "Ressort (Name)", lambda p: code_of(p.ministry, "name")),
    Column(
        "pillar",
        "Säule",
        lambda p: p.pillar,
        kind="choice",
        field="pillar",
        choices=tuple((c, str(label)) for c, label in Pillar.choices),
        nullable=False,
    ),
    Column("status", "Status", lambda p: p.status or None, description="Code; steht im jeweils neuesten Dokument"),
    Column("status_label", "Status (Text)", lambda p: str(ProjectStatus(p.status).label) if p.status else None),
    Column(
        "iati_activity_status",
        "IATI-Aktivitätsstatus",
        lambda p: iati.ACTIVITY_STATUS.get(p.status),
        description="Code der IATI-Liste ActivityStatus",
    ),
    Column("region_wide", "regionsweit", lambda p: p.region_wide, kind="bool", field="region_wide"),
    Column("parent", "übergeordnetes Projekt", lambda p: code_of(p.parent, "code")),
    Column("summary", "Kurzbeschreibung", lambda p: p.summary, field="summary"),
    Column("funding_text", "Projektvolumen (Wortlaut)", _funding_value("text")),
    Column("volume_eur", "Projektvolumen (Euro)", _funding_value("volume_eur"), kind="decimal"),
    Column("state_eur", "Landesmittel (Euro)", _funding_value("state_eur"), kind="decimal"),
    Column("spent_eur", "verausgabt (Euro)", _funding_value("spent_eur"), kind="decimal"),
    Column("spent_as_of", "verausgabt, Stand", _funding_value("spent_as_of"), kind="date"),
    Column(
        "funding_source",
        "Projektvolumen, Quelle",
        lambda p: (
            f"Dok. {p.api_funding.document_id} Z. {p.api_funding.start_line}–{p.api_funding.end_line}"
            if p.api_funding
            else None
        ),
    ),
    Column(
        "municipalities",
        "Kommunen (AGS)",
        lambda p: [r.municipality.ags for r in p.local_references.all()],
        description="Gemeindeschlüssel der Kommunen mit Ortsbezug, durch Semikolon getrennt",
    ),
    Column("url", "Seite im Portal", lambda p: p.get_absolute_url()),
)


# milestones ------------------------------------------------------------------------------

MILESTONE_COLUMNS = (
    Column("project", "Projektnummer", lambda m: m.project.code),
    Column("document_id", "Dokument", lambda m: m.document_id, kind="int"),
    Column("position", "Nr.", lambda m: m.position, kind="int"),
    Column("document_title", "Dokument (Titel)", lambda m: m.document.title),
    Column("year", "Jahr", lambda m: m.year, kind="int", field="year", nullable=False),
    Column("year_end", "bis Jahr", lambda m: m.year_end, kind="int", field="year_end"),
    Column("month", "Monat", lambda m: m.month, kind="int", field="month"),
    Column("day", "Tag", lambda m: m.day, kind="int", field="day"),
    Column("text", "Text", lambda m: m.text, field="text", nullable=False),
    Column("subproject", "Teilprojekt", lambda m: m.subproject, field="subproject", max_length=300),
    Column("start_line", "von Zeile", lambda m: m.start_line, kind="int"),
    Column("end_line", "bis Zeile", lambda m: m.end_line, kind="int"),
)


def _milestone_rows(scope: Scope) -> Iterable[Milestone]:
    return published.milestones(scope.project_ids(), document=scope.document)


def _milestone_lookup(key: dict[str, Any]) -> Milestone | None:
    return (
        Milestone.objects.filter(project__code=key["project"], document_id=key["document_id"], position=key["position"])
        .select_related("project", "document")
        .first()
    )


# funding statements -----------------------------------------------------------------------------


def _funding_column(f: funding.FundingField) -> Column:
    if f.kind == funding.AMOUNT:
        return decimal_column(f.name, str(f.label))
    if f.kind == funding.PERCENT:
        return decimal_column(f.name, str(f.label))
    if f.kind == funding.DATE:
        return date_column(f.name, str(f.label))
    if f.kind == funding.QUALIFIER:
        return Column(
            f.name,
            str(f.label),
            lambda s, name=f.name: getattr(s, name),
            field=f.name,
            max_length=16,
            choices=QUALIFIERS,
        )
    raise ValueError(f.kind)


FUNDING_COLUMNS = (
    Column("project", "Projektnummer", lambda f: f.project.code),
    Column("document_id", "Dokument", lambda f: f.document_id, kind="int"),
    Column("document_title", "Dokument (Titel)", lambda f: f.document.title),
    Column("as_of", "Stand des Dokuments", lambda f: f.document.as_of, kind="date"),
    Column("text", "Wortlaut", lambda f: f.text, field="text", nullable=False),
    Column("determinable", "bezifferbar", lambda f: f.determinable, kind="bool", field="determinable"),
    Column("reason", "Grund, falls nicht bezifferbar", lambda f: f.reason, field="reason"),
    *(_funding_column(f) for f in funding.FUNDING_FIELDS if f.name not in ("text", "determinable", "reason")),
    Column("start_line", "von Zeile", lambda f: f.start_line, kind="int"),
    Column("end_line", "bis Zeile", lambda f: f.end_line, kind="int"),
)


def _funding_rows(scope: Scope) -> Iterable[FundingStatement]:
    statements = published.funding_statements(scope.project_ids(), document=scope.document)
    rows = sorted(statements.values(), key=lambda f: f.project.code)
    return rows


def _funding_lookup(key: dict[str, Any]) -> FundingStatement | None:
    statement = (
        FundingStatement.objects.filter(project__code=key["project"], document_id=key["document_id"])
        .select_related("project", "document")
        .first()
    )
    # A published statement that the office has corrected reads as its newest correction: an upload is
    # compared with what the registry says now, so a file applied once finds nothing left to change.
    return statement.effective() if statement is not None else None


def _funding_iati(statement: FundingStatement) -> dict[str, Any]:
    return {"iati": iati.funding(statement)}


# status records and indicators ----------------------------------------------------------------------------------


def _status_rows(scope: Scope):
    from programmes.models import StatusRecord

    qs = StatusRecord.objects.filter(project_id__in=scope.project_ids())
    if scope.document is not None:
        qs = qs.filter(document=scope.document)
    return qs.select_related("project", "document").order_by("project__code", "document__as_of")


STATUS_COLUMNS = (
    Column("project", "Projektnummer", lambda s: s.project.code),
    Column("document_id", "Dokument", lambda s: s.document_id, kind="int"),
    Column("document_title", "Dokument (Titel)", lambda s: s.document.title),
    Column("as_of", "Stand", lambda s: s.document.as_of, kind="date"),
    Column("status", "Status", lambda s: s.status),
    Column("status_label", "Status (Text)", lambda s: str(ProjectStatus(s.status).label)),
    Column("iati_activity_status", "IATI-Aktivitätsstatus", lambda s: iati.ACTIVITY_STATUS.get(s.status)),
    Column("wording", "Wortlaut", lambda s: s.wording),
    Column("start_line", "von Zeile", lambda s: s.start_line, kind="int"),
    Column("end_line", "bis Zeile", lambda s: s.end_line, kind="int"),
)

INDICATOR_COLUMNS = (
    Column("project", "Projektnummer", lambda v: v.indicator.project.code),
    Column("indicator", "Kennzahl", lambda v: v.indicator.name),
    Column("unit", "Einheit", lambda v: v.indicator.unit),
    Column("direction", "Richtung", lambda v: v.indicator.direction, choices=DIRECTIONS),
    Column("baseline", "Ausgangswert", lambda v: v.indicator.baseline, kind="decimal", trim=True),
    Column("target", "Zielwert", lambda v: v.indicator.target, kind="decimal", trim=True),
    Column("target_qualifier", "Angabe zum Ziel", lambda v: v.indicator.target_qualifier, choices=QUALIFIERS),
    Column("target_date", "Ziel, bis", lambda v: v.indicator.target_date, kind="date"),
    Column("value", "Wert", lambda v: v.value, kind="decimal", trim=True),
    Column("qualifier", "Angabe", lambda v: v.qualifier, choices=QUALIFIERS),
    Column("as_of", "Stand", lambda v: v.as_of, kind="date"),
    Column("sentence", "Satz im Dokument", lambda v: v.sentence),
    Column("document_id", "Dokument", lambda v: v.document_id, kind="int"),
    Column("start_line", "von Zeile", lambda v: v.start_line, kind="int"),
    Column("end_line", "bis Zeile", lambda v: v.end_line, kind="int"),
)


def _indicator_rows(scope: Scope):
    qs = published.indicator_values(scope.project_ids())
    if scope.document is not None:
        qs = qs.filter(document=scope.document)
    return qs


@dataclass(frozen=True)
class ProgrammeIndicatorRow:
    """One line of the programme indicators dataset: a counted contribution or a project without a value."""

    result: Any
    part: Any
    counted: bool


def _programme_indicator_rows(scope: Scope):
    for result in published.programme_indicators(scope.project_ids()):
        for part in result.contributions:
            yield ProgrammeIndicatorRow(result, part, True)
        for part in result.missing:
            yield ProgrammeIndicatorRow(result, part, False)


def _doc_id(row: ProgrammeIndicatorRow) -> int | None:
    return row.part.document.pk if row.part.document is not None else None


PROGRAMME_INDICATOR_COLUMNS = (
    Column("programme_indicator", "Kennzahl des Programms (Kurzname)", lambda r: r.result.indicator.slug),
    Column("name", "Kennzahl des Programms", lambda r: r.result.indicator.name),
    Column("unit", "Einheit", lambda r: r.result.unit_label),
    Column("aggregation", "Berechnung", lambda r: r.result.indicator.aggregation, choices=AGGREGATIONS),
    Column("total", "Summe", lambda r: r.result.total, kind="decimal", trim=True),
    Column("total_qualifier", "Angabe zur Summe", lambda r: r.result.qualifier, choices=QUALIFIERS),
    Column("target", "Zielwert", lambda r: r.result.indicator.target, kind="decimal", trim=True),
    Column("target_qualifier", "Angabe zum Ziel", lambda r: r.result.indicator.target_qualifier, choices=QUALIFIERS),
    Column("target_date", "Ziel, bis", lambda r: r.result.indicator.target_date, kind="date"),
    Column("defined_by_system", "vom System angelegt", lambda r: r.result.indicator.defined_by_system, kind="bool"),
    Column("project", "Projektnummer", lambda r: r.part.project.code),
    Column("contribution", "Beitrag", lambda r: r.part.label),
    Column("counted", "mitgezählt", lambda r: r.counted, kind="bool"),
    Column("value", "Wert", lambda r: r.part.value if r.counted else None, kind="decimal", trim=True),
    Column("qualifier", "Angabe", lambda r: r.part.qualifier if r.counted else "", choices=QUALIFIERS),
    Column("as_of", "Stand", lambda r: r.part.as_of if r.counted else None, kind="date"),
    Column("reason", "Grund, falls nicht mitgezählt", lambda r: "" if r.counted else r.part.reason),
    Column("document_id", "Dokument", _doc_id, kind="int"),
    Column("start_line", "von Zeile", lambda r: r.part.start_line or None, kind="int"),
    Column("end_line", "bis Zeile", lambda r: r.part.end_line or None, kind="int"),
)


# ministries and action fields ------------------------------------------------------------------------


MINISTRY_COLUMNS = (
    Column("abbreviation", "Kürzel", lambda m: m.abbreviation),
    Column("slug", "Kurzname", lambda m: m.slug),
    Column("name", "Name", lambda m: m.name),
    Column(
        "former_names",
        "frühere Namen",
        lambda m: [f"{n.name} ({n.abbreviation})" for n in m.names.all() if n.name != m.name],
    ),
    Column("project_count", "Projekte", lambda m: m.project_count, kind="int"),
)

ACTION_FIELD_COLUMNS = (
    Column("slug", "Kurzname", lambda a: a.slug),
    Column("name", "Name", lambda a: a.name),
    Column("short_name", "Kurzform", lambda a: a.short_name),
    Column("position", "Reihenfolge", lambda a: a.position, kind="int"),
    Column("project_count", "Projekte", lambda a: a.project_count, kind="int"),
)


DATASETS = (
    Dataset(
        "projects",
        "Projekte der Ruhr-Konferenz",
        "Alle veröffentlichten Projekte mit Handlungsfeld, Ressort, Status, aktuellem Projektvolumen und Ortsbezügen.",
        "Projekte",
        PROJECT_COLUMNS,
        lambda scope: tagged(_project_rows(scope), "projects"),
        keywords=("Ruhr-Konferenz", "Projekte", "Strukturwandel", "Ruhrgebiet"),
        api_path="/api/v1/projects",
        per_document=True,
        key=("code",),
        lookup=lambda key: Project.objects.filter(code=key["code"]).select_related("action_field", "ministry").first(),
        json_extra=_project_iati,
    ),
    Dataset(
        "milestones",
        "Meilensteine der Projekte",
        "Meilensteine der Projekte laut dem jeweils neuesten Dokument, mit Fundstelle.",
        "Meilensteine",
        MILESTONE_COLUMNS,
        lambda scope: tagged(_milestone_rows(scope), "milestones"),
        keywords=("Meilensteine", "Ruhr-Konferenz"),
        per_document=True,
        key=("project", "document_id", "position"),
        lookup=_milestone_lookup,
    ),
    Dataset(
        "funding-statements",
        "Projektvolumen",
        "Projektvolumen, Landesmittel und verausgabte Mittel je Projekt laut dem neuesten Dokument, mit Wortlaut, Fundstelle und IATI-Zuordnung (JSON).",
        "Projektvolumen",
        FUNDING_COLUMNS,
        lambda scope: tagged(_funding_rows(scope), "funding-statements"),
        keywords=("Förderung", "Finanzen", "Haushalt", "Ruhr-Konferenz"),
        per_document=True,
        key=("project", "document_id"),
        lookup=_funding_lookup,
        json_extra=_funding_iati,
    ),
    Dataset(
        "status-records",
        "Statusangaben je Dokument",
        "Der Status jedes Projekts, wie ihn jedes Dokument angibt (Verlauf), mit IATI-Aktivitätsstatus.",
        "Statusangaben",
        STATUS_COLUMNS,
        _status_rows,
        keywords=("Status", "Verlauf", "Ruhr-Konferenz"),
        per_document=True,
    ),
    Dataset(
        "indicators",
        "Kennzahlen",
        "Kennzahlen der Projekte mit Ausgangs-, Ziel- und berichteten Werten.",
        "Kennzahlen",
        INDICATOR_COLUMNS,
        _indicator_rows,
        keywords=("Kennzahlen", "Wirkung"),
        per_document=True,
    ),
    Dataset(
        "programme-indicators",
        "Kennzahlen des Programms",
        "Kennzahlen des Programms (z. B. erreichte Jugendliche, unterstützte Start-ups, Fördermittel), aus den veröffentlichten Projekten zusammengerechnet: je Zeile ein gezählter Beitrag mit Fundstelle oder ein Projekt ohne Wert.",
        "Kennzahlen des Programms",
        PROGRAMME_INDICATOR_COLUMNS,
        _programme_indicator_rows,
        keywords=("Kennzahlen", "Wirkung", "Förderung"),
        api_path="/api/v1/programme-indicators",
    ),
    Dataset(
        "ministries",
        "Ressorts",
        "Die verantwortlichen Ministerien mit früheren Namen und Zahl der Projekte.",
        "Ressorts",
        MINISTRY_COLUMNS,
        lambda scope: published.ministries(),
        keywords=("Ministerien", "Landesregierung"),
        api_path="/api/v1/ministries",
        project_filters=False,
    ),
    Dataset(
        "action-fields",
        "Handlungsfelder",
        "Die fünf Handlungsfelder der Ruhr-Konferenz mit Zahl der Projekte.",
        "Handlungsfelder",
        ACTION_FIELD_COLUMNS,
        lambda scope: published.action_fields(),
        keywords=("Handlungsfelder",),
        api_path="/api/v1/action-fields",
        project_filters=False,
    ),
)
