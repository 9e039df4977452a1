"""The progress report's formats by file extension, for the download views, the render jobs and commands."""

from __future__ import annotations

from .base import ReportGenerator
from .pdf import ProgressReportPdf
from .text import ProgressReportTextFile
from .word import ProgressReportDocx

GENERATORS: dict[str, type[ReportGenerator]] = {
    g.extension: g for g in (ProgressReportPdf, ProgressReportDocx, ProgressReportTextFile)
}
