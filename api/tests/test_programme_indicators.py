"""Programme indicators in the API and the downloads: totals with every contribution, never an unpublished value."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

from accounts.actors import SYSTEM
from opendata.tests.conftest import SECRET, SECRET_AMOUNT
from opendata.tests.test_published_only import _assert_clean, _public_urls
from programmes.models import Indicator, IndicatorValue
from programmes.services import define_programme_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def defined(public_and_secret):
    # the unpublished project's indicator shares the unit, and its funding statement is large: both must stay out
    secret = Indicator.objects.get(project=public_and_secret.unpublished)
    secret.unit = "Anzahl"
    secret.save()
    IndicatorValue.objects.create(
        indicator=secret,
        document=public_and_secret.report,
        value=SECRET_AMOUNT,
        as_of=date(2024, 12, 31),
        start_line=95,
        end_line=95,
    )
    define_programme_indicator(
        acting_user=SYSTEM,
        name="Koordinierte Baustellen",
        unit="Baustellen",
        aggregation="sum",
        match_unit="Anzahl",
        position=1,
    )
    define_programme_indicator(acting_user=SYSTEM, name="Projektvolumen", aggregation="funding_volume", position=2)
    return public_and_secret


def test_list_and_detail_carry_totals_contributions_and_gaps(client, defined):
    items = client.get("/api/v1/programme-indicators").json()
    assert [i["slug"] for i in items] == ["koordinierte-baustellen", "projektvolumen"]
    sites = items[0]
    assert (sites["total"], sites["total_qualifier"], sites["figure"], sites["defined_by_system"]) == (
        27.0,
        "",
        "27",
        True,
    )
    (contribution,) = sites["contributions"]
    assert contribution["project_code"] == "13-03"
    assert contribution["source"]["document_id"] == defined.report.pk
    assert (contribution["source"]["start_line"], contribution["as_of"]) == (33, "2024-12-31")
    funding = client.get("/api/v1/programme-indicators/projektvolumen").json()
    assert (funding["total"], funding["total_qualifier"], funding["unit"]) == (1500000.0, "at_least", "Euro")
    assert [m["project_code"] for m in funding["missing"]] == ["09-02"]
    assert funding["missing"][0]["source"] is None
    assert "Für 1 Projekt liegt kein Wert vor" in funding["sentence"]
    missing = client.get("/api/v1/programme-indicators/gibt-es-nicht")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/problem+json")


def test_download_has_one_row_per_contribution_and_per_gap(client, defined):
    response = client.get("/daten/download/programme-indicators.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    counted = [r for r in rows if r["programme_indicator"] == "koordinierte-baustellen"]
    assert [
        (r["project"], r["counted"].lower(), Decimal(r["value"]), r["document_id"], r["start_line"]) for r in counted
    ] == [("13-03", "true", Decimal(27), str(defined.report.pk), "33")]
    gap = next(r for r in rows if r["programme_indicator"] == "projektvolumen" and r["project"] == "09-02")
    assert gap["value"] == "" and gap["reason"]
    listed = json.loads(client.get("/api/v1/datasets").content)
    assert "programme-indicators" in {d["slug"] for d in listed}


def test_unpublished_values_never_show_in_programme_indicators(client, defined):
    urls = [
        *_public_urls(defined),
        "/api/v1/programme-indicators",
        "/api/v1/programme-indicators/koordinierte-baustellen",
        "/api/v1/programme-indicators/projektvolumen",
        "/kennzahlen/",
        "/kennzahlen/programm/koordinierte-baustellen/",
        "/kennzahlen/programm/projektvolumen/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_clean(response.content, url)
    # the totals really are there, so the absence of the secret is not an empty page
    text = client.get("/api/v1/programme-indicators").content.decode()
    assert "13-03" in text and SECRET not in text
