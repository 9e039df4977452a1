"""The factories say what the domain says: a project stated in a document is published, one typed in is not."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password

from accounts.models import Role
from programmes.models import Project
from sources.models import Provenance
from tests.factories import PASSWORD, ProjectFactory, SourceDocumentFactory, StatedProjectFactory

pytestmark = pytest.mark.django_db


def test_a_stated_project_is_published_with_its_cited_lines_and_a_typed_in_one_is_not():
    document = SourceDocumentFactory(lines=50)
    stated = StatedProjectFactory(title="Mobilstationen", stated_in=document, stated_in__line=12)
    typed_in = ProjectFactory(title="Nur im Admin")

    assert set(Project.objects.published()) == {stated}
    [title] = Provenance.objects.filter(object_id=stated.pk, field="title")
    status = stated.status_records.get()
    assert (status.document, status.start_line, status.end_line) == (document, 12, 42)
    assert document.lines(12, 12) == [(12, "Zeile 12")]
    assert typed_in.history.count() == 1 and stated.history.count() == 1  # saved once, as the admin would
    assert (title.record, title.document, title.start_line, title.value) == (stated, document, 12, "Mobilstationen")


def test_people_have_the_roles_and_ministries_their_names_say(people):
    assert (people.office.role, people.reviewer.role) == (Role.PROGRAMME_OFFICE, Role.REVIEWER)
    assert people.editor.ministry.abbreviation == people.editor_b.ministry.abbreviation == "MUNV"
    assert people.editor_other.ministry.abbreviation == "MKW"
    assert people.coordinator.role == Role.MINISTRY_COORDINATOR and people.coordinator.ministry.abbreviation == "MUNV"
    deputy = people.deputy
    assert deputy.ministry.abbreviation == "MKW" and people["deputy"] is deputy
    assert people.editor.ministry_id in deputy.acting_ministry_ids()  # standing in for MUNV today
    assert people.superuser.is_superuser and not people.anonymous.is_authenticated
    assert check_password(PASSWORD, people.office.password)
