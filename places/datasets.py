"""The open datasets of places, declared beside them: local references (with the funding attributed to each
place) and the 53 municipalities with their projects and funding (also as GeoJSON).

Collected by the opendata registry (opendata/registry.py, `collect`); nothing in places imports this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from opendata import published
from opendata.columns import Column
from opendata.registry import QUALIFIERS, Dataset, Scope, code_of, decimal_column, sources_text, tagged
from places.models import FundingBasis, LocalReference, Municipality
from programmes.models import Project

# local references --------------------------------------------------------------------------------

LOCAL_REFERENCE_COLUMNS = (
    Column("project", "Projektnummer", lambda r: r.project.code),
    Column("ags", "Gemeindeschlüssel", lambda r: r.municipality.ags),
    Column("municipality", "Kommune", lambda r: r.municipality.name),
    Column("district", "Kreis", lambda r: code_of(r.municipality.district, "name")),
    Column("description", "Was dort geschieht", lambda r: r.description, field="description"),
    decimal_column("funding_eur", "zurechenbare Förderung (Euro)"),
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
    decimal_column("allocation_share", "Anteil laut Schlüssel", places=6),
    Column("sources", "Quellen", lambda r: sources_text(getattr(r, "api_sources", []))),
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


# municipalities ------------------------------------------------------------------------------------


def _municipality_rows(scope: Scope):
    rows, _region_wide = published.funding_by_municipality(scope.filters)
    return rows


MUNICIPALITY_COLUMNS = (
    Column("ags", "Gemeindeschlüssel", lambda r: r.municipality.ags),
    Column("name", "Kommune", lambda r: r.municipality.name),
    Column("slug", "Kurzname", lambda r: r.municipality.slug),
    Column("kind", "Art", lambda r: r.municipality.kind),
    Column("district_ags", "Kreisschlüssel", lambda r: code_of(r.municipality.district, "ags")),
    Column("district", "Kreis", lambda r: code_of(r.municipality.district, "name")),
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


DATASETS = (
    Dataset(
        "local-references",
        "Ortsbezüge und Förderung je Kommune",
        "Welche Projekte welche Kommune betreffen, mit der zurechenbaren Förderung und ihrer Grundlage (genau, geschätzt, unbekannt).",
        "Ortsbezüge",
        LOCAL_REFERENCE_COLUMNS,
        lambda scope: tagged(_local_reference_rows(scope), "local-references"),
        keywords=("Kommunen", "Förderung", "Ruhrgebiet", "Gemeindeschlüssel"),
        per_document=True,
        key=("project", "ags"),
        lookup=_local_reference_lookup,
        create=_local_reference_create,
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
)
