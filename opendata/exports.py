"""Writers for the registry's datasets: CSV (two dialects), XLSX, JSON, GeoJSON and dated zip dumps.

The writers only format; which rows and columns a file has comes from the
dataset registry, so a column added there appears in every format at once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from operations.cells import append_row, csv_row, protect_cell, xlsx_value

from . import published
from .columns import EXCEL_DE, MACHINE, Column, Dialect, to_json
from .registry import DATASETS, Dataset, Scope

BOM = "\ufeff"
EDITABLE_FILL = PatternFill("solid", start_color="E2F0D9", end_color="E2F0D9")
NOTES_SHEET = "Hinweise"


@dataclass(frozen=True)
class Format:
    key: str  # as in URLs: projects.csv, projects.excel.csv …
    extension: str
    content_type: str
    label: str


FORMATS = {
    "csv": Format("csv", "csv", "text/csv; charset=utf-8; header=present", "CSV (UTF-8, Komma)"),
    "excel.csv": Format(
        "excel.csv", "excel.csv", "text/csv; charset=utf-8; header=present", "CSV für Excel (Semikolon, Dezimalkomma)"
    ),
    "xlsx": Format("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"),
    "json": Format("json", "json", "application/json", "JSON"),
    "geojson": Format("geojson", "geojson", "application/geo+json", "GeoJSON"),
}


def formats_for(dataset: Dataset) -> list[Format]:
    keys = ["csv", "excel.csv", "xlsx", "json"] + (["geojson"] if dataset.geojson else [])
    return [FORMATS[k] for k in keys]


def licence_note() -> str:
    return f"Lizenz: {settings.OPEN_DATA_LICENSE} · Namensnennung: {settings.OPEN_DATA_ATTRIBUTION}"


# CSV --------------------------------------------------------------------------------------------


def write_csv(columns: tuple[Column, ...], rows, dialect: Dialect) -> bytes:
    buffer = io.StringIO()
    if dialect.bom:
        buffer.write(BOM)  # so that Excel reads the umlauts as UTF-8
    # German headings contain commas ("Ziel, bis") and so do German decimals; a quoted heading row shows a
    # sniffer (Python's csv.Sniffer, frictionless, LibreOffice) which character separates the fields.
    header = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    header.writerow(csv_row(c.header if dialect.german_headers else c.key for c in columns))
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(csv_row(c.text(row, dialect) for c in columns))
    return buffer.getvalue().encode("utf-8")


# XLSX -------------------------------------------------------------------------------------------


def _cell_value(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in (sorted(value) if isinstance(value, set) else value))
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def add_sheet(workbook: Workbook, title: str, columns: tuple[Column, ...], rows, *, mark_editable: bool) -> None:
    sheet = workbook.create_sheet(title[:31])
    append_row(sheet, [c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if mark_editable and column.editable:
            cell.fill = EDITABLE_FILL
        width = 40 if column.key in {"title", "summary", "text", "description", "goal", "background"} else 16
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row_number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            value = xlsx_value(_cell_value(column.shown(row, EXCEL_DE)))
            cell = sheet.cell(row=row_number, column=index, value=value)
            protect_cell(cell)  # text stays text, never a formula (operations/cells.py)
            if column.kind == "decimal" and isinstance(value, int | float | Decimal) and not column.trim:
                cell.number_format = "#,##0.00" if column.places == 2 else "0.000000"
            elif column.kind == "date" and isinstance(value, date):
                cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet, title)


def _print_setup(sheet, title: str) -> None:
    """Printed, a sheet fits the width of landscape A4, repeats its heading row and says what it is."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = f"Ruhr-Monitor – {title}"
    sheet.oddFooter.left.text = settings.OPEN_DATA_ATTRIBUTION
    sheet.oddFooter.right.text = "Seite &P von &N"


