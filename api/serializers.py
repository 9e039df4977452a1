"""Model instances → the dicts of the API schemas. Every figure carries its source (document and lines)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from opendata import iati, published
from programmes import funding as funding_fields
from programmes.models import Pillar, ProjectStatus
from sources.models import DocumentKind


def _num(value) -> float | None:
    return float(value) if value is not None else None


def source(document, start_line: int, end_line: int, field: str | None = None) -> dict[str, Any]:
    return {
        "document_id": document.pk,
        "document_title": document.title,
        "start_line": start_line,
        "end_line": end_line,
        "field": field,
        "url": f"{reverse('portal:source', args=[document.pk])}?von={start_line}&bis={end_line}#L{start_line}",
    }


def statement_source(statement) -> dict[str, Any]:
    return source(statement.document, statement.start_line, statement.end_line)


def status(code: str) -> dict[str, Any] | None:
    if not code:
        return None
    return {"code": code, "label": str(ProjectStatus(code).label), "iati_activity_status": iati.activity_status(code)}


def funding(statement) -> dict[str, Any] | None:
    if statement is None:
        return None
    return {
        **{
            f.name: _num(getattr(statement, f.name)) if f.is_figure else getattr(statement, f.name)
            for f in funding_fields.FUNDING_FIELDS
        },
        "iati": iati.funding(statement),
        "source": statement_source(statement),
        "correction": _correction(statement.correction),
    }


def _correction(correction) -> dict[str, Any] | None:
    if correction is None:
        return None
    return {
        "reason": correction.reason,
        "recorded_at": correction.created_at,
        "corrects_document_id": correction.corrects_id,
        "corrects_document_title": correction.corrects.title,
    }


def municipality_ref(m) -> dict[str, Any]:
    return {"ags": m.ags, "name": m.name, "slug": m.slug}


def local_reference(ref, provs) -> dict[str, Any]:
    return {
        "project_code": ref.project.code,
        "project_title": ref.project.title,
        "municipality": municipality_ref(ref.municipality),
        "description": ref.description,
        "funding_eur": _num(ref.funding_eur),
        "funding_qualifier": ref.funding_qualifier,
        "funding_basis": ref.funding_basis,
        "funding_kind": ref.funding_kind,
        "funding_text": ref.funding_text,
        "sources": [source(p.document, p.start_line, p.end_line, p.field) for p in provs],
    }


def project_summary(project, funding_statement=None) -> dict[str, Any]:
    return {
        "code": project.code,
        "slug": project.slug,
        "title": project.title,
        "action_field": {"slug": project.action_field.slug, "name": project.action_field.name}
        if project.action_field
        else None,
        "ministry": {
            "abbreviation": project.ministry.abbreviation,
            "slug": project.ministry.slug,
            "name": project.ministry.name,
        }
        if project.ministry
        else None,
        "pillar": {"code": project.pillar, "label": str(Pillar(project.pillar).label)},
        "status": status(project.status),
        "region_wide": project.region_wide,
        "volume_eur": _num(funding_statement.volume_eur) if funding_statement is not None else None,
        "municipality_count": count
        if (count := getattr(project, "municipality_count", None)) is not None
        else project.local_references.count(),
        "url": project.get_absolute_url(),
        "api_url": reverse("api:v1:project", args=[project.code]),
    }


def project_detail(project) -> dict[str, Any]:
    ids = {project.pk}
    statements = list(project.funding_statements.select_related("document").newest_first())
    statuses = list(project.status_records.select_related("document").newest_first())
    refs = list(published.local_references(ids))
    ref_sources = published.provenance(refs)
    indicators = list(published.indicators(ids))
    indicator_sources = published.provenance(indicators)
    target_sources = {
        i.pk: source(p.document, p.start_line, p.end_line, p.field)
        for i in indicators
        for p in published.provenance_of(i, indicator_sources)
        if p.field == "target"
    }
    data = project_summary(project, statements[0] if statements else None)
    data.update(
        {
            "summary": project.summary,
            "parent_code": project.parent.code if project.parent_id else None,
            "children": list(
                project.children.filter(pk__in=published.projects().values("pk")).values_list("code", flat=True)
            ),
            "subprojects": list(project.subprojects.values_list("name", flat=True)),
            "links": project.links or [],
            "funding": funding(statements[0]) if statements else None,
            "funding_history": [funding(s) for s in statements],
            "status_history": [
                {
                    "status": status(s.status),
                    "wording": s.wording,
                    "as_of": s.document.as_of,
                    "source": statement_source(s),
                }
                for s in statuses
            ],
            "milestones": [
                {
                    "position": m.position,
                    "year": m.year,
                    "year_end": m.year_end,
                    "month": m.month,
                    "day": m.day,
                    "text": m.text,
                    "subproject": m.subproject,
                    "source": statement_source(m),
                }
                for m in published.milestones(ids)
            ],
            "sections": [
                {"key": s.key, "heading": s.heading, "text": s.text, "source": statement_source(s)}
                for s in published.sections(ids)
            ],
            "indicators": [
                {
                    "name": i.name,
                    "unit": i.unit,
                    "direction": i.direction,
                    "baseline": _num(i.baseline),
                    "baseline_date": i.baseline_date,
                    "target": _num(i.target),
                    "target_qualifier": i.target_qualifier,
                    "target_date": i.target_date,
                    "target_source": target_sources.get(i.pk),
                    "values": [
                        {
                            "value": float(v.value),
                            "qualifier": v.qualifier,
                            "as_of": v.as_of,
                            "sentence": v.sentence,
                            "source": statement_source(v),
                        }
                        for v in i.values.all()
                    ],
                }
                for i in indicators
            ],
            "local_references": [local_reference(r, published.provenance_of(r, ref_sources)) for r in refs],
            "sources": [
                {"field": p.field, "value": p.value, "source": source(p.document, p.start_line, p.end_line, p.field)}
                for p in published.provenance_of(project, published.provenance([project]))
            ],
        }
    )
    return data


def district(d) -> dict[str, Any]:
    count = getattr(d, "municipality_count", None)
    return {
        "ags": d.ags,
        "name": d.name,
        "slug": d.slug,
        "municipality_count": count if count is not None else d.municipalities.count(),
    }


def municipality(row) -> dict[str, Any]:
    """`row` is a published.MunicipalityFunding."""
    m = row.municipality
    return {
        "ags": m.ags,
        "name": m.name,
        "official_name": m.official_name,
        "slug": m.slug,
        "kind": {"code": m.kind, "label": m.get_kind_display()},
        "district": district(m.district) if m.district_id else None,
        "population": m.population,
        "population_date": m.population_date,
        "area_km2": _num(m.area_km2),
        "latitude": m.latitude,
        "longitude": m.longitude,
        "funding": {
            "project_count": row.project_count,
            "funding_exact_eur": float(row.exact_eur),
            "funding_exact_count": row.exact_count,
            "funding_exact_qualifier": "approx" if row.exact_approx else None,
            "funding_estimated_eur": float(row.estimated_eur),
            "funding_estimated_count": row.estimated_count,
            "funding_unknown_count": row.unknown_count,
            "funding_applied_eur": float(row.applied_eur),
            "funding_applied_count": row.applied_count,
            "funding_planned_eur": float(row.planned_eur),
            "funding_planned_count": row.planned_count,
        },
        "url": m.get_absolute_url(),
        "api_url": reverse("api:v1:municipality", args=[m.ags]),
    }


def answer_row(row) -> dict[str, Any]:
    return {
        "project_code": row.project.code,
        "project_title": row.project.title,
        "status": row.status or None,
        "local_relation": row.local_relation,
        "funding_eur": _num(row.funding_eur),
        "funding_basis": row.basis,
        "funding_kind": row.kind or None,
        "funding_kind_label": row.kind_label,
        "funding_counted": row.counted,
        "funding_text": row.amount_text or None,
        "funding_estimate_method": row.explanation if row.basis == "estimated" else None,
        "funding_explanation": row.explanation,
        "project_volume_eur": _num(row.project_volume_eur),
        "sources": [
            {
                "document_id": s.document_id,
                "document_title": s.title,
                "start_line": s.start_line,
                "end_line": s.end_line,
                "field": s.field or None,
                "url": s.url,
            }
            for s in row.sources
        ],
    }


def ministry(m) -> dict[str, Any]:
    return {
        "abbreviation": m.abbreviation,
        "slug": m.slug,
        "name": m.name,
        "former_names": [
            {"name": n.name, "abbreviation": n.abbreviation, "valid_from": n.valid_from, "valid_until": n.valid_until}
            for n in m.names.all()
            if n.name != m.name
        ],
        "project_count": m.project_count,
        "api_url": reverse("api:v1:ministry", args=[m.slug]),
    }


def action_field(a) -> dict[str, Any]:
    return {
        "slug": a.slug,
        "name": a.name,
        "short_name": a.short_name,
        "position": a.position,
        "project_count": a.project_count,
        "api_url": reverse("api:v1:action_field", args=[a.slug]),
    }


def document(d) -> dict[str, Any]:
    return {
        "id": d.pk,
        "kind": {"code": d.kind, "label": d.get_kind_display()},
        "title": d.title,
        "date": d.date,
        "date_source": date_source(d),
        "as_of": d.as_of,
        "year": d.year,
        "reference": d.reference,
        "sha256": d.sha256,
        "line_count": d.line_count,
        "imported_at": d.imported_at,
        "url": reverse("portal:source", args=[d.pk]),
        "api_url": reverse("api:v1:document", args=[d.pk]),
        "download_url": reverse("opendata:report_dump", args=[d.pk])
        if d.kind == DocumentKind.PROGRESS_REPORT
        else None,
    }


def date_source(d) -> dict[str, Any] | None:
    """The line that states a document's date: its own, or that of the press release announcing it."""
    stated = d.date_provenance()
    return source(stated.document, stated.start_line, stated.end_line, "date") if stated else None


