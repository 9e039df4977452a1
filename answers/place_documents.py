"""The answer to a parliamentary question as Word, Excel and CSV: one small generator class per format."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils import timezone, translation
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from operations.cells import append_row, csv_row
from operations.german_numbers import format_euro

from .place_answers import BASIS_LABELS, Answer, AnswerRow

euro = format_euro


def filename_stem(answer: Answer) -> str:
    subject = (
        answer.subject.lower()
        .replace(" ", "-")
        .replace("ü", "ue")
        .replace("ö", "oe")
        .replace("ä", "ae")
        .replace("ß", "ss")
    )
    return f"ruhr-konferenz-antwort-{subject}"


def _project_cell(row: AnswerRow) -> str:
    return f"{row.project.title} [{row.project.code}]"


def _sources_text(row: AnswerRow) -> str:
    return "; ".join(
        f"{s.title}{', ' + s.reference if s.reference else ''}, Z. {s.start_line}–{s.end_line} ({s.field})"
        for s in row.sources
    )


FUNDING_COLUMN_WIDTHS = (Cm(4.1), Cm(2.2), Cm(2.8), Cm(4.5), Cm(3.0))


class AnswerDocx:
    """Word file in the layout of a Landtag answer: a table per action field, then the funding table."""

    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    extension = "docx"

    def __init__(self, answer: Answer):
        self.answer = answer

    @translation.override("de")  # official documents are German in every interface language
    def render(self) -> bytes:
        doc = Document()
        style = doc.styles["Normal"]
        style.font.name = "Arial"
        style.font.size = Pt(11)
        doc.core_properties.title = f"Ruhr-Konferenz-Projekte mit Bezug zu {self.answer.subject}"
        doc.core_properties.language = "de-DE"
        doc.core_properties.author = "Ruhr-Monitor"
        for section in doc.sections:
            section.left_margin = section.right_margin = Cm(2.5)

        doc.add_heading(f"Projekte der Ruhr-Konferenz mit Bezug zu {self.answer.subject}", level=1)
        intro = doc.add_paragraph()
        as_of = self.answer.filters.as_of_label
        intro.add_run(
            "Auskunft über die Projekte, die – auch – in "
            f"{self.answer.subject} umgesetzt werden, gibt die folgende Tabelle"
            + (f" ({as_of})" if as_of else "")
            + "."
        )
        district = self.answer.filters.district is not None
        for field_name, rows in self.answer.groups():
            doc.add_heading(f"Handlungsfeld {field_name}", level=2)
            table = doc.add_table(rows=1, cols=2)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            head = table.rows[0].cells
            head[0].text = "Projekt [ID-Nr.]"
            head[1].text = f"Lokaler Bezug des Projektes zu {self.answer.subject}"
            for cell in head:
                cell.paragraphs[0].runs[0].bold = True
            for row in rows:
                cells = table.add_row().cells
                cells[0].text = _project_cell(row)
                cells[1].text = (f"{row.municipality.name}: " if district else "") + row.local_relation
            doc.add_paragraph()

        doc.add_heading("Fördervolumina", level=2)
        table = doc.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        table.autofit = False
        for cell, text in zip(
            table.rows[0].cells,
            ["Projekt [ID-Nr.]", "Ort", "zurechenbare Förderung", "Grundlage", "Projektvolumen"],
            strict=True,
        ):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for row in self.answer.rows:
            cells = table.add_row().cells
            cells[0].text = _project_cell(row)
            cells[1].text = row.municipality.name
            cells[2].text = ("rund " if row.qualifier == "approx" else "") + euro(row.funding_eur)
            cells[3].text = row.basis_short
            cells[3].paragraphs[0].runs[0].bold = True
            if row.funding_eur is not None:
                cells[3].paragraphs[0].add_run(f" · {row.kind_label}" + ("" if row.counted else " (nicht mitgezählt)"))
            if row.explains_more:
                cells[3].add_paragraph(row.explanation)
            cells[4].text = euro(row.project_volume_eur)
            for i in (2, 4):
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # Word reads the cell widths, LibreOffice the grid columns: set both; the basis column needs the room.
        for column, width in zip(table.columns, FUNDING_COLUMN_WIDTHS, strict=True):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, FUNDING_COLUMN_WIDTHS, strict=True):
                cell.width = width
        totals = self.answer.totals()
        doc.add_paragraph()
        kinds = f" ({', '.join(totals['summed_kinds'])})" if totals["summed_kinds"] else ""
        doc.add_paragraph(
            f"Summe der für {self.answer.subject} genau angegebenen Beträge{kinds}: "
            f"{euro(Decimal(str(totals['exact_eur'])))}"
        )
        estimated = Decimal(str(totals["estimated_eur"]))
        doc.add_paragraph(
            "Summe der geschätzten Beträge (dokumentierte Aufteilung, auf volle Tausend Euro gerundet): "
            + ("rund " if estimated else "")
            + euro(estimated)
        )
        for entry in totals["by_kind"]:
            if not entry["counted"]:
                doc.add_paragraph(
                    f"Nicht mitgezählt – {entry['label']}: {euro(Decimal(str(entry['eur'])))} "
                    f"({entry['rows']} Einträge); diese Mittel sind nicht bewilligt."
                )
        counts = totals["rows_by_basis"]
        doc.add_paragraph(
            f"Ohne bezifferbaren Anteil: {counts['unknown']} Einträge; regionsweit wirkende Projekte ohne Aufteilung: {counts['region_wide']}. "
            + totals["note"]
        )

        doc.add_heading("Quellen", level=2)
        for row in self.answer.rows:
            if row.sources:
                doc.add_paragraph(
                    f"{row.project.code} ({row.municipality.name}): {_sources_text(row)}", style="List Bullet"
                )
        footer = doc.sections[0].footer.paragraphs[0]
        footer.text = f"Erstellt mit Ruhr-Monitor am {timezone.localdate():%d.%m.%Y}"
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


COLUMNS = [
    ("Handlungsfeld", lambda r: r.project.action_field.name if r.project.action_field else ""),
    ("Projekt-Nr.", lambda r: r.project.code),
    ("Projekt", lambda r: r.project.title),
    ("Ressort", lambda r: r.project.ministry.name if r.project.ministry else ""),
    ("Status", lambda r: str(r.status_label)),
    ("Kommune", lambda r: r.municipality.name),
    ("AGS", lambda r: r.municipality.ags),
    ("Lokaler Bezug", lambda r: r.local_relation),
    ("Förderung vor Ort (Euro)", lambda r: r.funding_eur),
    ("Grundlage", lambda r: BASIS_LABELS[r.basis]),
    ("Art der Mittel", lambda r: r.kind_label if r.funding_eur is not None else ""),
    ("in den Summen", lambda r: ("ja" if r.counted else "nein") if r.funding_eur is not None else ""),
    ("Erläuterung", lambda r: r.explanation),
    ("Projektvolumen (Euro)", lambda r: r.project_volume_eur),
    ("Quellen", _sources_text),
]


class AnswerXlsx:
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def __init__(self, answer: Answer):
        self.answer = answer

    @translation.override("de")  # official documents are German in every interface language
    def render(self) -> bytes:
        wb = Workbook()
        ws = wb.active
        ws.title = "Antwort"
        append_row(ws, [name for name, _ in COLUMNS])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in self.answer.rows:
            append_row(ws, [getter(row) for _, getter in COLUMNS])
        money_cols = [i + 1 for i, (name, _) in enumerate(COLUMNS) if "(Euro)" in name]
        for col in money_cols:
            for cell in ws.iter_cols(min_col=col, max_col=col, min_row=2).__next__():
                cell.number_format = "#,##0.00 €"
        for i, (name, _) in enumerate(COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(12, len(name) + 2))
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        totals = self.answer.totals()
        summary = wb.create_sheet("Summen")
        append_row(summary, ["Grundlage", "Summe (Euro)", "Einträge"])
        counts = totals["rows_by_basis"]
        append_row(summary, [BASIS_LABELS["exact"], totals["exact_eur"], counts["exact"]])
        append_row(summary, [BASIS_LABELS["estimated"], totals["estimated_eur"], counts["estimated"]])
        for entry in totals["by_kind"]:
            if not entry["counted"]:
                append_row(summary, [f"{entry['label']} (nicht mitgezählt)", entry["eur"], entry["rows"]])
        append_row(summary, [BASIS_LABELS["unknown"], None, counts["unknown"]])
        append_row(summary, [BASIS_LABELS["region_wide"], None, counts["region_wide"]])
        append_row(summary, [totals["note"]])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


class AnswerCsv:
    """CSV for German Excel: UTF-8 with BOM, semicolons, decimal comma."""

    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def __init__(self, answer: Answer):
        self.answer = answer

    @translation.override("de")  # official documents are German in every interface language
    def render(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(csv_row(name for name, _ in COLUMNS))
        for row in self.answer.rows:
            writer.writerow(csv_row(_csv_value(getter(row)) for _, getter in COLUMNS))
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


GENERATORS = {g.extension: g for g in (AnswerDocx, AnswerXlsx, AnswerCsv)}