def add_notes(workbook: Workbook, datasets: list[tuple[Dataset, tuple[Column, ...]]], *, office: bool) -> None:
    sheet = workbook.create_sheet(NOTES_SHEET)
    append_row(sheet, ["Ruhr-Monitor", f"erstellt {timezone.localtime():%d.%m.%Y %H:%M}"])
    append_row(sheet, ["Lizenz", settings.OPEN_DATA_LICENSE])
    append_row(sheet, ["Namensnennung", settings.OPEN_DATA_ATTRIBUTION])
    if office:
        append_row(
            sheet,
            [
                "Bearbeiten",
                "Nur grün markierte Spalten werden beim Hochladen übernommen. Zeilen nicht umsortieren ist nicht nötig, "
                "aber Kennungen (Projektnummer, Dokument, Nr., Gemeindeschlüssel) und die Spalte „Version“ nicht ändern.",
            ],
        )
    append_row(sheet, [])
    append_row(sheet, ["Tabelle", "Spalte", "Schlüssel", "bearbeitbar", "Erläuterung"])
    for dataset, columns in datasets:
        for column in columns:
            append_row(
                sheet, [dataset.sheet, column.header, column.key, "ja" if column.editable else "", column.description]
            )
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["E"].width = 80
    _print_setup(sheet, NOTES_SHEET)


def write_xlsx(parts: list[tuple[Dataset, tuple[Column, ...], Any]], *, office: bool = False) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    titles = [dataset.title for dataset, _columns, _rows in parts]
    workbook.properties.title = titles[0] if len(titles) == 1 else "Ruhr-Monitor: offene Daten der Ruhr-Konferenz"
    workbook.properties.subject = "; ".join(titles)
    workbook.properties.creator = settings.OPEN_DATA_PUBLISHER
    workbook.properties.description = licence_note()
    workbook.properties.language = "de-DE"
    workbook.properties.keywords = "Ruhr-Konferenz, Ruhrgebiet, offene Daten"
    for dataset, columns, rows in parts:
        add_sheet(workbook, dataset.sheet, columns, rows, mark_editable=office)
    add_notes(workbook, [(d, c) for d, c, _rows in parts], office=office)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# JSON and GeoJSON ------------------------------------------------------------------------------


def row_dict(dataset: Dataset, columns: tuple[Column, ...], row: Any) -> dict[str, Any]:
    item = {c.key: to_json(c.value(row)) for c in columns}
    if dataset.json_extra is not None:
        item.update(dataset.json_extra(row))
    return item


def _meta(dataset: Dataset | None, scope: Scope) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "license": settings.OPEN_DATA_LICENSE,
        "attribution": settings.OPEN_DATA_ATTRIBUTION,
        "publisher": settings.OPEN_DATA_PUBLISHER,
    }
    if dataset is not None:
        meta.update({"dataset": dataset.slug, "title": dataset.title, "description": dataset.description})
    if scope.filters is not None and not scope.filters.is_empty():
        meta["filters"] = scope.filters.as_query()
    if scope.document is not None:
        meta["document"] = {"id": scope.document.pk, "title": scope.document.title, "as_of": _iso(scope.document.as_of)}
    return meta


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def write_json(dataset: Dataset, columns: tuple[Column, ...], rows, scope: Scope) -> bytes:
    items = [row_dict(dataset, columns, row) for row in rows]
    body = {**_meta(dataset, scope), "count": len(items), "items": items}
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def geojson(scope: Scope) -> dict[str, Any]:
    dataset = DATASETS["municipalities"]
    rows, region_wide = published.funding_by_municipality(scope.filters)
    features = []
    for row in rows:
        features.append(
            {
                "type": "Feature",
                "id": row.municipality.ags,
                "geometry": row.municipality.geometry,
                "properties": {c.key: to_json(c.value(row)) for c in dataset.public_columns()},
            }
        )
    meta = _meta(dataset, scope)
    meta["region_wide_project_count"] = region_wide
    meta["note"] = (
        "Förderung je Grundlage getrennt: genau (im Dokument für den Ort angegeben) und geschätzt (dokumentierte Aufteilung) "
        "werden nie addiert. Regionsweite Projekte betreffen alle Kommunen ohne Aufteilung der Mittel."
    )
    return {"type": "FeatureCollection", "metadata": meta, "features": features}