def proposal(p) -> dict[str, Any]:
    return {
        "id": f"{p.source}-{p.number}",
        "source": {"code": p.source, "label": p.get_source_display()},
        "number": p.number,
        "title": p.title,
        "theme": p.theme,
        "goal": p.goal,
        "background": p.background,
        "municipalities": [municipality_ref(m) for m in p.municipalities.all()],
        "source_document": source(p.document, p.start_line, p.end_line) if p.document_id else None,
    }


def reporting_period(period) -> dict[str, Any]:
    return {
        "slug": period.slug,
        "title": period.title,
        "cut_off": period.cut_off,
        "published_at": period.published_at,
        "publication_date": period.publication_date,
        "document": document(period.document) if period.document_id else None,
    }


def programme_indicator(result) -> dict[str, Any]:
    """A rolled-up programme indicator (`programmes.rollup.Rollup`) with every contribution and every gap."""
    ind = result.indicator
    dates = result.dates
    return {
        "slug": ind.slug,
        "name": ind.name,
        "unit": result.unit_label,
        "direction": ind.direction,
        "aggregation": ind.aggregation,
        "aggregation_label": str(ind.get_aggregation_display()),
        "method": ind.method,
        "defined_by_system": ind.defined_by_system,
        "total": float(result.total) if result.total is not None else None,
        "total_qualifier": result.qualifier,
        "figure": result.figure,
        "sentence": result.sentence,
        "as_of_first": dates[0] if dates else None,
        "as_of_last": dates[-1] if dates else None,
        "target": float(ind.target) if ind.target is not None else None,
        "target_qualifier": ind.target_qualifier,
        "target_date": ind.target_date,
        "contributions": [
            {
                "project_code": c.project.code,
                "project_title": c.project.title,
                "label": c.label,
                "value": float(c.value),
                "qualifier": c.qualifier,
                "as_of": c.as_of,
                "sentence": c.sentence,
                "source": source(c.document, c.start_line, c.end_line),
            }
            for c in result.contributions
        ],
        "missing": [
            {
                "project_code": m.project.code,
                "project_title": m.project.title,
                "label": m.label,
                "reason": m.reason,
                "source": source(m.document, m.start_line, m.end_line) if m.document is not None else None,
            }
            for m in result.missing
        ],
        "url": ind.get_absolute_url(),
    }
