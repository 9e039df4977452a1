"""One question, one answer: the portal, the API, the downloads and the answers to parliament agree.

For all 53 municipalities the money attributed to the place (exact and estimated, apart) is read from the
portal's municipality list and page, `/api/v1/municipalities`, the CSV download and `build_answer`, before
and after the office records a split of a project's money ("Aufteilung der Mittel"). For a list of
searches the portal's result list, the API's `q` and the download list the same projects in the same order.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest

from answers.place_answers import Filters, build_answer
from places.models import AllocationMethod, FundingAllocation, Municipality
from programmes.models import Project

pytestmark = pytest.mark.django_db

ROW = re.compile(
    r'<th scope="row" class="kern-table__header"><a href="/kommunen/(?P<slug>[^/]+)/">[^<]*</a></th>\s*'
    r"<td[^>]*>.*?</td>\s*<td[^>]*>(?P<projects>\d+)</td>\s*<td[^>]*>(?P<exact>.*?)</td>\s*<td[^>]*>(?P<estimated>.*?)</td>"
    r"\s*<td[^>]*>(?P<applied>.*?)</td>",
    re.S,
)
PAGE_EXACT = re.compile(r"genau angegeben: (?:rund )?(?P<eur>[\d.,]+)\s€")
PAGE_ESTIMATED = re.compile(r"geschätzt: rund (?P<eur>[\d.,]+)\s€")
PAGE_APPLIED = re.compile(r"Beantragt \(nicht bewilligt, nicht mitgezählt\)</dt><dd[^>]*>(?P<eur>[\d.,]+)\s€")
CODE = re.compile(r'<span class="rm-code">(?P<code>[^<]+)</span>')

SEARCHES = (
    "Fläche",
    "Bochum",
    "Forschung",
    "Mobilität",
    "Klimaresilienz",
    "Ruhr-Universität",
    "digitale Bildung",
    "Wasserstoff",
    "13-01",
    "und",  # a stop word only: no search at all, every project
    "Zauberwuerfelanlage",  # nothing
)


def _euro(text: str) -> Decimal:
    """'1.234.567,89 €' / 'rund 37.000 €' / 'keine Angabe' → Decimal (0 without a figure)."""
    match = re.search(r"\d[\d.]*(?:,\d+)?", text)
    return Decimal(match.group(0).replace(".", "").replace(",", ".")) if match else Decimal(0)


def _csv(content: bytes) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:] if row and re.fullmatch(r"[\d-]+[a-z]?", row[0])]


def _record_split() -> Project:
    """The office splits the volume of the published project naming the most places equally over them."""
    project = max(
        (p for p in Project.objects.published() if p.funding_statements.filter(volume_eur__isnull=False).exists()),
        key=lambda p: (p.local_references.count(), p.code),
    )
    FundingAllocation.objects.create(
        project=project, method=AllocationMethod.EQUAL, rationale="Gleiche Teile für die beteiligten Kommunen"
    )
    return project


def _figures(client) -> dict[str, dict[str, tuple]]:
    """slug → (project count, exact €, estimated €, applied-for €) as each reader states it."""
    seen: dict[str, dict[str, tuple]] = {"portal list": {}, "portal page": {}, "api": {}, "download": {}, "answer": {}}
    html = client.get("/kommunen/?karte=foerderung").content.decode()
    for m in ROW.finditer(html):
        seen["portal list"][m["slug"]] = (
            int(m["projects"]),
            _euro(m["exact"]),
            _euro(m["estimated"]),
            _euro(m["applied"]),
        )
    for municipality in Municipality.objects.all():
        page = client.get(municipality.get_absolute_url()).content.decode()
        exact, estimated, applied = (rx.search(page) for rx in (PAGE_EXACT, PAGE_ESTIMATED, PAGE_APPLIED))
        seen["portal page"][municipality.slug] = (
            seen["portal list"].get(municipality.slug, (None,))[0],  # the page counts references, not a figure
            _euro(exact["eur"]) if exact else Decimal(0),
            _euro(estimated["eur"]) if estimated else Decimal(0),
            _euro(applied["eur"]) if applied else Decimal(0),
        )
        totals = build_answer(Filters(municipality=municipality)).totals()
        projects = {
            r.project.code for r in build_answer(Filters(municipality=municipality)).rows if r.basis != "region_wide"
        }
        seen["answer"][municipality.slug] = (
            len(projects),
            Decimal(str(totals["exact_eur"])),
            Decimal(str(totals["estimated_eur"])),
            Decimal(str(totals["applied_eur"])),
        )
    for item in client.get("/api/v1/municipalities?page_size=100").json()["items"]:
        funding = item["funding"]
        seen["api"][item["slug"]] = (
            funding["project_count"],
            Decimal(str(funding["funding_exact_eur"])),
            Decimal(str(funding["funding_estimated_eur"])),
            Decimal(str(funding["funding_applied_eur"])),
        )
    rows = list(
        csv.DictReader(io.StringIO(client.get("/daten/download/municipalities.csv").content.decode("utf-8-sig")))
    )
    for row in rows:
        if not re.fullmatch(r"\d{8}", row["ags"]):
            continue  # the row of column labels
        seen["download"][row["slug"]] = (
            int(row["project_count"]),
            Decimal(row["funding_exact_eur"] or 0),
            Decimal(row["funding_estimated_eur"] or 0),
            Decimal(row["funding_applied_eur"] or 0),
        )
    return seen


def _assert_all_agree(seen: dict[str, dict[str, tuple]]) -> None:
    reference = seen["api"]
    assert len(reference) == 53
    for reader, figures in seen.items():
        assert set(figures) == set(reference), reader
        differ = {slug: (figures[slug], reference[slug]) for slug in reference if figures[slug] != reference[slug]}
        assert not differ, f"{reader} differs from the API for {len(differ)} municipalities: {differ}"


def test_same_money_per_municipality_everywhere_before_and_after_a_split(imported, client):
    before = _figures(client)
    _assert_all_agree(before)
    # Bochum, 2020: rund 65.000 Euro granted (14-01); 521.864 Euro applied for (14-02), not attributed.
    assert before["api"]["bochum"][1:] == (Decimal(65000), Decimal(0), Decimal(521864))

    project = _record_split()
    after = _figures(client)
    _assert_all_agree(after)
    places = set(project.local_references.values_list("municipality__slug", flat=True))
    changed = {slug for slug in after["api"] if after["api"][slug] != before["api"][slug]}
    assert changed and changed <= places  # the split reached its places, and only those
    assert all(after["api"][slug][2] > 0 for slug in places if after["api"][slug][1] == before["api"][slug][1])
    # An estimate is rounded to full thousand euros wherever it is shown.
    assert all(f[2] % 1000 == 0 for f in after["api"].values())


def _portal_codes(client, query: str) -> list[str]:
    codes, page = [], 1
    while True:
        html = client.get("/projekte/", {"q": query, "seite": page}).content.decode()
        found = [m["code"] for m in CODE.finditer(html.split('class="rm-projects"', 1)[-1])]
        codes += found
        if 'rel="next"' not in html or not found:
            return codes
        page += 1


@pytest.mark.parametrize("query", SEARCHES)
def test_same_hits_in_the_same_order_for_a_search(imported, client, query):
    portal = _portal_codes(client, query)
    api = [p["code"] for p in client.get("/api/v1/projects", {"q": query, "page_size": 200}).json()["items"]]
    download = [r["code"] for r in _csv(client.get("/daten/download/projects.csv", {"q": query}).content)]
    assert api == portal, f"API and portal differ for „{query}“"
    assert download == portal, f"download and portal differ for „{query}“"
    feed = client.get("/daten/feeds/suche.atom", {"q": query})
    assert feed.status_code == 200


def test_the_searches_of_the_issue_find_what_the_portal_finds(imported, client):
    """The API used to find 2 of the portal's 4 hits for „Fläche“, 2 of 18 for „Bochum“, 4 of 10 for „Forschung“."""
    for query in ("Fläche", "Bochum", "Forschung"):
        portal = _portal_codes(client, query)
        api = client.get("/api/v1/projects", {"q": query, "page_size": 200}).json()
        assert api["count"] == len(portal) > 2, query


