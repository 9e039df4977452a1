"""What the parsers return: plain dataclasses, one tree per document.

Line numbers are 1-based and refer to the text the parser was given (for a PDF:
the extracted text, which `sources.parsers.pdf` keeps with page markers).
`to_dict()` gives the JSON shape printed by the import commands.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class Serializable:
    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass
class ParseWarning(Serializable):
    line: int | None
    message: str  # German, for the programme office


@dataclass
class DocumentInfo(Serializable):
    kind: str  # "progress_report", "proposal_list", "parliamentary_answer"
    title: str
    date: date | None = None
    year: int | None = None  # reporting year of a progress report ("Fortschrittsbericht 2024" -> 2024)
    reference: str = ""  # e.g. "Drucksache 17/11212"
    line_count: int = 0
    date_line: int | None = None  # the line that states `date`, when the parser found it in this text


@dataclass
class LineSpan(Serializable):
    start_line: int
    end_line: int


@dataclass
class MunicipalityMention(Serializable):
    ags: str
    name: str
    line: int
    context: str = ""  # the sentence or line it was found in


@dataclass
class Milestone(Serializable):
    year: int
    text: str
    line: int
    year_end: int | None = None  # "2023/2024" -> year 2023, year_end 2024
    month: int | None = None
    day: int | None = None
    subproject: str = ""  # "Baustellenkoordinierung: ..." -> "Baustellenkoordinierung"


@dataclass
class Funding(Serializable):
    text: str  # the original wording, whitespace-normalised
    determinable: bool = True
    reason: str = ""  # why not determinable, as stated
    volume_eur: Decimal | None = None
    volume_qualifier: str | None = None  # "approx", "more_than", ...
    volume_as_of: date | None = None
    state_share_percent: Decimal | None = None
    state_eur: Decimal | None = None
    own_share_percent: Decimal | None = None
    own_eur: Decimal | None = None
    spent_eur: Decimal | None = None
    spent_as_of: date | None = None
    annual_eur: Decimal | None = None  # "ab 2025 jährlich 48 Millionen Euro"
    state_qualifier: str | None = None  # "davon über 500.000 Euro als Anschub Ruhr-Konferenz" -> "more_than"
    annual_qualifier: str | None = None  # "jährlich rund 200.000 Euro" -> "approx"
    start_line: int = 0
    end_line: int = 0


@dataclass
class Section(Serializable):
    key: str  # canonical key from vocabulary.SECTION_HEADINGS, or "summary" for the unheaded intro
    heading: str  # as printed ("Ausblick 2025")
    text: str  # paragraphs joined by blank lines, bullets kept as "- "
    start_line: int
    end_line: int


@dataclass
class ProjectPage(Serializable):
    code: str | None  # normalised: "05-02a"; None only if it could not be resolved (with a warning)
    title: str
    action_field: str | None  # full name ("Vernetzte Mobilität – kurze Wege")
    ministry: str | None  # as stated, whitespace-normalised; None when the page names none
    status: str | None  # "in_progress" | "completed" | "continued" | "not_pursued" | "under_review" | None
    status_basis: str  # why that status, in German ("Abschnitt „Projektergebnis“ vorhanden")
    milestones: list[Milestone] = field(default_factory=list)
    funding: Funding | None = None
    sections: dict[str, Section] = field(default_factory=dict)
    municipalities: list[MunicipalityMention] = field(default_factory=list)
    subprojects: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    toc_page: int | None = None  # page number in the printed table of contents
    source: LineSpan = field(default_factory=lambda: LineSpan(0, 0))


@dataclass
class TocEntry(Serializable):
    code: str
    title: str
    action_field: str | None
    page: int | None
    line: int
    printed_code: str = ""  # as printed, when it differs from code ("003-02")


@dataclass
class StatusSummary(Serializable):
    completed: int | None = None
    in_progress: int | None = None
    not_pursued: int | None = None
    continued: int | None = None
    total: int | None = None
    reported: int | None = None  # projects documented in this edition ("der 23 im letzten Jahr bearbeiteten Projekte")
    source: LineSpan | None = None


@dataclass
class ProgressReport(Serializable):
    document: DocumentInfo
    summary: StatusSummary
    toc: list[TocEntry]
    projects: list[ProjectPage]
    warnings: list[ParseWarning] = field(default_factory=list)


@dataclass
class Announcement(Serializable):
    """What a press release says about an edition: which report, adopted or published on which day, where."""

    kind: str  # "progress_report"
    year: int  # the reporting year ("Fortschrittsbericht 2024", "Sachstand zum Ende des Jahres 2024")
    date: date  # the day of the release, which is the day it announces
    date_line: int
    line: int  # the sentence saying the report was adopted or published
    text: str


@dataclass
class PressRelease(Serializable):
    document: DocumentInfo
    announcement: Announcement
    issuer: str = ""  # "Das Ministerium für … teilt mit"
    warnings: list[ParseWarning] = field(default_factory=list)


@dataclass
class Proposal(Serializable):
    number: int
    title: str
    theme: str
    goal: str
    background: str
    source: LineSpan = field(default_factory=lambda: LineSpan(0, 0))
    municipalities: list[MunicipalityMention] = field(default_factory=list)


@dataclass
class ProposalList(Serializable):
    document: DocumentInfo
    themes: list[str]
    proposals: list[Proposal]
    warnings: list[ParseWarning] = field(default_factory=list)


@dataclass
class LocalFunding(Serializable):
    amount_eur: Decimal
    qualifier: str | None  # "approx" for "rund 65.000 Euro"
    text: str  # the sentence that states it
    # What kind of money the sentence says it is (funding_kinds.KINDS: "applied", "planned", "granted",
    # "paid", "volume"; "" when it does not say) and the words that say so ("eingereicht").
    kind: str = ""
    kind_wording: str = ""


@dataclass
class AnswerEntry(Serializable):
    code: str  # "13-01", "05-02"
    title: str  # the project title as printed, hyphenation undone
    subproject: str  # "Konzept einer Integrierten, nachhaltigen Mobilität ... (InnaMo Ruhr)" or ""
    action_field: str | None  # full name
    local_relation: str  # the text of the right-hand column
    local_funding: list[LocalFunding] = field(default_factory=list)
    source: LineSpan = field(default_factory=lambda: LineSpan(0, 0))


@dataclass
class ParliamentaryAnswer(Serializable):
    document: DocumentInfo  # reference "Drucksache 17/11212", date of the answer
    question_number: str  # "4284"
    question_reference: str  # "Drucksache 17/10815"
    question_title: str
    askers: list[str]
    municipality: MunicipalityMention | None  # the municipality the table is about
    entries: list[AnswerEntry]
    statements: list[str] = field(default_factory=list)  # notable statements (e.g. "nicht zu ermitteln")
    warnings: list[ParseWarning] = field(default_factory=list)
    party: str = ""  # parliamentary group of the askers as printed ("SPD")
