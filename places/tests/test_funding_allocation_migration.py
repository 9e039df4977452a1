"""The office's splits of money among places survive their move from reporting to places (issue 19): an existing
database keeps every allocation, its version history and the admin's content types, and the move can be undone."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from places.attribution import project_money
from places.models import AllocationMethod, FundingAllocation
from programmes.models import Project
from programmes.services import ensure_reference_data
from tests.migrating import migrate

BEFORE = [("places", "0004_local_reference_funding_kind"), ("reporting", "0008_savedquery_moves_to_answers")]
AFTER = [("places", "0005_fundingallocation_from_reporting")]
MODELS = ("fundingallocation", "historicalfundingallocation")


def test_allocations_move_with_their_history_and_content_types(back_to_newest):
    old = migrate(BEFORE)
    # Real models for the apps that are not rolled back: their state at these targets may be older than their tables.
    project = Project.objects.create(
        programme=ensure_reference_data(), code="98-01", title="Quartiersarbeit", slug="98-01-quartiersarbeit"
    )
    allocation = old.get_model("reporting", "FundingAllocation").objects.create(
        project_id=project.pk, method="population", amount="state", rationale="Nach Einwohnern der Quartiere"
    )
    old.get_model("reporting", "HistoricalFundingAllocation").objects.create(
        id=allocation.pk,
        project_id=project.pk,
        method="population",
        amount="state",
        rationale="Nach Einwohnern der Quartiere",
        decided_at=allocation.decided_at,
        history_date=timezone.now(),
        history_type="+",
    )
    ContentType = old.get_model("contenttypes", "ContentType")
    for model in MODELS:
        ContentType.objects.get_or_create(app_label="reporting", model=model)

    migrate(AFTER)
    moved = FundingAllocation.objects.get(project=project)
    assert (moved.method, moved.amount, moved.rationale) == (
        AllocationMethod.POPULATION,
        "state",
        "Nach Einwohnern der Quartiere",
    )
    assert [h.history_type for h in moved.history.all()] == ["+"]
    assert project_money([project.pk])[project.pk].allocation == moved  # what the attribution reads
    tables = set(connection.introspection.table_names())
    assert {"places_fundingallocation", "places_historicalfundingallocation"} <= tables
    assert not {"reporting_fundingallocation", "reporting_historicalfundingallocation"} & tables
    for model in MODELS:
        assert ContentType.objects.filter(app_label="places", model=model).count() == 1
        assert not ContentType.objects.filter(app_label="reporting", model=model).exists()

    back = migrate(BEFORE)
    assert back.get_model("reporting", "FundingAllocation").objects.get(project_id=project.pk).method == "population"
    assert back.get_model("reporting", "HistoricalFundingAllocation").objects.filter(project_id=project.pk).count() == 1
