"""The office's round trip: read an edited XLSX/CSV export back, cell by cell, and say exactly what would change.

The file is read with the very column definitions that wrote it (registry),
so export and import cannot drift apart. Each row carries the version of its
editable values at export time; a row that was changed in the registry since
then and is also changed in the file is refused instead of being overwritten
silently. Nothing is written here: `services.apply_upload` re-runs the
analysis inside a transaction and saves only the changed rows.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from programmes.models import FundingStatement
from sources.models import StatementModel

from .columns import EXCEL_DE, MACHINE, CellError, Column, Dialect, to_text
from .registry import DATASETS, ROUND_TRIP, Dataset, cell_version, exported_cell_versions, row_version


@dataclass
class CellChange:
    dataset: str
    sheet: str
    row: int
    key: dict[str, Any]
    record: str  # German label of the record ("13-03 / Bochum")
    column: str
    header: str
    old: str
    new: str
    created: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Analysis:
    changes: list[CellChange] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    rows: int = 0
    # (dataset slug, key as JSON) → (model instance with the new values assigned, changed fields)
    pending: dict[tuple[str, str], tuple[Any, list[str]]] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def fingerprint(self) -> str:
        return fingerprint([c.to_dict() for c in self.changes])


def fingerprint(changes: list[dict[str, Any]]) -> str:
    data = json.dumps(
        sorted((c["dataset"], json.dumps(c["key"], sort_keys=True), c["column"], c["new"]) for c in changes)
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass
class Table:
    dataset: Dataset
    sheet: str
    dialect: Dialect
    header: list[Any]
    rows: list[list[Any]]  # data rows; file row number = index + 2


class UnreadableFile(ValueError):
    """The upload is neither one of our XLSX files nor a CSV of a round-trip dataset; German message."""


# reading ------------------------------------------------------------------------------------------


def read_tables(filename: str, content: bytes, dataset_slug: str = "") -> list[Table]:
    if content[:2] == b"PK":
        return _read_xlsx(content)
    return [_read_csv(filename, content, dataset_slug)]


def _read_xlsx(content: bytes) -> list[Table]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise UnreadableFile(f"Die Datei ist keine lesbare Excel-Datei (XLSX): {exc}") from exc
    by_sheet = {DATASETS[slug].sheet: DATASETS[slug] for slug in ROUND_TRIP}
    tables = []
    for sheet in workbook.worksheets:
        dataset = by_sheet.get(sheet.title)
        if dataset is None:
            continue
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        if not rows:
            continue
        tables.append(Table(dataset, sheet.title, EXCEL_DE, rows[0], rows[1:]))
    workbook.close()
    if not tables:
        names = ", ".join(f"„{DATASETS[s].sheet}“" for s in ROUND_TRIP)
        raise UnreadableFile(f"Die Excel-Datei enthält keine der Tabellen {names}.")
    return tables


def _read_csv(filename: str, content: bytes, dataset_slug: str) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel without the BOM saves as Windows-1252; accept it rather than mangle umlauts.
        text = content.decode("cp1252", errors="strict")
    first_line = text.split("\n", 1)[0]
    dialect = EXCEL_DE if first_line.count(";") > first_line.count(",") else MACHINE
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter))
    if not rows:
        raise UnreadableFile(f"{filename}: Die CSV-Datei ist leer.")
    dataset = DATASETS.get(dataset_slug) if dataset_slug else _guess_dataset(rows[0])
    if dataset is None or dataset.slug not in ROUND_TRIP:
        raise UnreadableFile(
            f"{filename}: Aus der Kopfzeile geht nicht hervor, welcher Datensatz das ist; bitte beim Hochladen angeben."
        )
    return Table(dataset, filename, dialect, rows[0], rows[1:])


def _guess_dataset(header: list[Any]) -> Dataset | None:
    names = {str(h).strip() for h in header if h is not None}
    best = None
    for slug in ROUND_TRIP:
        dataset = DATASETS[slug]
        keys = [dataset.column(k) for k in dataset.key]
        if all(c.key in names or c.header in names for c in keys):
            score = sum(1 for c in dataset.office_columns() if c.key in names or c.header in names)
            if best is None or score > best[0]:
                best = (score, dataset)
    return best[1] if best else None


# analysing ------------------------------------------------------------------------------------------


def analyse(tables: list[Table]) -> Analysis:
    analysis = Analysis()
    for table in tables:
        _analyse_table(table, analysis)
    return analysis


def _where(table: Table, row: int | None = None, column: Column | None = None) -> str:
    parts = [f"Tabelle „{table.sheet}“"]
    if row is not None:
        parts.append(f"Zeile {row}")
    if column is not None:
        parts.append(f"Spalte „{column.header}“")
    return ", ".join(parts)


def _same(column: Column, current: Any, new: Any) -> bool:
    if column.kind == "text":
        return (current or "") == (new or "")
    if isinstance(current, Decimal) or isinstance(new, Decimal):
        if current is None or new is None:
            return current is None and new is None
        return Decimal(current) == Decimal(new)
    return current == new


def _analyse_table(table: Table, analysis: Analysis) -> None:
    dataset = table.dataset
    analysis.tables.append(table.sheet)
    positions: dict[str, int] = {}
    by_name = {c.key: c for c in dataset.office_columns()} | {c.header: c for c in dataset.office_columns()}
    for index, name in enumerate(table.header):
        column = by_name.get(str(name).strip()) if name is not None else None
        if column is None:
            if name not in (None, ""):
                analysis.notes.append(f"{_where(table)}: Spalte „{name}“ ist unbekannt und wird nicht gelesen.")
            continue
        positions[column.key] = index
    missing = [dataset.column(k).header for k in (*dataset.key, "row_version") if k not in positions]
    if missing:
        analysis.errors.append(
            f"{_where(table)}: Es fehlen die Spalten {', '.join(f'„{m}“' for m in missing)}. "
            "Bitte die Datei aus „Daten für die Leitstelle“ exportieren und nur die grün markierten Spalten bearbeiten."
        )
        return
    editable = [c for c in dataset.columns if c.editable and c.key in positions]
    seen: dict[str, int] = {}

    for index, cells in enumerate(table.rows):
        row_number = index + 2
        if all(c in (None, "") for c in cells):
            continue
        analysis.rows += 1

        def cell(key: str, cells=cells) -> Any:
            position = positions[key]
            return cells[position] if position < len(cells) else None

        key: dict[str, Any] = {}
        for name in dataset.key:
            column = dataset.column(name)
            try:
                value = column.parse(cell(name), table.dialect)
            except CellError as exc:
                analysis.errors.append(f"{_where(table, row_number, column)}: {exc}.")
                break
            if value in (None, ""):
                analysis.errors.append(f"{_where(table, row_number, column)}: Kennung fehlt.")
                break
            key[name] = value if not isinstance(value, str) else value.strip()
        else:
            _analyse_row(table, analysis, dataset, key, row_number, cell, editable, seen)


def _changed_in_file(table, analysis, dataset, obj, record_label, row_number, exported, differing, new_values):
    """The record changed since the export: keep the cells the file changed, refuse those both changed.

    Returns the cells to apply, or None when the row has a conflict (errors recorded). A cell the file left as
    exported is not a change of the file, whatever the registry says now: such rows never block an upload.
    """
    exported_cells = exported_cell_versions(exported, dataset)
    if exported_cells is None:  # a file from before cell versions: the whole row is all we can compare
        analysis.errors.append(
            f"{_where(table, row_number)}: Der Datensatz „{record_label}“ wurde seit dem Export geändert; "
            "damit nichts überschrieben wird, bitte neu exportieren und die Änderung dort eintragen."
        )
        return None
    kept, conflict = [], False
    for column in differing:
        in_file = cell_version(to_text(new_values[column.key], MACHINE))
        if in_file == exported_cells[column.key]:
            continue  # untouched in the file; the registry's newer value stays
        if cell_version(column.text(obj, MACHINE)) == exported_cells[column.key]:
            kept.append(column)  # only the file changed this cell
            continue
        conflict = True
        analysis.errors.append(
            f"{_where(table, row_number, column)}: „{record_label}“ – in der Datei auf "
            f"„{to_text(new_values[column.key], EXCEL_DE)}“ geändert, im Datenbestand aber seit dem Export geändert "
            f"(jetzt „{column.text(obj, EXCEL_DE)}“). Damit nichts überschrieben wird, bitte neu exportieren und "
            "die Änderung dort eintragen."
        )
    return None if conflict else kept


def _may_correct(table, analysis, obj, record_label, row_number, differing) -> bool:
    """Statements of published editions are frozen: a funding figure becomes a correction, nothing else changes."""
    if isinstance(obj, FundingStatement):
        quoted = [c for c in differing if c.field == "text"]
        for column in quoted:
            analysis.errors.append(
                f"{_where(table, row_number, column)}: Der Wortlaut zitiert „{obj.document.title}“ und wird nicht "
                "geändert; bitte nur die Zahlen berichtigen."
            )
        if quoted:
            return False
        analysis.notes.append(
            f"{_where(table, row_number)}: Das Projektvolumen „{record_label}“ ist veröffentlicht "
            f"(„{obj.document.title}“). Die Angabe bleibt unverändert; die Änderung wird als Korrektur der "
            "Leitstelle mit Datum und Grund daneben gezeigt."
        )
        return True
    for column in differing:
        analysis.errors.append(
            f"{_where(table, row_number, column)}: „{record_label}“ steht so in „{obj.document.title}“, einer "
            "veröffentlichten Ausgabe, und wird nicht geändert. Berichtigungen bitte als Erratum der Ausgabe."
        )
    return False


def _analyse_row(table, analysis, dataset, key, row_number, cell, editable, seen) -> None:
    key_json = json.dumps(key, sort_keys=True, default=str)
    if key_json in seen:
        analysis.errors.append(
            f"{_where(table, row_number)}: derselbe Datensatz steht schon in Zeile {seen[key_json]}."
        )
        return
    seen[key_json] = row_number
    record_label = " / ".join(str(v) for v in key.values())

    obj = dataset.lookup(key)
    created = False
    if obj is None:
        obj = dataset.create(key) if dataset.create else None
        if obj is None:
            analysis.errors.append(
                f"{_where(table, row_number)}: Einen Datensatz „{record_label}“ gibt es nicht "
                "(neue Zeilen sind nur bei Ortsbezügen mit bekannter Projektnummer und bekanntem Gemeindeschlüssel möglich)."
            )
            return
        created = True
        obj._dataset = dataset

    new_values: dict[str, Any] = {}
    for column in editable:
        raw = cell(column.key)
        if created and raw in (None, ""):
            new_values[column.key] = column.value(obj)  # a new row keeps the model's default where left empty
            continue
        try:
            new_values[column.key] = column.parse(raw, table.dialect)
        except CellError as exc:
            analysis.errors.append(f"{_where(table, row_number, column)}: {exc}.")
    if len(new_values) < len(editable):
        return

    differing = [c for c in editable if created or not _same(c, c.value(obj), new_values[c.key])]
    if not differing:
        return
    if not created:
        exported = str(cell("row_version") or "").strip()
        if exported != row_version(obj, dataset):
            differing = _changed_in_file(
                table, analysis, dataset, obj, record_label, row_number, exported, differing, new_values
            )
            if differing is None or not differing:
                return
        if isinstance(obj, StatementModel):
            if not _may_correct(table, analysis, obj, record_label, row_number, differing):
                return

    changed_fields = []
    if created:
        analysis.changes.append(
            CellChange(
                dataset.slug, table.sheet, row_number, key, record_label, "", "neuer Datensatz", "", record_label, True
            )
        )
    for column in differing:
        old = "" if created else to_text(column.value(obj), EXCEL_DE)
        new = to_text(new_values[column.key], EXCEL_DE)
        if created and new == "":
            continue
        column.assign(obj, new_values[column.key])
        changed_fields.append(column.field)
        analysis.changes.append(
            CellChange(
                dataset.slug, table.sheet, row_number, key, record_label, column.key, column.header, old, new, created
            )
        )
    try:
        all_fields = {f.name for f in obj._meta.fields}
        obj.full_clean(
            exclude=list(all_fields - set(changed_fields)), validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            column = next((c for c in editable if c.field == field_name), None)
            for message in messages:
                analysis.errors.append(f"{_where(table, row_number, column)}: {message}")
        return
    if created:
        changed_fields = [c.field for c in editable]
    analysis.pending[(dataset.slug, key_json)] = (obj, changed_fields)
