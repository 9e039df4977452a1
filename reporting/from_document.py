"""A published period from an imported progress report, so earlier editions live in the cycle too.

The Fortschrittsbericht 2024 was imported from its text; this makes it the published period
"Fortschrittsbericht 2024": its project reports hold what that document states (the statements the
importer wrote, with their provenance), and the editorial, overview, closing outlook and imprint are
taken from the document's text by their chapter headings. Nothing is written to the registry: the
document already is the registry's source. The next period opened is prefilled from this one.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from accounts.actors import person
from operations.caching import changes_public_data
from operations.errors import ServiceError
from programmes.models import Project
from sources.models import DocumentKind, Provenance, SourceDocument

from .documents.content import CHAPTER_EDITORIAL, CHAPTER_IMPRINT, CHAPTER_OUTLOOK, CHAPTER_OVERVIEW, CHAPTER_PROJECTS
from .models import EventAction, PeriodState, ProjectReport, ReportEvent, ReportingPeriod, ReportState
from .prefill import content_from_registry


class PeriodFromDocumentError(ServiceError, ValueError):
    """German message: why no period can be made from this document."""


def _chapters(text: str) -> dict[str, tuple[int, int]]:
    """Line index ranges of the chapters, found by headings standing alone on a line.

    The table of contents repeats the headings with page numbers or leader dots, so only lines that
    are exactly the heading count, and the last such line wins.
    """
    lines = text.splitlines()
    found: dict[str, int] = {}
    for i, line in enumerate(lines):
        stripped = line.strip()
        for heading in (CHAPTER_EDITORIAL, CHAPTER_OVERVIEW, CHAPTER_PROJECTS, CHAPTER_OUTLOOK, CHAPTER_IMPRINT):
            if stripped == heading:
                found[heading] = i
    starts = sorted(found.items(), key=lambda kv: kv[1])
    ranges = {}
    for n, (heading, start) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) else len(lines)
        ranges[heading] = (start + 1, end)
    return ranges


def _tidy(lines: list[str]) -> str:
    """Paragraphs joined by one blank line, the PDF extraction's stray spaces dropped, and a paragraph
    that a page break cut ("… Diese Kooperation" / "vernetzt Behörden …") joined again."""
    text = "\n".join(line.rstrip() for line in lines)
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    text = re.sub(r"(?<=[^.!?:\n])\n\n(?=[a-zäöüß])", " ", text)
    return re.sub(r"(\s(?:und|oder|der|die|das|des|dem|den))\n\n(?=\S)", r"\1 ", text)


def _heading_and_body(lines: list[str]) -> tuple[str, str]:
    body = _tidy(lines)
    first, _, rest = body.partition("\n\n")
    if first and len(first) < 120 and "\n" not in first and not first.endswith("."):
        return first.strip(), rest.strip()
    return "", body


def texts_from_document(text: str) -> dict[str, str]:
    lines = text.splitlines()
    chapters = _chapters(text)
    data: dict[str, str] = {}
    non_empty = [line.strip() for line in lines if line.strip()]
    if len(non_empty) >= 2 and re.search(r"bericht", non_empty[1], re.IGNORECASE):
        data["subtitle"] = non_empty[0]
    if CHAPTER_EDITORIAL in chapters:
        data["editorial_heading"], data["editorial"] = _heading_and_body(lines[slice(*chapters[CHAPTER_EDITORIAL])])
    if CHAPTER_OVERVIEW in chapters:
        data["overview_heading"], data["overview"] = _heading_and_body(lines[slice(*chapters[CHAPTER_OVERVIEW])])
    if CHAPTER_OUTLOOK in chapters:
        data["outlook_heading"], data["outlook"] = _heading_and_body(lines[slice(*chapters[CHAPTER_OUTLOOK])])
    if CHAPTER_IMPRINT in chapters:
        imprint = [line for line in lines[slice(*chapters[CHAPTER_IMPRINT])]]
        data["imprint"] = _tidy(imprint)
    return data


_EARLIER_COMPLETED = re.compile(
    r"(?:letzten|vorherigen)\s+Fortschrittsbericht\w*\s+(?P<when>Ende\s+\d{4})?[^.]*?insgesamt\s+(?P<n>\d{1,3})\s+Projekte\s+abgeschlossen",
    re.IGNORECASE,
)


def previous_counts_from_text(text: str) -> dict:
    """ "Bereits zum Berichtsstand des letzten Fortschrittsberichtes Ende 2022 waren insgesamt 24 Projekte
    abgeschlossen": the one figure of the previous edition the report states itself."""
    match = _EARLIER_COMPLETED.search(" ".join(text.split()))
    if not match:
        return {}
    label = f"letzter Bericht ({match['when']})" if match["when"] else "letzter Bericht"
    return {"completed": int(match["n"]), "label": label}


