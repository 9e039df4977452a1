"""The OpenAPI document is valid, and the API holds to it under property-based testing (schemathesis)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
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


# Built from the API object itself: loading it needs no request (and no database) at collection time.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = WSGIHandler()


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_api_conforms_to_its_openapi_document(case, registry, keep_connection):
    case.call_and_validate(
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    )
