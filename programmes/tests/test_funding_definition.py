"""Every place that writes or shows a funding statement has every field of its one definition."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from django import forms as django_forms

from api.schemas import Funding as FundingSchema
from opendata import iati
from opendata.registry import DATASETS
from programmes import funding
from programmes.models import FundingStatement
from reporting.forms import ProjectReportForm
from reporting.models import ProjectReport
from reporting.prefill import CONTENT_FIELDS
from sources.parsers.results import Funding as ParsedFunding


def test_models_parser_api_form_and_export_have_every_funding_field():
    statement_fields = {f.name for f in FundingStatement._meta.get_fields()}
    draft_fields = {f.name for f in ProjectReport._meta.get_fields()}
    history_fields = {f.name for f in ProjectReport.history.model._meta.get_fields()}
    assert set(funding.NAMES) <= statement_fields
    assert set(funding.DRAFT_NAMES) <= draft_fields
    assert set(funding.DRAFT_NAMES) <= history_fields
    assert set(funding.NAMES) <= {f.name for f in dataclasses.fields(ParsedFunding)}
    assert set(funding.NAMES) <= set(FundingSchema.model_fields)
    assert set(funding.DRAFT_NAMES) <= set(ProjectReportForm.base_fields)
    assert set(funding.DRAFT_NAMES) <= set(CONTENT_FIELDS)
    export = {c.key for c in DATASETS["funding-statements"].columns}
    assert set(funding.NAMES) <= export
    # IATI knows budgets and transactions: every amount it maps is an amount of the definition.
    assert {funding.BY_NAME[name].kind for name in iati.FUNDING_FIELDS} == {funding.AMOUNT}


def test_the_draft_and_the_statement_map_onto_each_other_without_loss():
    statement = FundingStatement(
        text="rund 2,1 Millionen Euro bis zum 31.12.2026",
        volume_eur=2_100_000,
        volume_qualifier="approx",
        volume_as_of="2026-12-31",
        state_share_percent=90,
        state_qualifier="more_than",
        annual_qualifier="",
    )
    draft = ProjectReport(**funding.from_statement(statement))
    assert funding.from_draft(draft) == {name: getattr(statement, name) for name in funding.NAMES}
    assert draft.volume_as_of == "2026-12-31"


def test_each_date_and_qualifier_belongs_to_an_amount_of_the_definition():
    for f in funding.FUNDING_FIELDS:
        if f.kind in (funding.DATE, funding.QUALIFIER):
            assert funding.BY_NAME[f.of].kind == funding.AMOUNT, f.name
    assert funding.date_of("volume_eur").name == "volume_as_of"
    assert funding.qualifier_of("state_eur").name == "state_qualifier"


@pytest.mark.django_db
def test_every_funding_field_survives_the_editors_form_unchanged():
    """Shown in the form and sent back untouched, a draft keeps every figure, qualifier and Stand."""
    report = ProjectReport(
        title="Mobilitätszentrale",
        status="in_progress",
        funding_text="rund 2,1 Millionen Euro bis zum 31.12.2026",
        volume_eur=Decimal("2100000.00"),
        volume_qualifier="approx",
        volume_as_of=date(2026, 12, 31),
        state_share_percent=Decimal("90.00"),
        state_eur=Decimal("1890000.00"),
        state_qualifier="exact",
        own_share_percent=Decimal("10.00"),
        own_eur=Decimal("210000.00"),
        spent_eur=Decimal("1250000.50"),
        spent_as_of=date(2026, 6, 30),
        annual_eur=Decimal("200000.00"),
        annual_qualifier="more_than",
    )
    shown = ProjectReportForm(initial=ProjectReportForm.initial_for(report))
    sent = {}
    for name in shown.fields:
        value = shown[name].value()
        if isinstance(shown.fields[name], django_forms.BooleanField):
            if value:
                sent[name] = "on"
            continue
        widget = shown.fields[name].widget
        if isinstance(widget, django_forms.SelectMultiple):
            sent[name] = list(value or [])
        elif isinstance(widget, django_forms.Select):
            sent[name] = value or ""
        else:
            sent[name] = widget.format_value(value) or ""
    form = ProjectReportForm(data=sent)
    assert form.is_valid(), form.errors
    assert {name: form.content()[name] for name in funding.DRAFT_NAMES} == funding.from_statement(
        FundingStatement(**funding.from_draft(report))
    )
