"""The report as plain text: exactly what a published period stores as its SourceDocument."""

from __future__ import annotations

from django.utils import translation

from .base import ReportGenerator
from .content import (
    ReportText,
)


class ProgressReportTextFile(ReportGenerator):
    """The plain text, exactly as stored as the SourceDocument of a published period."""

    extension = "txt"
    content_type = "text/plain; charset=utf-8"

    @translation.override("de")  # official documents are German in every interface language
    def render(self) -> bytes:
        return ReportText(self.content).render()
