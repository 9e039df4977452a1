"""`datapackage.json` (Frictionless Data Package) describing every download: files, columns, types, units.

Read from the same registry and columns as the files themselves, so a column added there is described at
once. Each tabular file is its own resource with the dialect it is written in: the machine CSV (comma, point,
codes), the CSV for German Excel (semicolon, decimal comma, labels, BOM) and the XLSX sheet; JSON and GeoJSON
are described as files. Served at `/daten/download/datapackage.json` with absolute URLs and put into every
zip with relative paths, so `frictionless validate datapackage.json` checks a dump offline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

from .columns import EXCEL_DE, MACHINE, Column, Dialect
from .exports import FORMATS, formats_for
from .registry import Dataset

# Column.kind → Table Schema type
TYPES = {
    "text": "string",
    "int": "integer",
    "decimal": "number",
    "date": "date",
    "bool": "boolean",
    "choice": "string",
    "ref": "string",
}
PROFILE = "tabular-data-package"


def field(column: Column, dialect: Dialect) -> dict[str, Any]:
    """One column as a Table Schema field in the given dialect (German labels and decimal comma for Excel)."""
    spec: dict[str, Any] = {
        "name": column.header if dialect.german_headers else column.key,
        "title": column.header,
        "type": TYPES[column.kind],
    }
    if column.description:
        spec["description"] = column.description
    unit = column.unit
    if unit:
        # Table Schema has no unit property; "unit" is the common extension (also used by CSVW-minded tools).
        spec["unit"] = unit
    if column.kind == "decimal" and dialect.decimal != ".":
        spec["decimalChar"] = dialect.decimal
    if column.kind == "bool":
        spec["trueValues"] = [dialect.true]
        spec["falseValues"] = [dialect.false]
    if column.choices:
        values = [str(label) if dialect.german_headers else code for code, label in column.choices if code]
        spec["constraints"] = {"enum": values}
    return spec


def xlsx_field(column: Column) -> dict[str, Any]:
    """A sheet's cells are typed: numbers, dates and truth values are Excel's own, labels as in the Excel CSV."""
    spec = field(column, EXCEL_DE)
    spec.pop("decimalChar", None)
    spec.pop("trueValues", None)
    spec.pop("falseValues", None)
    return spec


def schema(dataset: Dataset, fields: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"fields": fields}
    if dataset.key:
        names = {c.key: f["name"] for c, f in zip(dataset.public_columns(), fields, strict=True)}
        out["primaryKey"] = [names[k] for k in dataset.key if k in names]
    return out


def resources(
    datasets: list[Dataset], path: Callable[[Dataset, str], str], *, workbook: str | None = None, geojson: bool = True
) -> list[dict[str, Any]]:
    """One resource per file. `path(dataset, fmt)` gives the file's URL or path; `workbook` names the one XLSX
    that holds every dataset as a sheet (the dumps), otherwise each dataset has its own XLSX."""
    out: list[dict[str, Any]] = []
    for dataset in datasets:
        columns = dataset.public_columns()
        base = {"title": dataset.title, "description": dataset.description}
        for fmt in formats_for(dataset):
            name = f"{dataset.slug}-{fmt.key.replace('.', '-')}"
            media = FORMATS[fmt.key].content_type.split(";")[0]
            if fmt.key == "csv":
                out.append(
                    {
                        "name": name,
                        "path": path(dataset, fmt.key),
                        "format": "csv",
                        "mediatype": media,
                        "encoding": "utf-8",
                        "dialect": {"delimiter": ",", "header": True},
                        "schema": schema(dataset, [field(c, MACHINE) for c in columns]),
                        **base,
                    }
                )
            elif fmt.key == "excel.csv":
                out.append(
                    {
                        "name": name,
                        "path": path(dataset, fmt.key),
                        "format": "csv",
                        "mediatype": media,
                        "encoding": "utf-8-sig",
                        "dialect": {"delimiter": ";", "header": True},
                        "schema": schema(dataset, [field(c, EXCEL_DE) for c in columns]),
                        **base,
                    }
                )
            elif fmt.key == "xlsx" and workbook is None:
                out.append(_sheet(dataset, name, path(dataset, fmt.key), base))
            elif fmt.key == "json" or (fmt.key == "geojson" and geojson):
                out.append(
                    {
                        "name": name,
                        "path": path(dataset, fmt.key),
                        "format": fmt.key,
                        "mediatype": media,
                        "encoding": "utf-8",
                        "profile": "data-resource",
                        **base,
                    }
                )
        if workbook is not None:
            out.append(_sheet(dataset, f"{dataset.slug}-xlsx", workbook, base))
    return out


def _sheet(dataset: Dataset, name: str, location: str, base: dict[str, str]) -> dict[str, Any]:
    return {
        "name": name,
        "path": location,
        "format": "xlsx",
        "mediatype": FORMATS["xlsx"].content_type,
        "dialect": {"header": True, "excel": {"sheet": dataset.sheet[:31]}},
        "schema": schema(dataset, [xlsx_field(c) for c in dataset.public_columns()]),
        **base,
    }


def descriptor(
    datasets: list[Dataset],
    path: Callable[[Dataset, str], str],
    *,
    workbook: str | None = None,
    geojson: bool = True,
) -> dict:
    return {
        "name": "ruhr-monitor",
        "title": "Ruhr-Monitor: offene Daten der Ruhr-Konferenz",
        "description": (
            "Projekte, Status, Meilensteine, Projektvolumen, Kennzahlen und Ortsbezüge der Ruhr-Konferenz des "
            "Landes Nordrhein-Westfalen, mit Quellenangabe je Wert. Jede Datei ist eine Ressource: die CSV-Datei "
            "für Programme (Komma, Codes), die CSV-Datei für Excel (Semikolon, Dezimalkomma, deutsche "
            "Bezeichnungen), die Excel-Arbeitsmappe und JSON."
        ),
        "profile": "data-package",
        "created": timezone.now().isoformat(timespec="seconds"),
        "licenses": [{"path": settings.OPEN_DATA_LICENSE, "title": settings.OPEN_DATA_ATTRIBUTION}],
        "contributors": [{"title": settings.OPEN_DATA_PUBLISHER, "role": "publisher"}],
        "keywords": ["Ruhr-Konferenz", "Ruhrgebiet", "Strukturwandel", "Nordrhein-Westfalen"],
        "resources": resources(datasets, path, workbook=workbook, geojson=geojson),
    }
