"""The REST API: every endpoint, filters, pagination, problem details, conditional GET, CORS and the rate limit."""

from __future__ import annotations

import pytest

PROBLEM = "application/problem+json"

ENDPOINTS = [
    "/api/v1/",
    "/api/v1/projects",
    "/api/v1/projects/13-03",
    "/api/v1/projects/13-03/milestones",
    "/api/v1/projects/13-03/funding",
    "/api/v1/projects/13-03/local-references",
    "/api/v1/municipalities",
    "/api/v1/municipalities/05911000",
    "/api/v1/districts",
    "/api/v1/districts/05562",
    "/api/v1/ministries",
    "/api/v1/action-fields",
    "/api/v1/action-fields/mobilitaet",
    "/api/v1/reports",
    "/api/v1/reporting-periods",
    "/api/v1/documents",
    "/api/v1/proposals",
    "/api/v1/proposals/ihk-1",
    "/api/v1/datasets",
    "/api/v1/datasets/projects",
    "/api/v1/changes",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_answers_json(client, public_and_secret, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.has_header("ETag")


def test_project_detail_carries_everything_with_sources(client, public_and_secret):
    data = client.get("/api/v1/projects/13-03").json()
    assert data["title"] == public_and_secret.project.title
    assert data["status"]["code"] == "in_progress"
    assert data["status"]["iati_activity_status"]["code"] == "2"
    assert data["funding"]["volume_eur"] == 1500000.0
    assert data["funding"]["source"]["document_title"] == "Fortschrittsbericht 2024"
    assert (data["funding"]["source"]["start_line"], data["funding"]["source"]["end_line"]) == (30, 31)
    iati = data["funding"]["iati"]
    assert {t["transaction_type"] for t in iati["transactions"]} == {"2", "4"}
    assert iati["budgets"][0]["value"] == 1500000.0
    assert [m["text"] for m in data["milestones"]] == ["Start", "Plattform online"]
    assert data["sections"][0]["key"] == "outlook"
    assert data["indicators"][0]["values"][0]["value"] == 27.0
    bochum = next(r for r in data["local_references"] if r["municipality"]["ags"] == "05911000")
    assert bochum["funding_basis"] == "exact"
    assert bochum["sources"][0]["document_title"].startswith("Antwort")
    assert data["sources"][0]["field"] == "title"
    assert data["url"] == "/projekte/13-03-baustellenkoordinierung/"


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("", ["09-02", "13-03"]),
        ("?status=completed", ["09-02"]),
        ("?action_field=mobilitaet", ["13-03"]),
        ("?municipality=05911000", ["13-03"]),
        ("?municipality=bochum", ["13-03"]),
        ("?district=05562", []),
        ("?has_funding=true", ["13-03"]),
        ("?has_funding=false", ["09-02"]),
        ("?q=baustellen", ["13-03"]),
        ("?q=talents4teachers lehrkräfte", ["09-02"]),
        ("?pillar=ressortprojekt", ["09-02", "13-03"]),
    ],
)
def test_project_filters(client, public_and_secret, query, codes):
    data = client.get(f"/api/v1/projects{query}").json()
    assert [p["code"] for p in data["items"]] == codes
    assert data["count"] == len(codes)


def test_ministry_filter_by_abbreviation(client, public_and_secret):
    abbreviation = public_and_secret.project.ministry.abbreviation
    data = client.get(f"/api/v1/projects?ministry={abbreviation.lower()}").json()
    assert [p["code"] for p in data["items"]] == ["13-03"]


