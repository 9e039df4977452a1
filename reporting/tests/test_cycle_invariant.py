"""A reporting cycle in which nobody changes anything changes no public figure, date or qualifier.

Runs the whole cycle on the imported Fortschrittsbericht 2024: the document becomes its published period,
the next period is opened from it, every report is submitted and approved unchanged, the period is
published. What the public reads about every project (the API's project detail and the project page's
context) must be identical before and after, apart from where it is cited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from api import serializers
from programmes import funding
from programmes.models import Ministry, Project
from reporting import services
from reporting.from_document import create_period_from_document
from reporting.models import ReportState
from sources.models import DocumentKind, SourceDocument


def _without_sources(value: Any) -> Any:
    """The statement as the public reads it, minus where it is cited (a new edition cites itself)."""
    if isinstance(value, dict):
        return {k: _without_sources(v) for k, v in value.items() if k not in ("source",)}
    if isinstance(value, list):
        return [_without_sources(v) for v in value]
    return value


def public_figures() -> dict[str, dict[str, Any]]:
    client = Client()
    seen = {}
    for project in Project.objects.published().order_by("code"):
        api = serializers.project_detail(project)
        response = client.get(project.get_absolute_url())
        assert response.status_code == 200, project.code
        page_funding = response.context["funding"]
        seen[project.code] = {
            "title": api["title"],
            "status": api["status"],
            "funding": _without_sources(api["funding"]),
            "milestones": _without_sources(api["milestones"]),
            "page_status": response.context["project"].status,
            "page_funding": {f.name: getattr(page_funding, f.name) for f in funding.FUNDING_FIELDS}
            if page_funding
            else None,
            "page_milestones": [
                (m.year, m.year_end, m.month, m.day, m.subproject, m.text) for m in response.context["milestones"]
            ],
        }
    return seen


@pytest.mark.slow
def test_a_cycle_without_edits_changes_no_public_figure(imported):
    office = User.objects.create_user(username="leitstelle", role=Role.PROGRAMME_OFFICE)
    document = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT, year=2024)
    create_period_from_document(document, acting_user=office)
    period = services.open_period(
        title="Fortschrittsbericht 2025", cut_off=date(2025, 12, 31), due=date(2099, 3, 31), acting_user=office
    )
    # Publishing needs an owner for every project. Giving one is the office's edit of the registry, not of a
    # figure, so the comparison starts after it.
    for unowned in period.reports.without_ministry():
        services.assign_ministry(unowned, ministry=Ministry.objects.order_by("pk").first(), acting_user=office)
    before = public_figures()
    # The figures this test exists for: the "Stand" of the volume that a forgotten draft field erased.
    for code in ("03-01", "13-03", "16-01", "18-01", "18-02", "18-03"):
        assert before[code]["funding"]["volume_as_of"] is not None, code

    reviewer = User.objects.create_user(username="pruefung", role=Role.REVIEWER)  # four-eyes
    for report in period.reports.all():
        report = services.submit_report(report, acting_user=office)
        services.approve_report(report, acting_user=reviewer)
    assert not period.reports.exclude(state=ReportState.APPROVED).exists()
    services.publish_period(period, acting_user=office)

    after = public_figures()
    assert after.keys() == before.keys()
    differences = {code: (before[code], after[code]) for code in before if before[code] != after[code]}
    assert differences == {}
    # The new edition is what the public now reads: the figures are cited from it, not from 2024.
    published = SourceDocument.objects.get(title="Fortschrittsbericht 2025")
    assert (published.as_of, published.date) == (date(2025, 12, 31), timezone.localdate())
    assert Project.objects.get(code="13-03").current_funding().document == published


def test_the_next_period_starts_from_the_office_s_correction_not_from_the_corrected_figure(imported):
    from decimal import Decimal

    from programmes.services import correct_funding_statement

    office = User.objects.create_user(username="leitstelle", role=Role.PROGRAMME_OFFICE)
    document = SourceDocument.objects.get(kind=DocumentKind.PROGRESS_REPORT, year=2024)
    create_period_from_document(document, acting_user=office)
    published = Project.objects.get(code="13-01").funding_statements.get(document=document)
    correct_funding_statement(
        published, changes={"spent_eur": Decimal("145000000")}, reason="Nachmeldung", acting_user=office
    )
    period = services.open_period(
        title="Fortschrittsbericht 2025", cut_off=date(2025, 12, 31), due=date(2099, 3, 31), acting_user=office
    )
    draft = period.reports.get(project__code="13-01")
    assert draft.spent_eur == Decimal("145000000")
    assert draft.spent_as_of == published.spent_as_of
    assert draft.funding_text == published.text  # the ministry's wording stays theirs to revise
    untouched = period.reports.get(project__code="13-03")
    assert untouched.volume_eur == Decimal("1900000") and untouched.volume_as_of == date(2025, 6, 30)
