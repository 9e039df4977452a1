"""The office's overview of a reporting period as XLSX: one row per project report."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone, translation

from programmes import funding

_FUNDING_FORMAT = {
    funding.AMOUNT: "eur",
    funding.PERCENT: "percent",
    funding.DATE: "date",
    funding.TEXT: "text",
}


class PeriodOverviewXlsx:
    """One row per project: state, status, funding figures, who submitted and approved when."""

    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    # (header, width, kind): kind "eur", "percent", "date", "datetime" sets the number format. The funding
    # columns come from the one definition of a funding statement (programmes.funding), in its order.
    COLUMNS = (
        ("Projekt-Nr.", 12, ""),
        ("Projekt", 48, "wrap"),
        ("Handlungsfeld", 30, ""),
        ("Ressort", 14, ""),
        ("Bearbeitungsstand", 18, ""),
        ("Projektstatus", 18, ""),
        ("Status vorher", 18, ""),
        *(
            (f.draft_label or f.label, 60 if f.kind == funding.TEXT else 16, _FUNDING_FORMAT.get(f.kind, ""))
            for f in funding.FUNDING_FIELDS
        ),
        ("eingereicht von", 20, ""),
        ("eingereicht am", 18, "datetime"),
        ("freigegeben von", 20, ""),
        ("freigegeben am", 18, "datetime"),
        ("zuletzt geändert", 18, "datetime"),
        ("Version", 9, ""),
    )

    def __init__(self, period):
        self.period = period

    def filename(self) -> str:
        return f"{self.period.slug}-uebersicht.xlsx"

    @translation.override("de")  # official documents are German in every interface language
    def render(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        from operations.cells import append_row
        from programmes.models import ProjectStatus

        labels = dict(ProjectStatus.choices)
        wb = Workbook()
        ws = wb.active
        ws.title = "Projektberichte"[:31]
        append_row(ws, [str(name) for name, _w, _k in self.COLUMNS])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        reports = self.period.reports.select_related(
            "project", "project__ministry", "action_field", "submitted_by", "approved_by"
        ).order_by("position", "project__code")
        for r in reports:
            append_row(
                ws,
                [
                    r.project.code,
                    r.title,
                    r.action_field.name if r.action_field else "",
                    r.project.ministry.abbreviation if r.project.ministry else "",
                    str(r.get_state_display()),
                    str(labels.get(r.status, "")),
                    str(labels.get(r.previous_status, "")),
                    *(_cell(f, getattr(r, f.draft)) for f in funding.FUNDING_FIELDS),
                    _who(r.submitted_by),
                    _naive(r.submitted_at),
                    _who(r.approved_by),
                    _naive(r.approved_at),
                    _naive(r.updated_at),
                    r.version,
                ],
            )
        formats = {"eur": "#,##0.00 €", "percent": "0.##", "date": "DD.MM.YYYY", "datetime": "DD.MM.YYYY HH:MM"}
        for i, (_name, width, _kind) in enumerate(self.COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        for row in ws.iter_rows(min_row=2):
            for cell, (_name, _width, kind) in zip(row, self.COLUMNS, strict=False):
                cell.alignment = Alignment(vertical="top", wrap_text=kind in ("wrap", "text"))
                if kind in formats:
                    cell.number_format = formats[kind]
        ws.freeze_panes = "C2"
        ws.auto_filter.ref = ws.dimensions
        info = wb.create_sheet("Periode")
        for label, value in (
            ("Titel", self.period.title),
            ("Stichtag", self.period.cut_off),
            ("Abgabefrist", self.period.due),
            ("Zustand", str(self.period.get_state_display())),
            ("erstellt", _naive(timezone.now())),
        ):
            info.append([label, value])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def _cell(f: funding.FundingField, value):
    if f.kind in (funding.AMOUNT, funding.PERCENT):
        return _num(value)
    if f.kind == funding.FLAG:
        return "ja" if value else "nein"
    if f.kind == funding.QUALIFIER:
        return funding.QUALIFIER_WORDS.get(value, value)
    return value


def _num(value: Decimal | None):
    return float(value) if value is not None else None


def _who(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _naive(value):
    # Excel has no time zones: local time, as the office reads it.
    return timezone.localtime(value).replace(tzinfo=None) if value else None
