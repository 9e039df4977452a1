"""The content of a progress report, independent of the output format, and its plain text.

`build_content(period)` reads a period once (a fixed number of queries) into plain dataclasses that
the PDF, Word and text generators share; its JSON is also the cache key of the rendered files.
`ReportText` writes the plain text in the structure of the published reports (fortschrittsbericht-
2024.txt) and records the line range of every statement, which publishing turns into provenance.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone, translation

from programmes import funding
from programmes.models import ProjectPhoto, ProjectStatus
from sources.parsers.vocabulary import ACTION_FIELDS

from ..comparison import STATUS_LABELS, counts_rows, programme_changes, programme_counts
from ..indicator_entries import describe

CHAPTER_EDITORIAL = "Editorial"
CHAPTER_OVERVIEW = "Überblick: Stand der Ruhr-Konferenz"
CHAPTER_PROJECTS = "Projektberichte"
CHAPTER_OUTLOOK = "Rückblick und Ausblick"
CHAPTER_IMPRINT = "Impressum"
CHAPTER_ERRATA = "Errata"
CHART_MARKER = "Stand der Ressortprojekte"

# The fixed headings of a project page, in print order (the outlook heading gets its year).
SECTION_ORDER = (
    ("value_added", "Mehrwert"),
    ("approach", "Vorgehen"),
    ("target_groups", "Zielgruppe"),
    ("recent_development", "Jüngste Entwicklung"),
    ("current_status", "Aktueller Stand"),
    ("outlook", "Ausblick"),
    ("result", "Projektergebnis"),
)
HEADING_RESPONSIBLE = "Verantwortlich:"
HEADING_MILESTONES = "Meilensteine seit Projektstart"
HEADING_FUNDING = "Projektvolumen"
HEADING_LINKS = "Weiterführende Informationen"
HEADING_INDICATORS = "Kennzahlen"

_FULL_TO_SHORT = {full: short for _slug, full, short, _o in ACTION_FIELDS}


@dataclass
class Block:
    """A paragraph ("p") or a bullet list ("ul")."""

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    """Paragraphs separated by blank lines; lines starting with "- " or "• " form bullet lists."""
    out: list[Block] = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(re.match(r"^[-•–]\s+", line) for line in lines):
            out.append(Block("ul", items=[re.sub(r"^[-•–]\s+", "", line) for line in lines]))
        else:
            out.append(Block("p", text=" ".join(lines)))
    return out


@dataclass
class Section:
    key: str
    heading: str
    text: str
    blocks: list[Block]


@dataclass
class MilestoneYear:
    label: str
    items: list[str]


@dataclass
class Photo:
    """A published photo of the project, printed on its page in the PDF (the text and Word files leave it out)."""

    image: str  # name of the uploaded file in the storage
    alt: str
    caption: str
    credit: str  # "Foto: Katja Marquard/RUB, alle Rechte vorbehalten"


def credit_line(credit: str, licence: str) -> str:
    """The line under a printed photo; the office often writes the credit with its "Foto:" already."""
    who = re.sub(r"^\s*(foto|bild)\s*:\s*", "", credit or "", flags=re.IGNORECASE).strip()
    return "Foto: " + ", ".join(part for part in (who, (licence or "").strip()) if part)


@dataclass
class Entry:
    """One project page."""

    code: str
    anchor: str
    title: str
    responsible: str
    status: str
    status_label: str
    summary: str
    places: list[str]
    milestones: list[MilestoneYear]
    sections: list[Section]
    funding_text: str
    funding_figures: list[str]  # one line per figure of the funding statement (programmes.funding.figure_lines)
    indicators: list[str]
    links: list[str]
    # One line per place the report says something about (what happens there, its money): {"ags", "text"}.
    place_details: list[dict[str, str]] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)


@dataclass
class Group:
    name: str
    short_name: str
    anchor: str
    entries: list[Entry]


@dataclass
class ErratumEntry:
    date: str
    project: str
    text: str


@dataclass
class ReportContent:
    title: str
    subtitle: str
    slug: str
    cut_off: str
    draft: bool
    editorial_heading: str
    editorial: list[Block]
    overview_heading: str
    overview_before_chart: list[Block]
    overview_after_chart: list[Block]
    counts: list[dict[str, Any]]
    total: int
    changes_headline: str
    groups: list[Group]
    outlook_heading: str
    outlook: list[Block]
    imprint: list[str]
    errata: list[ErratumEntry]
    generated: str

    @property
    def entries(self) -> list[Entry]:
        return [e for g in self.groups for e in g.entries]

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, sort_keys=True, default=str)


_MONTH_NAME = re.compile(
    r"\b(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember)\b", re.IGNORECASE
)


def _dated(m: dict[str, Any]) -> str:
    """The milestone text with its date in front when the text itself does not say the month.

    The parser takes a leading "06/2025:" or "30.06.2025:" off the text into month and day; printed
    without it, the month was lost ("2025 • Baubeginn" instead of "06/2025: Baubeginn"). The same
    prefix reads back through the parser, so the published text keeps its month too.
    """
    text = m.get("text", "")
    month, year = m.get("month"), m.get("year")
    if not month or not year or _MONTH_NAME.search(text):
        return text
    if m.get("day"):
        return f"{m['day']:02d}.{month:02d}.{year}: {text}"
    return f"{month:02d}/{year}: {text}"


def _milestone_years(milestones: list[dict[str, Any]]) -> list[MilestoneYear]:
    years: list[MilestoneYear] = []
    for m in milestones:
        label = str(m.get("year", ""))
        if m.get("year_end"):
            label += f"/{m['year_end']}"
        text = m.get("text", "")
        if m.get("subproject"):
            text = f"{m['subproject']}: {text}"
        # The date goes first, before a subproject's name: that is the order the parser reads them in.
        text = _dated({**m, "text": text})
        if years and years[-1].label == label:
            years[-1].items.append(text)
        else:
            years.append(MilestoneYear(label, [text]))
    return years


_BASIS_WORDS = {"exact": "genau angegeben", "estimated": "geschätzt"}


def place_figure(ref: dict[str, Any]) -> str:
    """The money a report row states for a place, in German: "bewilligt/zugesagt: 2.100.000 € (genau angegeben)";
    empty without an amount. Publishing cites the line holding it, so the figure is in the line it cites."""
    from operations.german_numbers import format_euro
    from places.models import FundingKind
    from programmes.progress import QUALIFIER_WORDS

    from ..indicator_entries import as_decimal

    amount = as_decimal(ref.get("funding_eur"))
    if amount is None:
        return ""
    kind = ref.get("funding_kind") or ""
    label = str(FundingKind(kind).label) if kind in FundingKind.values else "Förderung"
    word = QUALIFIER_WORDS.get(ref.get("funding_qualifier") or "")
    text = f"{word} {format_euro(amount)}" if word else format_euro(amount)
    basis = _BASIS_WORDS.get(ref.get("funding_basis") or "", "")
    return f"{label}: {text}" + (f" ({basis})" if basis else "")


def place_detail(ref: dict[str, Any]) -> str:
    """'Bochum: Kontrollraum für die Baustellen – bewilligt/zugesagt: 2.100.000 € (genau angegeben)'; empty when
    the row names the place only."""
    description = " ".join((ref.get("description") or "").split())
    figure = place_figure(ref)
    if not description and not figure:
        return ""
    return f"{ref.get('name', '')}: " + " – ".join(part for part in (description, figure) if part)


def entry_for(report, *, outlook_year: int) -> Entry:
    sections = []
    for key, heading in SECTION_ORDER:
        text = (getattr(report, key) or "").strip()
        if not text:
            continue
        if key == "outlook":
            heading = f"Ausblick {outlook_year}"
        sections.append(Section(key, heading, text, blocks(text)))
    return Entry(
        code=report.project.code,
        anchor=f"projekt-{report.project.code}",
        title=report.title,
        responsible=report.responsible,
        status=report.status,
        status_label=str(STATUS_LABELS.get(report.status, "")),
        summary=(report.summary or "").strip(),
        places=[r.get("name", "") for r in report.local_references if r.get("name")],
        milestones=_milestone_years(report.milestones or []),
        sections=sections,
        funding_text=(report.funding_text or "").strip(),
        funding_figures=funding.figure_lines(funding.from_draft(report)),
        # One line per entry, in the order of report.indicators: publishing maps entry i to line i.
        indicators=[describe(i, default_as_of=report.period.cut_off) for i in report.indicators or []],
        links=[link for link in report.links or [] if link],
        place_details=[
            {"ags": r.get("ags", ""), "text": detail}
            for r in report.local_references or []
            if r.get("name") and (detail := place_detail(r))
        ],
        photos=[
            Photo(photo.image.name, photo.alt_text, photo.caption, credit_line(photo.credit, photo.licence))
            for photo in _published_photos(report.project)
        ],
    )


def _published_photos(project) -> list:
    # build_content prefetches them for all projects at once; a single entry asks for its own.
    prefetched = getattr(project, "printed_photos", None)
    if prefetched is not None:
        return prefetched
    return list(project.photos.filter(published=True).order_by("position", "pk"))


@translation.override("de")  # the report is German, whatever language the office browses in
def build_content(period, *, draft: bool | None = None) -> ReportContent:
    """Everything a generator needs, read from the period in a fixed number of queries."""
    draft = (not period.is_published) if draft is None else draft
    reports = list(
        period.reports.select_related("project", "action_field")
        .prefetch_related(
            Prefetch(
                "project__photos",
                queryset=ProjectPhoto.objects.filter(published=True).order_by("position", "pk"),
                to_attr="printed_photos",
            )
        )
        .order_by("position", "project__code")
    )
    groups: list[Group] = []
    for report in reports:
        name = report.action_field.name if report.action_field else "Weitere Projekte"
        if not groups or groups[-1].name != name:
            short = _FULL_TO_SHORT.get(name, name)
            groups.append(Group(name, short, f"feld-{len(groups) + 1}", []))
        groups[-1].entries.append(entry_for(report, outlook_year=period.outlook_year))

    before, after = _split_at_chart(period.overview)
    counts = programme_counts(period)
    changes = programme_changes(period)
    errata = [
        ErratumEntry(
            timezone.localtime(e.created_at).strftime("%d.%m.%Y"),
            f"{e.project.title} ({e.project.code})" if e.project else "",
            e.text,
        )
        for e in period.errata.select_related("project").order_by("created_at")
    ]
    return ReportContent(
        title=period.title,
        subtitle=period.subtitle,
        slug=period.slug,
        cut_off=period.cut_off.isoformat(),
        draft=draft,
        editorial_heading=period.editorial_heading,
        editorial=blocks(period.editorial),
        overview_heading=period.overview_heading,
        overview_before_chart=before,
        overview_after_chart=after,
        counts=counts_rows(counts),
        total=counts.get("total", 0),
        changes_headline=changes.headline if changes else "",
        groups=groups,
        outlook_heading=period.outlook_heading,
        outlook=blocks(period.outlook),
        imprint=[line.rstrip() for line in (period.imprint or "").strip().splitlines()],
        errata=errata,
        # Date only: the cache key must not change every second.
        generated="" if draft else _publication_day(period),
    )


def _publication_day(period) -> str:
    """The edition's publication date as every other page shows it; empty when no document states one.
    While a cycle is being published, its date is today."""
    day = period.publication_date
    if day is None and not period.is_published:
        day = timezone.localdate()
    return day.isoformat() if day else ""


def _split_at_chart(text: str) -> tuple[list[Block], list[Block]]:
    all_blocks = blocks(text)
    for i, block in enumerate(all_blocks):
        if block.kind == "p" and block.text.strip() == CHART_MARKER:
            return all_blocks[:i], all_blocks[i + 1 :]
    return all_blocks, []


# --- plain text with line map ------------------------------------------------------------------------


@dataclass
class PageLines:
    """Where the statements of one project page are in the generated text (1-based, inclusive)."""

    start: int = 0
    end: int = 0
    responsible: int = 0
    places: int = 0
    place_lines: dict[str, int] = field(default_factory=dict)  # AGS -> line of its detail
    milestones: list[int] = field(default_factory=list)
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)
    funding: tuple[int, int] = (0, 0)
    links: tuple[int, int] = (0, 0)
    indicators: list[int] = field(default_factory=list)


@dataclass
class TextResult:
    text: str
    pages: dict[str, PageLines]
    overview: tuple[int, int]


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    @property
    def next(self) -> int:
        return len(self.lines) + 1

    def line(self, text: str = "") -> int:
        self.lines.append(text)
        return len(self.lines)

    def para(self, text: str) -> tuple[int, int]:
        start = self.next
        for line in text.splitlines():
            self.lines.append(line.rstrip())
        end = len(self.lines)
        self.line()
        return start, end

    def blocks(self, items: list[Block]) -> tuple[int, int]:
        start = self.next
        for block in items:
            if block.kind == "ul":
                for item in block.items:
                    self.line(f"- {item}")
                self.line()
            else:
                self.para(block.text)
        return start, max(start, self.next - 2)


class ReportText:
    """The report as plain text, structured like the published Fortschrittsberichte."""

    extension = "txt"
    content_type = "text/plain; charset=utf-8"

    def __init__(self, content: ReportContent):
        self.content = content

    def render_with_lines(self) -> TextResult:
        c = self.content
        w = _Writer()
        if c.subtitle:
            w.line(c.subtitle)
            w.line()
        w.line(c.title)
        w.line()
        if c.draft:
            w.line("ENTWURF – nicht zur Veröffentlichung")
            w.line()
        w.line("Inhalt")
        w.line()
        for chapter in (CHAPTER_EDITORIAL, CHAPTER_OVERVIEW, CHAPTER_PROJECTS):
            w.line(chapter)
        for group in c.groups:
            w.line(group.short_name)
            for entry in group.entries:
                w.line(f"{entry.title} ({entry.code})")
        w.line(CHAPTER_OUTLOOK)
        w.line(CHAPTER_IMPRINT)
        if c.errata:
            w.line(CHAPTER_ERRATA)
        w.line()

        if c.editorial or c.editorial_heading:
            w.line(CHAPTER_EDITORIAL)
            w.line()
            if c.editorial_heading:
                w.line(c.editorial_heading)
                w.line()
            w.blocks(c.editorial)

        overview_start = w.line(CHAPTER_OVERVIEW)
        w.line()
        if c.overview_heading:
            w.line(c.overview_heading)
            w.line()
        w.blocks(c.overview_before_chart)
        w.line(CHART_MARKER)
        w.line()
        for row in c.counts:
            w.line(f"- {row['label']}: {row['count']}")
        w.line(f"- insgesamt: {c.total}")
        w.line()
        if c.changes_headline:
            w.line(f"Veränderung seit dem letzten Bericht: {c.changes_headline}")
            w.line()
        w.blocks(c.overview_after_chart)
        overview = (overview_start, w.next - 1)

        w.line(CHAPTER_PROJECTS)
        w.line()
        pages: dict[str, PageLines] = {}
        for group in c.groups:
            w.line(group.short_name)
            w.line()
            for entry in group.entries:
                pages[entry.code] = self._page(w, entry)
        if c.outlook or c.outlook_heading:
            w.line(CHAPTER_OUTLOOK)
            w.line()
            if c.outlook_heading:
                w.line(c.outlook_heading)
                w.line()
            w.blocks(c.outlook)
        if c.imprint:
            w.line(CHAPTER_IMPRINT)
            w.line()
            for line in c.imprint:
                w.line(line)
            w.line()
        if c.errata:
            w.line(CHAPTER_ERRATA)
            w.line()
            for erratum in c.errata:
                about = f" ({erratum.project})" if erratum.project else ""
                w.para(f"{erratum.date}{about}: {erratum.text}")
        while w.lines and not w.lines[-1]:
            w.lines.pop()
        return TextResult("\n".join(w.lines) + "\n", pages, overview)

    def _page(self, w: _Writer, entry: Entry) -> PageLines:
        page = PageLines(start=w.line(f"{entry.title} ({entry.code})"))
        w.line()
        if entry.status_label:
            w.line(f"Projektstatus: {entry.status_label}")
            w.line()
        if entry.responsible:
            w.line(HEADING_RESPONSIBLE)
            w.line()
            page.responsible = w.line(entry.responsible)
            w.line()
        if entry.places:
            page.places = w.line("Ortsbezug: " + ", ".join(entry.places))
            for detail in entry.place_details:
                page.place_lines[detail["ags"]] = w.line(f"- {detail['text']}")
            w.line()
        if entry.summary:
            page.sections["summary"] = w.para(entry.summary)
        if entry.milestones:
            w.line(HEADING_MILESTONES)
            w.line()
            for year in entry.milestones:
                w.line(year.label)
                w.line()
                for item in year.items:
                    page.milestones.append(w.line(f"- {' '.join(item.split())}"))
                w.line()
        for section in entry.sections:
            w.line(section.heading)
            w.line()
            page.sections[section.key] = w.blocks(section.blocks)
        if entry.indicators:
            w.line(HEADING_INDICATORS)
            w.line()
            for line in entry.indicators:
                page.indicators.append(w.line(f"- {line}"))
            w.line()
        if entry.funding_text or entry.funding_figures:
            # The wording as the ministry wrote it, then every figure the report holds in German form:
            # the statement cites both, so each figure shown anywhere is in the lines it cites.
            w.line(HEADING_FUNDING)
            w.line()
            start = end = w.next
            if entry.funding_text:
                _start, end = w.para(" ".join(entry.funding_text.split()))
            for line in entry.funding_figures:
                end = w.line(f"- {line}")
            page.funding = (start, end)
            if entry.funding_figures:
                w.line()
        if entry.links:
            w.line(HEADING_LINKS)
            w.line()
            start = w.next
            for link in entry.links:
                w.line(link)
            page.links = (start, w.next - 1)
            w.line()
        page.end = w.next - 1
        while page.end > page.start and not w.lines[page.end - 1]:
            page.end -= 1
        return page

    def render(self) -> bytes:
        return self.render_with_lines().text.encode("utf-8")


STATUS_CHOICES = dict(ProjectStatus.choices)
