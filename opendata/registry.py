"""The dataset registry: one declaration per dataset, read by the downloads, the API, the catalogue and the round trip.

A `Dataset` names its rows (always through `published`, or the whole registry
for the office's round trip), its columns (`columns.Column`, the same for
export and import), whether it is open data, and, when the office may edit
it, which columns identify a row. Each app declares its datasets beside its
data, in `APP/datasets.py` (a tuple `DATASETS`), as decidim's components declare
their exports; `collect()` gathers them when the app registry is ready
(`OpendataConfig.ready`). A dataset declared there and named in `ORDER` appears on
the download page, in `/api/v1/datasets`, the DCAT catalogue and the full dumps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

from programmes.models import Project
from programmes.progress import QUALIFIER_WORDS
from sources.models import DocumentKind, Provenance, SourceDocument

from . import published
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


# what the apps' declarations share -----------------------------------------------------------------

QUALIFIERS = tuple(QUALIFIER_WORDS.items())  # approx → rund, more_than → mehr als …


def tagged(rows: Iterable[Any], dataset_slug: str) -> Iterator[Any]:
    """Rows that know their dataset, so the round trip's row version (`ROW_VERSION`) can find its columns."""
    dataset = DATASETS[dataset_slug]
    for row in rows:
        row._dataset = dataset
        yield row


def code_of(obj: Any, attribute: str) -> Any:
    return getattr(obj, attribute) if obj is not None else None


def sources_text(provs: list[Provenance]) -> str:
    return "; ".join(f"Dok. {p.document_id} Z. {p.start_line}–{p.end_line} ({p.field})" for p in provs)


def decimal_column(key: str, header: str, places: int = 2) -> Column:
    return Column(key, header, lambda f: getattr(f, key), kind="decimal", field=key, places=places)


def date_column(key: str, header: str) -> Column:
    return Column(key, header, lambda f: getattr(f, key), kind="date", field=key)


# the datasets, collected from the apps -------------------------------------------------------------

# The order of the download page, the catalogue, the dumps and /api/v1/datasets: an editorial choice of this
# app (the projects first, the documents they come from last), so it is written here, not left to the order of
# INSTALLED_APPS. `collect` refuses a dataset missing from it, and a name here that no app declares.
ORDER = (
    "projects",
    "milestones",
    "funding-statements",
    "local-references",
    "status-records",
    "indicators",
    "programme-indicators",
    "municipalities",
    "ministries",
    "action-fields",
    "proposals",
    "project-roles",
    "documents",
)

# Filled in place by `collect`, so a module that imported the name early sees the datasets.
DATASETS: dict[str, Dataset] = {}

ROUND_TRIP = ("projects", "milestones", "funding-statements", "local-references")


def collect() -> dict[str, Dataset]:
    """Gather the `DATASETS` of every installed app's `datasets` module, in `ORDER`."""
    found: dict[str, Dataset] = {}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "datasets"):
            continue
        for dataset in import_module(f"{config.name}.datasets").DATASETS:
            if dataset.slug in found:
                raise ImproperlyConfigured(f"Datensatz „{dataset.slug}“ ist zweimal deklariert ({config.name}).")
            found[dataset.slug] = dataset
    unordered = set(found) - set(ORDER)
    if unordered:
        raise ImproperlyConfigured(f"Datensätze ohne Platz in opendata.registry.ORDER: {', '.join(sorted(unordered))}")
    missing = [slug for slug in (*ORDER, *ROUND_TRIP) if slug not in found]
    if missing:
        raise ImproperlyConfigured(
            f"Datensätze in ORDER oder ROUND_TRIP, die keine App deklariert: {', '.join(missing)}"
        )
    DATASETS.clear()
    DATASETS.update((slug, found[slug]) for slug in ORDER)
    return DATASETS


def open_datasets() -> list[Dataset]:
    return [d for d in DATASETS.values() if d.open_data]


def get(slug: str) -> Dataset | None:
    return DATASETS.get(slug)


def report_documents():
    return published.reports().filter(kind=DocumentKind.PROGRESS_REPORT)
