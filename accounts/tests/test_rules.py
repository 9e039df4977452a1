"""Permission rules as a role × object matrix."""

from __future__ import annotations

import pytest

from tests.factories import ProjectFactory, ministry

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db):
    """A project of MUNV, the ministry of people.editor (people.editor_other edits for MKW)."""
    return ProjectFactory(code="13-03", title="Mobilitätszentrale", slug="mz", ministry=ministry("MUNV"))


@pytest.mark.parametrize(
    ("who", "view_draft", "change_content", "import_document"),
    [
        ("anonymous", False, False, False),
        ("no_role", False, False, False),
        ("office", True, True, True),
        ("reviewer", True, False, False),
        ("editor", True, True, False),
        ("editor_other", False, False, False),
    ],
)
def test_permission_matrix(project, people, who, view_draft, change_content, import_document):
    user = people[who]
    assert user.has_perm("programmes.view_draft", project) is view_draft
    assert user.has_perm("programmes.change_project_content", project) is change_content
    assert user.has_perm("sources.import_document") is import_document
