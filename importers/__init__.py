from .base import DocumentImporter, ImportFailed, ImportNeedsConfirmation, ImportResult
from .parliamentary_answer import ParliamentaryAnswerImporter
from .press_release import PressReleaseImporter
from .progress_report import ProgressReportImporter
from .proposals import ProposalListImporter

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
