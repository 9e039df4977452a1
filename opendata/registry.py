"""The dataset registry: one declaration per dataset, read by the downloads, the API, the catalogue and the round trip.

A `Dataset` names its rows (always through `published`, or the whole registry
for the office's round trip), its columns (`columns.Column`, the same for
export and import), whether it is open data, and, when the office may edit
it, which columns identify a row. Adding a dataset here adds it to the
download page, `/api/v1/datasets`, the DCAT catalogue and the full dumps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from organisations.models import OrganisationKind, ProjectRole, Role
from places.models import FundingBasis, LocalReference, Municipality
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
from programmes.progress import QUALIFIER_WORDS
from sources.models import DocumentKind, Provenance, SourceDocument

from . import iati, published
from .columns import MACHINE, Column
from .filters import ProjectFilters


@dataclass
class Scope:
    """Which rows: the published registry (optionally filtered), one document's statements, or the office's view."""

    filters: ProjectFilters | None = None
    document: SourceDocument | None = None  # dated dump: what this document stated
    office: bool = False  # round trip: every project of the registry, also those not yet published

    def project_ids(self) -> set[int]:
        if self.office:
            qs = Project.objects.all()
            if self.filters is not None:
                qs = self.filters.apply(qs)
            return set(qs.values_list("pk", flat=True))
        ids = published.project_ids(self.filters)
        if self.document is not None:
            stated = Provenance.objects.filter(
                content_type=ContentType.objects.get_for_model(Project), document=self.document
            ).values_list("object_id", flat=True)
            ids &= set(stated)
        return ids


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    sheet: str  # XLSX sheet name (at most 31 characters)
    columns: tuple[Column, ...]
    rows: Callable[[Scope], Iterable[Any]]
    keywords: tuple[str, ...] = ()
    api_path: str = ""
    open_data: bool = True
    project_filters: bool = True  # accepts the project filters (ProjectFilters)
    per_document: bool = False  # part of the dated dump of a report
    geojson: bool = False
    key: tuple[str, ...] = ()  # round trip: columns that identify a row
    lookup: Callable[[dict[str, Any]], Any] | None = None  # round trip: key values → model instance
    create: Callable[[dict[str, Any]], Any] | None = None  # round trip: key values → new unsaved instance
    json_extra: Callable[[Any], dict[str, Any]] | None = None  # JSON only: e.g. the IATI mapping

    @property
    def editable(self) -> bool:
        return self.lookup is not None and any(c.editable for c in self.columns)

    def public_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.office_only)

    def office_columns(self) -> tuple[Column, ...]:
        return (*self.columns, ROW_VERSION)

    def column(self, key: str) -> Column:
        for column in self.office_columns():
            if column.key == key:
                return column
        raise KeyError(key)


CELL_VERSION_LENGTH = 6


def cell_version(text: str) -> str:
    """A short hash of one editable cell as exported (machine dialect)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:CELL_VERSION_LENGTH]


def row_version(row: Any, dataset: Dataset | None = None) -> str:
    """A short hash of a row's editable values at export time, then one per cell.

    The round trip uses it to detect concurrent edits cell by cell: a cell the file left as exported never
    conflicts with a newer value in the registry, and a row nobody touched never blocks an upload.
    """
    dataset = dataset or getattr(row, "_dataset", None)
    texts = [c.text(row, MACHINE) for c in dataset.columns if c.editable]
    whole = hashlib.sha256("\x1f".join(texts).encode("utf-8")).hexdigest()[:12]
    return whole + ":" + "".join(cell_version(text) for text in texts)


def exported_cell_versions(version: str, dataset: Dataset) -> dict[str, str] | None:
    """Column key → the cell's version at export, from a row version; None for a version without cells."""
    _whole, separator, cells = version.partition(":")
    editable = [c for c in dataset.columns if c.editable]
    if not separator or len(cells) != CELL_VERSION_LENGTH * len(editable):
        return None
    n = CELL_VERSION_LENGTH
    return {c.key: cells[i * n : (i + 1) * n] for i, c in enumerate(editable)}


ROW_VERSION = Column(
    "row_version",
    "Version",
    lambda row: row_version(row),
    office_only=True,
    description="Prüfwert der Zeile beim Export; nicht ändern. Zeigt beim Hochladen, ob der Datensatz inzwischen geändert wurde.",
)


