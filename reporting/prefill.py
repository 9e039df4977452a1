"""What a new project report starts with: the previous period's report, or for the first period the registry.

Both return the same dict of content fields, so `open_period` does not care where a draft came from.
Decimals are kept as Decimal for the model fields and as strings inside JSON fields.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from places.models import FundingBasis, LocalReference
from programmes import funding as funding_fields
from programmes.models import Project
from sources.models import Provenance

from .indicator_entries import carried_over, store_date, store_decimal

# Fields of ProjectReport that hold what the report says (as opposed to workflow bookkeeping).
TEXT_SECTIONS = (
    "summary",
    "value_added",
    "approach",
    "target_groups",
    "recent_development",
    "current_status",
    "outlook",
    "result",
)
FUNDING_FIELDS = funding_fields.DRAFT_NAMES
CONTENT_FIELDS = (
    "title",
    "responsible",
    "status",
    *TEXT_SECTIONS,
    "milestones",
    *FUNDING_FIELDS,
    "indicators",
    "local_references",
    "links",
)


def content_from_report(report) -> dict[str, Any]:
    """The next period's draft: the report as it stands, indicator values moved to `previous`.

    A correction the office recorded after publication replaces the published figures: the next edition
    starts from what the registry now says, not from the corrected mistake. The wording stays the ministry's.
    """
    data = {name: getattr(report, name) for name in CONTENT_FIELDS}
    corrected = _correction_of(report)
    if corrected is not None:
        figures = funding_fields.from_statement(corrected)
        figures.pop("funding_text")
        data.update(figures)
    data["indicators"] = [
        carried_over(item, as_of=report.period.cut_off, period_title=report.period.title)
        for item in report.indicators or []
    ]
    # The places the report named, as the registry now states them: amounts stated since (a parliamentary
    # answer, a correction in the round trip) are what the ministry confirms or changes, never silently dropped.
    named = [r.get("ags") for r in report.local_references or [] if r.get("ags")]
    current = {
        r.municipality.ags: r
        for r in report.project.local_references.select_related("municipality").filter(municipality__ags__in=named)
    }
    data["local_references"] = [
        local_reference_entry(current[r["ags"]]) if r.get("ags") in current else r
        for r in report.local_references or []
    ]
    return data


def _correction_of(report):
    if not report.period.document_id:
        return None
    published = report.project.funding_statements.filter(document_id=report.period.document_id).first()
    if published is None:
        return None
    effective = published.effective()
    return effective if effective.pk != published.pk else None


def _milestone(m) -> dict[str, Any]:
    return {
        "year": m.year,
        "year_end": m.year_end,
        "month": m.month,
        "day": m.day,
        "text": m.text,
        "subproject": m.subproject,
    }


def responsible_as_stated(project: Project, document=None) -> str:
    """The ministry line as the (given or newest) document printed it, else the registry name with the state suffix."""
    stated = Provenance.objects.for_record(project).filter(field="ministry")
    if document is not None:
        stated = stated.filter(document=document)
    stated = stated.order_by("-document__as_of").first()
    if stated and stated.value:
        return " ".join(stated.value.split())
    if project.ministry is None:
        return ""
    name = project.ministry.name
    return name if "Nordrhein-Westfalen" in name else f"{name} des Landes Nordrhein-Westfalen"


def content_from_registry(project: Project, *, document=None) -> dict[str, Any]:
    """A report as the registry currently states the project (or as one given document stated it)."""
    if document is None:
        sections = {s.key: s for s in project.current_sections()}
        milestones = list(project.current_milestones())
        funding_statement = project.current_funding()
        status_record = project.status_records.newest_first().first()
    else:
        sections = {s.key: s for s in project.sections.filter(document=document).order_by("position")}
        milestones = list(project.milestones.filter(document=document).order_by("position"))
        funding_statement = project.funding_statements.filter(document=document).first()
        status_record = project.status_records.filter(document=document).first()
    title = project.title
    if document is not None:
        stated_title = Provenance.objects.for_record(project).filter(field="title", document=document).first()
        title = stated_title.value if stated_title and stated_title.value else title
    data: dict[str, Any] = {
        "title": title,
        "responsible": responsible_as_stated(project, document),
        "status": status_record.status if status_record else project.status,
        "milestones": [_milestone(m) for m in milestones],
        "links": list(project.links or []),
    }
    if document is not None and "links" in sections:
        data["links"] = [line.strip() for line in sections["links"].text.splitlines() if line.strip()]
    for key in TEXT_SECTIONS:
        data[key] = sections[key].text if key in sections else ""
    if not data["summary"]:
        data["summary"] = project.summary
    if funding_statement is not None:
        data.update(funding_fields.from_statement(funding_statement))
    else:
        data.update(funding_fields.from_statement(None))
        data["funding_text"] = sections["funding"].text if "funding" in sections else ""
    data["indicators"] = _indicators(project, document)
    references = project.local_references.select_related("municipality").order_by("municipality__name")
    if document is not None:
        # Only the places this document named (a later report may have added more).
        named = Provenance.objects.about(LocalReference).filter(document=document).values_list("object_id", flat=True)
        references = references.filter(pk__in=list(named))
    data["local_references"] = [local_reference_entry(r) for r in references]
    return data


def local_reference_entry(ref: LocalReference) -> dict[str, Any]:
    """A published local reference as a report row: the place, what happens there and the amount the registry
    states for it (with kind, qualifier and basis), so that publishing unchanged restates the same figure."""
    stated = ref.funding_eur is not None and ref.funding_basis in (FundingBasis.EXACT, FundingBasis.ESTIMATED)
    return {
        "ags": ref.municipality.ags,
        "name": ref.municipality.name,
        "description": ref.description,
        "funding_eur": store_decimal(ref.funding_eur) if stated else None,
        "funding_qualifier": ref.funding_qualifier if stated else "",
        "funding_kind": ref.funding_kind if stated else "",
        "funding_basis": ref.funding_basis if stated else FundingBasis.UNKNOWN.value,
    }


def _indicators(project: Project, document) -> list[dict[str, Any]]:
    """Indicator entries as the registry states them.

    For a document (a published report taken into the cycle) the value is the one that document stated;
    without a document (the very first period) the latest value is only shown as `previous`, for the
    same reason `content_from_report` moves it there.
    """
    rows = []
    for indicator in project.indicators.order_by("name"):
        values = indicator.values.all()
        if document is not None:
            values = values.filter(document=document)
        value = values.order_by("-as_of").first()
        if value is None and document is not None:
            continue
        row = {
            "name": indicator.name,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "baseline": store_decimal(indicator.baseline),
            "baseline_date": store_date(indicator.baseline_date),
            "target": store_decimal(indicator.target),
            "target_qualifier": indicator.target_qualifier,
            "target_date": store_date(indicator.target_date),
            "value": _plain_decimal(value.value) if value is not None else None,
            "qualifier": value.qualifier if value is not None else "",
            "as_of": store_date(value.as_of) if value is not None else None,
            "sentence": value.sentence if value is not None else "",
        }
        if document is None:
            row = carried_over(
                row, as_of=None, period_title=value.document.title if value and value.document_id else ""
            )
        rows.append(row)
    return rows


def _plain_decimal(value: Decimal) -> str:
    value = value.normalize()
    return f"{value:f}"