def write_geojson(scope: Scope) -> bytes:
    return json.dumps(geojson(scope), ensure_ascii=False).encode("utf-8")


# one dataset in one format ------------------------------------------------------------------------


def render(dataset: Dataset, fmt: str, scope: Scope) -> bytes:
    columns = dataset.office_columns() if scope.office else dataset.public_columns()
    if fmt == "geojson":
        return write_geojson(scope)
    rows = list(dataset.rows(scope))
    if fmt == "csv":
        return write_csv(columns, rows, MACHINE)
    if fmt == "excel.csv":
        return write_csv(columns, rows, EXCEL_DE)
    if fmt == "xlsx":
        return write_xlsx([(dataset, columns, rows)], office=scope.office)
    if fmt == "json":
        return write_json(dataset, columns, rows, scope)
    raise ValueError(fmt)


def office_workbook(datasets: list[Dataset], scope: Scope) -> bytes:
    return write_xlsx([(d, d.office_columns(), list(d.rows(scope))) for d in datasets], office=True)


# dated dumps ---------------------------------------------------------------------------------------


README = """Ruhr-Monitor – offene Daten der Ruhr-Konferenz
{subject}
Erstellt: {generated}

Inhalt: je Datensatz eine CSV-Datei (UTF-8, Komma), eine CSV-Datei für Excel
(UTF-8 mit BOM, Semikolon, Dezimalkomma, deutsche Bezeichnungen) und eine
JSON-Datei; alle Tabellen zusammen in ruhr-monitor.xlsx; die Kommunen mit
Grenzen als GeoJSON. datapackage.json (Frictionless Data Package) beschreibt
jede Datei mit Spalten, Typen und Einheiten; metadata.json nennt Lizenz,
Quellen und die SHA-256-Prüfsumme jeder Datei.

Jede Zahl nennt ihre Quelle (Dokument und Zeilen); die Dokumente stehen in
documents.csv. Förderung je Kommune: genau und geschätzt werden getrennt
ausgewiesen und nie addiert.

{licence}
"""


def dump(scope: Scope, subject: str) -> bytes:
    """A zip with every open dataset in every format, as of now or as one document stated it."""
    datasets = [d for d in DATASETS.values() if d.open_data and (scope.document is None or d.per_document)]
    files: dict[str, bytes] = {}
    parts = []
    for dataset in datasets:
        columns = dataset.public_columns()
        rows = list(dataset.rows(scope))
        files[f"{dataset.slug}.csv"] = write_csv(columns, rows, MACHINE)
        files[f"{dataset.slug}.excel.csv"] = write_csv(columns, rows, EXCEL_DE)
        files[f"{dataset.slug}.json"] = write_json(dataset, columns, rows, scope)
        parts.append((dataset, columns, rows))
    files["ruhr-monitor.xlsx"] = write_xlsx(parts)
    if scope.document is None:
        files["municipalities.geojson"] = write_geojson(scope)
    from .datapackage import descriptor  # the descriptor reads the formats declared here

    package = descriptor(
        datasets,
        lambda d, fmt: "municipalities.geojson" if fmt == "geojson" else f"{d.slug}.{fmt}",
        workbook="ruhr-monitor.xlsx",
        geojson=scope.document is None,
    )
    files["datapackage.json"] = json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8")
    generated = timezone.localtime()
    files["LIESMICH.txt"] = README.format(
        subject=subject, generated=f"{generated:%d.%m.%Y %H:%M}", licence=licence_note()
    ).encode("utf-8")
    metadata = {
        **_meta(None, scope),
        "subject": subject,
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)} for name, data in files.items()
        },
    }
    files["metadata.json"] = json.dumps(metadata, ensure_ascii=False, indent=1).encode("utf-8")
    buffer = io.BytesIO()
    stamp = (generated.year, generated.month, generated.day, generated.hour, generated.minute, generated.second)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