def test_pagination_links(client, public_and_secret):
    first = client.get("/api/v1/projects?page_size=1").json()
    assert first["count"] == 2 and len(first["items"]) == 1 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["items"][0]["code"] != first["items"][0]["code"]
    assert second["next"] is None and second["previous"]


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        ("/api/v1/projects?status=fertig", 400, "status"),
        ("/api/v1/projects?page=0", 400, "page"),
        ("/api/v1/projects?page_size=1000", 400, "page_size"),
        ("/api/v1/projects?municipality=Atlantis", 400, "municipality"),
        ("/api/v1/projects?ministry=XYZ", 400, "ministry"),
        ("/api/v1/projects?has_funding=vielleicht", 400, "has_funding"),
        ("/api/v1/projects/99-99", 404, None),
        ("/api/v1/municipalities/01001000", 404, None),
        ("/api/v1/proposals/buerger-2", 404, None),
        ("/api/v1/gibt-es-nicht", 404, None),
        ("/api/v2/projects", 404, None),
    ],
)
def test_errors_are_problem_details(client, public_and_secret, url, status, parameter):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] == "about:blank"
    if parameter:
        assert parameter in {e["parameter"] for e in body["errors"]}
        assert all("Input should" not in e["detail"] for e in body["errors"])  # German, not pydantic's English


def test_wrong_method_is_a_problem(client, public_and_secret):
    response = client.post("/api/v1/projects", {})
    assert response.status_code == 405
    assert response["Content-Type"].startswith(PROBLEM)


def test_server_errors_are_problems(client, public_and_secret, monkeypatch):
    from api import serializers

    def broken(project):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(serializers, "project_detail", broken)
    response = client.get("/api/v1/projects/13-03")
    assert response.status_code == 500
    assert response["Content-Type"].startswith(PROBLEM)
    assert "kaputt" not in response.content.decode()


def test_a_lost_database_is_a_503_problem_to_retry(client, public_and_secret, monkeypatch):
    from django.db import OperationalError

    from api import serializers

    def database_gone(project):
        raise OperationalError("server closed the connection unexpectedly (geheim)")

    monkeypatch.setattr(serializers, "project_detail", database_gone)
    response = client.get("/api/v1/projects/13-03")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith(PROBLEM)
    assert response.json()["status"] == 503
    assert "geheim" not in response.content.decode()


def test_conditional_get_answers_304(client, public_and_secret):
    first = client.get("/api/v1/projects")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/api/v1/projects", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/projects", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    public_and_secret.completed.title = "Neuer Titel"
    public_and_secret.completed.save()
    changed = client.get("/api/v1/projects", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_cors_preflight(client, public_and_secret):
    response = client.options(
        "/api/v1/projects", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "POST" not in response["Access-Control-Allow-Methods"]


def test_portal_pages_get_no_cors(client, public_and_secret):
    assert not client.get("/daten/").has_header("Access-Control-Allow-Origin")


def test_rate_limit_for_anonymous_clients(client, public_and_secret, settings, people):
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_WINDOW = 60
    for _ in range(3):
        assert client.get("/api/v1/districts", REMOTE_ADDR="203.0.113.9").status_code == 200
    blocked = client.get("/api/v1/districts", REMOTE_ADDR="203.0.113.9")
    assert blocked.status_code == 429
    assert blocked["Content-Type"].startswith(PROBLEM)
    assert 1 <= int(blocked["Retry-After"]) <= 60
    assert blocked["Access-Control-Allow-Origin"] == "*"
    # another address and logged-in users are not affected
    assert client.get("/api/v1/districts", REMOTE_ADDR="203.0.113.10").status_code == 200
    client.force_login(people.office)
    assert client.get("/api/v1/districts", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_list_query_count_is_bounded(client, public_and_secret, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        client.get("/api/v1/projects?page_size=200")


def test_municipality_detail_uses_attribution_with_basis(client, public_and_secret):
    data = client.get("/api/v1/municipalities/05911000").json()
    assert data["funding"]["funding_exact_eur"] == 250000.0
    assert data["funding"]["project_count"] == 1
    assert [r["project_code"] for r in data["projects"]] == ["13-03"]
    assert data["projects"][0]["funding_basis"] == "exact"
    assert data["region_wide_projects"] == ["09-02"]


def test_ministries_list_former_names(client, public_and_secret):
    from programmes.models import MinistryName

    former = MinistryName.objects.exclude(valid_until=None).select_related("ministry").first()
    if former is None:
        pytest.skip("reference data without renamed ministries")
    data = client.get(f"/api/v1/ministries/{former.ministry.slug}").json()
    assert former.name in [n["name"] for n in data["former_names"]]
