"""Permission rules as a role × object matrix."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role, User
from programmes.models import Ministry, Project
from programmes.services import ensure_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    programme = ensure_reference_data()
    own = Ministry.objects.get(abbreviation="MUNV")
    other = Ministry.objects.get(abbreviation="MKW")
    project = Project.objects.create(
        programme=programme, code="13-03", title="Mobilitätszentrale", slug="mz", ministry=own
    )
    users = {
        "anonymous": AnonymousUser(),
        "office": User.objects.create(username="office", role=Role.PROGRAMME_OFFICE),
        "reviewer": User.objects.create(username="reviewer", role=Role.REVIEWER),
        "editor_own": User.objects.create(username="own", role=Role.MINISTRY_EDITOR, ministry=own),
        "editor_other": User.objects.create(username="other", role=Role.MINISTRY_EDITOR, ministry=other),
        "no_role": User.objects.create(username="nobody"),
    }
    return project, users


@pytest.mark.parametrize(
    ("who", "view_draft", "change_content", "import_document"),
    [
        ("anonymous", False, False, False),
        ("no_role", False, False, False),
        ("office", True, True, True),
        ("reviewer", True, False, False),
        ("editor_own", True, True, False),
        ("editor_other", False, False, False),
    ],
)
def test_permission_matrix(world, who, view_draft, change_content, import_document):
    project, users = world
    user = users[who]
    assert user.has_perm("programmes.view_draft", project) is view_draft
    assert user.has_perm("programmes.change_project_content", project) is change_content
    assert user.has_perm("sources.import_document") is import_document