def _projects_in(document: SourceDocument) -> list[tuple[int, Project]]:
    """The projects the document has a page for, in page order."""
    rows = (
        Provenance.objects.about(Project)
        .filter(document=document, field="title")
        .values_list("object_id", "start_line")
    )
    order = dict(rows)
    projects = Project.objects.filter(pk__in=order).select_related("action_field", "ministry")
    return sorted(((order[p.pk], p) for p in projects), key=lambda pair: (pair[0], pair[1].code))


def publication_time(document: SourceDocument) -> datetime | None:
    """When the edition appeared: the date a document states for it (its own text or a press release).

    None when nobody states one: neither the import day nor the as-of date is a publication date, and a
    statistics office never invents one (the pages say "Veröffentlichungsdatum nicht angegeben").
    """
    if document.date is None:
        return None
    return timezone.make_aware(datetime.combine(document.date, time(12)))


@transaction.atomic
def _change_reason(text: str) -> str:
    """simple-history keeps a change reason in 100 characters; a document's title (a press release's headline)
    may be longer, and PostgreSQL refuses what SQLite would have stored."""
    return text if len(text) <= 100 else text[:99] + "…"


@changes_public_data
def date_edition(document: SourceDocument, *, acting_user) -> ReportingPeriod | None:
    """Give the edition made from `document` the publication date that has since become known."""
    period = ReportingPeriod.objects.filter(document=document).first()
    published_at = publication_time(document)
    if period is None or published_at is None or period.published_at == published_at:
        return period
    period.published_at = published_at
    period._history_user = person(acting_user)
    source = document.date_source if document.date_stated_elsewhere else document
    period._change_reason = _change_reason(f"Veröffentlichungsdatum laut „{source.title}“")
    period.save(update_fields=["published_at"])
    period.reports.update(published_at=published_at)
    return period


@changes_public_data
@transaction.atomic
def create_period_from_document(
    document: SourceDocument, *, title: str = "", cut_off: date | None = None, acting_user
) -> tuple[ReportingPeriod, bool]:
    """Make (once) the published period of an imported progress report. Returns (period, created)."""
    if document.kind != DocumentKind.PROGRESS_REPORT:
        raise PeriodFromDocumentError(f"„{document.title}“ ist kein Fortschrittsbericht.")
    existing = ReportingPeriod.objects.filter(document=document).first()
    if existing is not None:
        return existing, False
    cut_off = cut_off or document.as_of
    if cut_off is None:
        raise PeriodFromDocumentError(f"„{document.title}“ hat keinen Stand; bitte --cut-off angeben.")
    title = title or document.title
    if ReportingPeriod.objects.filter(title=title).exists():
        raise PeriodFromDocumentError(f"Eine Berichtsperiode „{title}“ gibt es schon (mit einem anderen Dokument).")
    projects = _projects_in(document)
    if not projects:
        raise PeriodFromDocumentError(f"„{document.title}“ enthält keine importierten Projektseiten.")

    texts = texts_from_document(document.text)
    summary = document.summary or {}
    counts = {
        k: int(summary[k])
        for k in ("completed", "in_progress", "not_pursued", "continued", "total")
        if summary.get(k) is not None
    }
    published_at = publication_time(document)
    period = ReportingPeriod(
        title=title,
        slug=slugify(title)[:200],
        cut_off=cut_off,
        due=cut_off,
        state=PeriodState.PUBLISHED,
        document=document,
        status_counts=counts,
        previous_counts=previous_counts_from_text(texts.get("overview", "")),
        opened_by=person(acting_user),
        published_by=person(acting_user),
        published_at=published_at,
        **texts,
    )
    period._history_user = person(acting_user)
    period._change_reason = _change_reason(f"aus „{document.title}“ übernommen")
    period.save()

    reports = []
    for position, (_line, project) in enumerate(projects, start=1):
        content = content_from_registry(project, document=document)
        reports.append(
            ProjectReport(
                period=period,
                project=project,
                position=position,
                action_field=project.action_field,
                state=ReportState.PUBLISHED,
                previous_status=content.get("status") or "",
                published_at=published_at,
                **content,
            )
        )
    bulk_create_with_history(
        reports,
        ProjectReport,
        default_user=person(acting_user),
        default_change_reason=_change_reason(f"aus „{document.title}“ übernommen"),
    )
    ReportEvent.objects.create(
        period=period,
        action=EventAction.CREATED_FROM_DOCUMENT,
        actor=person(acting_user),
        comment=f"{document.title} ({len(reports)} Projektberichte)",
    )
    return period, True