FILTERS = (
    ({"handlungsfeld": "mobilitaet"}, {"action_field": "mobilitaet"}),
    ({"status": "completed"}, {"status": "completed"}),
    ({"ressort": "mwike"}, {"ministry": "mwike"}),
    ({"kommune": "bochum"}, {"municipality": "bochum"}),
    ({"saeule": "ressortprojekt"}, {"pillar": "ressortprojekt"}),
    ({"foerderung": "ja"}, {"has_funding": "true"}),
    ({"foerderung": "nein"}, {"has_funding": "false"}),
    ({"q": "Forschung", "kommune": "bochum"}, {"q": "Forschung", "municipality": "bochum"}),
    ({"q": "Ruhr", "status": "in_progress"}, {"q": "Ruhr", "status": "in_progress"}),
)


@pytest.mark.parametrize(("portal_query", "api_query"), FILTERS)
def test_same_projects_for_the_same_filter(imported, client, portal_query, api_query):
    portal = []
    page = 1
    while True:
        html = client.get("/projekte/", {**portal_query, "seite": page}).content.decode()
        found = [m["code"] for m in CODE.finditer(html.split('class="rm-projects"', 1)[-1])]
        portal += found
        if 'rel="next"' not in html or not found:
            break
        page += 1
    api = [p["code"] for p in client.get("/api/v1/projects", {**api_query, "page_size": 200}).json()["items"]]
    download = [r["code"] for r in _csv(client.get("/daten/download/projects.csv", api_query).content)]
    assert portal, portal_query
    assert api == portal
    assert download == portal