def _tag(rows: Iterable[Any], dataset_slug: str) -> Iterator[Any]:
    dataset = DATASETS[dataset_slug]
    for row in rows:
        row._dataset = dataset
        yield row


# references typed into a cell ---------------------------------------------------------------


def _action_field(word: str) -> ActionField | None:
    return ActionField.objects.filter(Q(slug=word.lower()) | Q(name__iexact=word) | Q(short_name__iexact=word)).first()


def _ministry(word: str) -> Ministry | None:
    return Ministry.objects.filter(Q(abbreviation__iexact=word) | Q(slug=word.lower())).first()


def _code(obj: Any, attribute: str) -> Any:
    return getattr(obj, attribute) if obj is not None else None


def _sources(provs: list[Provenance]) -> str:
    return "; ".join(f"Dok. {p.document_id} Z. {p.start_line}–{p.end_line} ({p.field})" for p in provs)


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


STATUS_CHOICES = tuple((code, str(label)) for code, label in ProjectStatus.choices)
QUALIFIERS = tuple(QUALIFIER_WORDS.items())  # approx → rund, more_than → mehr als …
DIRECTIONS = tuple(IndicatorDirection.choices)
AGGREGATIONS = tuple(RollupAggregation.choices)

PROJECT_COLUMNS = (
    Column("code", "Projektnummer", lambda p: p.code, description="Stabile Kennung, z. B. 13-03"),
    Column("title", "Titel", lambda p: p.title, field="title", nullable=False, max_length=500),
    Column("slug", "Kurzname", lambda p: p.slug),
    Column(
        "action_field",
        "Handlungsfeld",
        lambda p: _code(p.action_field, "slug"),
        kind="ref",
        field="action_field",
        resolve=_action_field,
        ref_code=lambda af: af.slug,
        description="Kurzname des Handlungsfelds (mobilitaet, wirtschaft, vielfalt, energie, bildung)",
    ),
    Column("action_field_name", "Handlungsfeld (Name)", lambda p: _code(p.action_field, "name")),
    Column(
        "ministry",
        "Ressort",
        lambda p: _code(p.ministry, "abbreviation"),
        kind="ref",
        field="ministry",
        resolve=_ministry,
        ref_code=lambda m: m.abbreviation,
        description="Kürzel des Ressorts",
    ),
    Column("ministry_name", "Ressort (Name)", lambda p: _code(p.ministry, "name")),
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
    Column("parent", "übergeordnetes Projekt", lambda p: _code(p.parent, "code")),
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


def _decimal(key: str, header: str, places: int = 2) -> Column:
    return Column(key, header, lambda f: getattr(f, key), kind="decimal", field=key, places=places)


def _date(key: str, header: str) -> Column:
    return Column(key, header, lambda f: getattr(f, key), kind="date", field=key)


def _funding_column(f: funding.FundingField) -> Column:
    if f.kind == funding.AMOUNT:
        return _decimal(f.name, str(f.label))
    if f.kind == funding.PERCENT:
        return _decimal(f.name, str(f.label))
    if f.kind == funding.DATE:
        return _date(f.name, str(f.label))
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


# local references --------------------------------------------------------------------------------

LOCAL_REFERENCE_COLUMNS = (
    Column("project", "Projektnummer", lambda r: r.project.code),
    Column("ags", "Gemeindeschlüssel", lambda r: r.municipality.ags),
    Column("municipality", "Kommune", lambda r: r.municipality.name),
    Column("district", "Kreis", lambda r: _code(r.municipality.district, "name")),
    Column("description", "Was dort geschieht", lambda r: r.description, field="description"),
    _decimal("funding_eur", "zurechenbare Förderung (Euro)"),
    Column(
        "funding_qualifier",
        "Angabe",
        lambda r: r.funding_qualifier,
        field="funding_qualifier",
        max_length=16,
        choices=QUALIFIERS,
    ),
    Column(
        "funding_basis",
        "Grundlage",
        lambda r: r.funding_basis,
        kind="choice",
        field="funding_basis",
        choices=tuple((c, str(label)) for c, label in FundingBasis.choices),
        nullable=False,
        description="exact: für diesen Ort angegeben · estimated: dokumentierte Aufteilung · unknown: unbekannt",
    ),
    Column(
        "funding_kind",
        "Art der Mittel",
        lambda r: r.funding_kind,
        description="wie das Dokument den Betrag nennt: applied (beantragt), planned (geplant), granted "
        "(bewilligt/zugesagt), paid (ausgezahlt/verausgabt), volume (Projektvolumen); leer: nicht angegeben",
    ),
    Column("funding_text", "Förderangabe im Wortlaut", lambda r: r.funding_text, field="funding_text"),
    _decimal("allocation_share", "Anteil laut Schlüssel", places=6),
    Column("sources", "Quellen", lambda r: _sources(getattr(r, "api_sources", []))),
)


def _local_reference_rows(scope: Scope) -> Iterator[LocalReference]:
    refs = published.local_references(scope.project_ids(), document=scope.document)
    if scope.filters is not None:
        # A place filter narrows the rows to that place, not only the projects to those concerning it.
        municipality, district = scope.filters.find_municipality(), scope.filters.find_district()
        if municipality is not None:
            refs = refs.filter(municipality=municipality)
        if district is not None:
            refs = refs.filter(municipality__district=district)
    refs = list(refs)
    table = published.provenance(refs)
    for ref in refs:
        ref.api_sources = published.provenance_of(ref, table)
        yield ref


def _local_reference_key(key: dict[str, Any]) -> dict[str, Any]:
    return {"project__code": key["project"], "municipality__ags": str(key["ags"]).strip().zfill(8)}


def _local_reference_lookup(key: dict[str, Any]) -> LocalReference | None:
    return LocalReference.objects.filter(**_local_reference_key(key)).select_related("project", "municipality").first()


def _local_reference_create(key: dict[str, Any]) -> LocalReference | None:
    project = Project.objects.filter(code=key["project"]).first()
    municipality = Municipality.objects.filter(ags=str(key["ags"]).strip().zfill(8)).first()
    if project is None or municipality is None:
        return None
    return LocalReference(project=project, municipality=municipality)


# read-only datasets ----------------------------------------------------------------------------------


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


def _municipality_rows(scope: Scope):
    rows, _region_wide = published.funding_by_municipality(scope.filters)
    return rows


MUNICIPALITY_COLUMNS = (
    Column("ags", "Gemeindeschlüssel", lambda r: r.municipality.ags),
    Column("name", "Kommune", lambda r: r.municipality.name),
    Column("slug", "Kurzname", lambda r: r.municipality.slug),
    Column("kind", "Art", lambda r: r.municipality.kind),
    Column("district_ags", "Kreisschlüssel", lambda r: _code(r.municipality.district, "ags")),
    Column("district", "Kreis", lambda r: _code(r.municipality.district, "name")),
    Column("population", "Einwohner", lambda r: r.municipality.population, kind="int"),
    Column("area_km2", "Fläche (km²)", lambda r: r.municipality.area_km2, kind="decimal"),
    Column("latitude", "Breite", lambda r: r.municipality.latitude, kind="decimal", trim=True),
    Column("longitude", "Länge", lambda r: r.municipality.longitude, kind="decimal", trim=True),
    Column("project_count", "Projekte mit Ortsbezug", lambda r: r.project_count, kind="int"),
    Column("funding_exact_eur", "Förderung, genau (Euro)", lambda r: r.exact_eur, kind="decimal"),
    Column("funding_exact_count", "Ortsbezüge mit genauer Angabe", lambda r: r.exact_count, kind="int"),
    Column("funding_estimated_eur", "Förderung, geschätzt (Euro)", lambda r: r.estimated_eur, kind="decimal"),
    Column("funding_estimated_count", "Ortsbezüge mit Schätzung", lambda r: r.estimated_count, kind="int"),
    Column("funding_unknown_count", "Ortsbezüge ohne bezifferbare Förderung", lambda r: r.unknown_count, kind="int"),
    Column(
        "funding_applied_eur",
        "beantragt, nicht bewilligt (Euro)",
        lambda r: r.applied_eur,
        kind="decimal",
        description="Nicht in der Förderung, genau: die Dokumente nennen diese Mittel als beantragt",
    ),
    Column("funding_applied_count", "Ortsbezüge mit beantragten Mitteln", lambda r: r.applied_count, kind="int"),
    Column(
        "funding_planned_eur",
        "geplant/vorgesehen (Euro)",
        lambda r: r.planned_eur,
        kind="decimal",
        description="Nicht in der Förderung, genau: die Dokumente nennen diese Mittel als geplant oder vorgesehen",
    ),
    Column("funding_planned_count", "Ortsbezüge mit geplanten Mitteln", lambda r: r.planned_count, kind="int"),
    Column("url", "Seite im Portal", lambda r: r.municipality.get_absolute_url()),
)

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

PROPOSAL_COLUMNS = (
    Column("id", "Kennung", lambda p: f"{p.source}-{p.number}"),
    Column("source", "Herkunft", lambda p: p.source),
    Column("number", "Nummer", lambda p: p.number, kind="int"),
    Column("title", "Titel", lambda p: p.title),
    Column("theme", "Thema", lambda p: p.theme),
    Column("goal", "Ziel", lambda p: p.goal),
    Column("background", "Hintergrund", lambda p: p.background),
    Column("municipalities", "Kommunen (AGS)", lambda p: [m.ags for m in p.municipalities.all()]),
    Column("document_id", "Dokument", lambda p: p.document_id, kind="int"),
    Column("start_line", "von Zeile", lambda p: p.start_line, kind="int"),
    Column("end_line", "bis Zeile", lambda p: p.end_line, kind="int"),
)

DOCUMENT_COLUMNS = (
    Column("id", "Kennung", lambda d: d.pk, kind="int"),
    Column("kind", "Art", lambda d: d.kind),
    Column("title", "Titel", lambda d: d.title),
    Column("date", "Datum", lambda d: d.date, kind="date"),
    # Which document states the date (the document itself, or a press release); empty: none states one.
    Column("date_source_id", "Datum laut Dokument", lambda d: d.date_source_id, kind="int"),
    Column("as_of", "Stand", lambda d: d.as_of, kind="date"),
    Column("year", "Berichtsjahr", lambda d: d.year, kind="int"),
    Column("reference", "Fundstelle", lambda d: d.reference),
    Column("sha256", "SHA-256", lambda d: d.sha256),
    Column("line_count", "Zeilen", lambda d: d.line_count, kind="int"),
    Column("url", "Seite im Portal", lambda d: f"/quellen/{d.pk}/"),
)


def _role_rows(scope: Scope):
    qs = ProjectRole.objects.published().filter(project_id__in=scope.project_ids())
    if scope.document is not None:
        qs = qs.filter(document=scope.document)
    return qs.select_related("project", "organisation", "organisation__municipality").order_by(
        "project__code", "role", "organisation__name", "start_line"
    )


ROLE_COLUMNS = (
    Column("project", "Projektnummer", lambda r: r.project.code),
    Column("organisation", "Akteur (Kurzname)", lambda r: r.organisation.slug),
    Column("organisation_name", "Akteur", lambda r: r.organisation.name),
    Column(
        "organisation_kind", "Art des Akteurs", lambda r: r.organisation.kind, choices=tuple(OrganisationKind.choices)
    ),
    Column(
        "organisation_ags",
        "Sitz (Gemeindeschlüssel)",
        lambda r: r.organisation.municipality.ags if r.organisation.municipality else None,
    ),
    Column("role", "Rolle", lambda r: r.role, choices=tuple(Role.choices)),
    Column("wording", "genannt als", lambda r: r.wording),
    Column("sentence", "Satz im Dokument", lambda r: r.sentence),
    Column("document_id", "Dokument", lambda r: r.document_id, kind="int"),
    Column("start_line", "von Zeile", lambda r: r.start_line, kind="int"),
    Column("end_line", "bis Zeile", lambda r: r.end_line, kind="int"),
)


def _documents(scope: Scope):
    qs = published.documents()
    if scope.document is not None:
        qs = qs.filter(pk=scope.document.pk)
    return qs


DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in (
        Dataset(
            "projects",
            "Projekte der Ruhr-Konferenz",
            "Alle veröffentlichten Projekte mit Handlungsfeld, Ressort, Status, aktuellem Projektvolumen und Ortsbezügen.",
            "Projekte",
            PROJECT_COLUMNS,
            lambda scope: _tag(_project_rows(scope), "projects"),
            keywords=("Ruhr-Konferenz", "Projekte", "Strukturwandel", "Ruhrgebiet"),
            api_path="/api/v1/projects",
            per_document=True,
            key=("code",),
            lookup=lambda key: (
                Project.objects.filter(code=key["code"]).select_related("action_field", "ministry").first()
            ),
            json_extra=_project_iati,
        ),
        Dataset(
            "milestones",
            "Meilensteine der Projekte",
            "Meilensteine der Projekte laut dem jeweils neuesten Dokument, mit Fundstelle.",
            "Meilensteine",
            MILESTONE_COLUMNS,
            lambda scope: _tag(_milestone_rows(scope), "milestones"),
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
            lambda scope: _tag(_funding_rows(scope), "funding-statements"),
            keywords=("Förderung", "Finanzen", "Haushalt", "Ruhr-Konferenz"),
            per_document=True,
            key=("project", "document_id"),
            lookup=_funding_lookup,
            json_extra=_funding_iati,
        ),
        Dataset(
            "local-references",
            "Ortsbezüge und Förderung je Kommune",
            "Welche Projekte welche Kommune betreffen, mit der zurechenbaren Förderung und ihrer Grundlage (genau, geschätzt, unbekannt).",
            "Ortsbezüge",
            LOCAL_REFERENCE_COLUMNS,
            lambda scope: _tag(_local_reference_rows(scope), "local-references"),
            keywords=("Kommunen", "Förderung", "Ruhrgebiet", "Gemeindeschlüssel"),
            per_document=True,
            key=("project", "ags"),
            lookup=_local_reference_lookup,
            create=_local_reference_create,
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
            "municipalities",
            "Kommunen des Ruhrgebiets mit Projekten und Förderung",
            "Die 53 Kommunen des Ruhrgebiets mit Gemeindeschlüssel, Zahl der Projekte mit Ortsbezug und zurechenbarer Förderung je Grundlage; als GeoJSON mit Gemeindegrenzen.",
            "Kommunen",
            MUNICIPALITY_COLUMNS,
            _municipality_rows,
            keywords=("Kommunen", "Gemeindeschlüssel", "Ruhrgebiet", "Geodaten"),
            api_path="/api/v1/municipalities",
            geojson=True,
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
        Dataset(
            "proposals",
            "Projektideen",
            "Projektideen aus veröffentlichten Listen (z. B. der Industrie- und Handelskammern und Handwerkskammern).",
            "Projektideen",
            PROPOSAL_COLUMNS,
            lambda scope: published.proposals(),
            keywords=("Projektideen", "Beteiligung"),
            api_path="/api/v1/proposals",
            project_filters=False,
        ),
        Dataset(
            "project-roles",
            "Akteure in Projekten",
            "Welche Organisationen (Hochschulen, Behörden, Kammern, Unternehmen, Stiftungen) laut den Dokumenten an "
            "welchem Projekt beteiligt sind – federführend, als Partner, Geldgeber oder Begünstigte –, mit Satz und Zeile.",
            "Akteure",
            ROLE_COLUMNS,
            _role_rows,
            keywords=("Akteure", "Partner", "Ruhr-Konferenz"),
            api_path="/api/v1/organisations",
            per_document=True,
        ),
        Dataset(
            "documents",
            "Quelldokumente",
            "Die Dokumente, aus denen die Daten stammen, mit Datum, Stand und Prüfsumme.",
            "Quellen",
            DOCUMENT_COLUMNS,
            _documents,
            keywords=("Fortschrittsbericht", "Quellen"),
            api_path="/api/v1/documents",
            project_filters=False,
            per_document=True,
        ),
    )
}

ROUND_TRIP = ("projects", "milestones", "funding-statements", "local-references")


def open_datasets() -> list[Dataset]:
    return [d for d in DATASETS.values() if d.open_data]


def get(slug: str) -> Dataset | None:
    return DATASETS.get(slug)


def report_documents():
    return published.reports().filter(kind=DocumentKind.PROGRESS_REPORT)
