"""The top floor: one importer per document kind reads a source document with its plain-Python parser (in
`sources.parsers`) and writes what it states into the registry (`programmes`, `places`, `proposals`,
`organisations`) and the portal's search index, in one transaction.

`sources` is the ground floor (documents, lines, provenance, parsers) and knows nothing of the apps above it;
the importers know all of them, so they live in their own app and nothing below imports them.

The importer classes are importable from the package (`from importers import ProgressReportImporter`), but
loaded on first use: Django imports this package while it registers the apps, before any model can be imported.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_MODULE_OF = {
    "DocumentImporter": "base",
    "ImportFailed": "base",
    "ImportNeedsConfirmation": "base",
    "ImportResult": "base",
    "ParliamentaryAnswerImporter": "parliamentary_answer",
    "PressReleaseImporter": "press_release",
    "ProgressReportImporter": "progress_report",
    "ProposalListImporter": "proposals",
}

__all__ = [
    "DocumentImporter",
    "ImportFailed",
    "ImportNeedsConfirmation",
    "ImportResult",
    "ParliamentaryAnswerImporter",
    "PressReleaseImporter",
    "ProgressReportImporter",
    "ProposalListImporter",
]

if TYPE_CHECKING:
    from .base import DocumentImporter, ImportFailed, ImportNeedsConfirmation, ImportResult
    from .parliamentary_answer import ParliamentaryAnswerImporter
    from .press_release import PressReleaseImporter
    from .progress_report import ProgressReportImporter
    from .proposals import ProposalListImporter


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_MODULE_OF[name]}", __name__), name)
