"""The OpenAPI document is valid, and the API holds to it under property-based testing (schemathesis)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from api.api import api


def test_openapi_document_is_valid(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["info"]["license"]["url"]
    problem = document["paths"]["/api/v1/projects/{code}"]["get"]["responses"]["404"]["content"]
    assert "application/problem+json" in problem


# The document as served on an empty database (the enums of ministries, districts and municipalities are then
# [""]): paths, parameters, schemas and operation ids are what clients generate code from, so a change of them
# must be deliberate. After one, write the new document here and say why in the commit.
SNAPSHOT = Path(__file__).with_name("openapi_v1.json")


def test_openapi_document_is_the_published_one(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert document == json.loads(SNAPSHOT.read_text()), f"Das OpenAPI-Dokument weicht von {SNAPSHOT.name} ab"


def test_docs_page_works_offline(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


@pytest.fixture
def keep_connection():
    """A plain WSGI handler closes the database connection after each request, which would end the test's
    transaction on PostgreSQL; Django's test client avoids that the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
]


def test_api_conforms_to_its_openapi_document(public_and_secret, keep_connection):
    """Every operation, with data generated from the document as served once the registry exists: ministry,
    district and municipality are enums of the database's values, so whatever schemathesis picks must be
    accepted (positive data acceptance), besides the usual conformance checks. schemathesis' lazy pytest loader
    does not work with pytest 9, so the operations are walked here."""
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = WSGIHandler()
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) > 20
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
        )
        def run(case):
            case.call_and_validate(checks=CHECKS)

        run()


def test_reference_parameters_are_enums_with_examples(client, public_and_secret):
    document = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/projects"]["get"]["parameters"]}
    assert {"MWIKE", "mwike", "MWIDE"} <= set(parameters["ministry"]["schema"]["enum"])
    assert {"05911000", "bochum"} <= set(parameters["municipality"]["schema"]["enum"])
    assert "05562" in parameters["district"]["schema"]["enum"]
    assert parameters["q"]["schema"]["examples"] == ["Bochum"]
    code = document["paths"]["/api/v1/projects/{code}"]["get"]["parameters"][0]
    assert code["example"] == "13-03"
    # every value the document offers is accepted
    for value in parameters["ministry"]["schema"]["enum"]:
        assert client.get("/api/v1/projects", {"ministry": value}).status_code == 200, value
    for value in parameters["district"]["schema"]["enum"]:
        assert client.get("/api/v1/projects", {"district": value}).status_code == 200, value


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/projects?Q=Bochum",
        "/api/v1/projects?q=Bochum&sort=title",
        "/api/v1/ministries?page=2",
        "/api/v1/projects/13-03?format=xml",
        "/daten/download/projects.csv?Q=Bochum",
        "/daten/feeds/suche.atom?q=Bochum&stauts=completed",
    ],
)
def test_unknown_query_parameters_are_rejected_with_problem_details(client, public_and_secret, url):
    response = client.get(url)
    assert response.status_code == 400, response.content[:200]
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert "Unbekannter Parameter" in body["detail"]
    assert body["errors"][0]["detail"] == "unbekannter Parameter"
