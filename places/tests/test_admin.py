"""The project admin edits a project's places inline, though programmes (below places) does not know them."""

from __future__ import annotations

import pytest
from django.contrib import admin

from programmes.models import Project
from tests.factories import LocalReferenceFactory

pytestmark = pytest.mark.django_db


def test_the_project_admin_edits_the_places_inline_before_the_document_lines(client, people):
    reference = LocalReferenceFactory(description="Zeche Zollverein")
    client.force_login(people.superuser)
    html = client.get(f"/admin/programmes/project/{reference.project_id}/change/").content.decode()
    assert 'name="local_references-TOTAL_FORMS" value="1"' in html
    assert "Zeche Zollverein</textarea>" in html
    inlines = [inline.__name__ for inline in admin.site._registry[Project].inlines]
    assert inlines[-2:] == ["LocalReferenceInline", "ProvenanceInline"]
