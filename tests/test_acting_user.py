"""Every guarded service refuses a call without an acting user; the system is named, never implied.

Passing `acting_user=None` once skipped the permission check in the registry's, the ideas' and the answers'
services, and the round trip checked nothing in its service at all: a view that forgot its user acted with
every right. Commands pass `accounts.actors.SYSTEM` instead.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts.actors import SYSTEM, person, require
from answers.services import save_draft
from opendata.services import apply_upload, create_upload, discard_upload
from programmes.services import correct_funding_statement, define_programme_indicator
from proposals.services import decide_proposal, purge_expired_contacts

pytestmark = pytest.mark.django_db

# Never written to: the check comes first (rules may read an attribute of it).
SOMETHING = SimpleNamespace(pk=None, project=None, status="draft", ministry=None, ministry_id=None)

GUARDED = {
    "define_programme_indicator": lambda user: define_programme_indicator(acting_user=user, name="X"),
    "correct_funding_statement": lambda user: correct_funding_statement(
        SOMETHING, changes={}, reason="x", acting_user=user
    ),
    "decide_proposal": lambda user: decide_proposal(SOMETHING, acting_user=user, outcome="open", reason=""),
    "purge_expired_contacts": lambda user: purge_expired_contacts(acting_user=user, dry_run=True),
    "save_draft": lambda user: save_draft(
        SOMETHING,
        acting_user=user,
        version=1,
        preliminary_remark="",
        answers={},
        lists_projects=set(),
        included_project_ids=set(),
    ),
    "create_upload": lambda user: create_upload(filename="x.xlsx", content=b"", acting_user=user),
    "apply_upload": lambda user: apply_upload(SOMETHING, acting_user=user),
    "discard_upload": lambda user: discard_upload(SOMETHING, acting_user=user),
}


@pytest.mark.parametrize("name", sorted(GUARDED))
@pytest.mark.parametrize("user", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_a_guarded_service_refuses_nobody(name, user):
    with pytest.raises(PermissionDenied):
        GUARDED[name](user)


def test_the_system_may_act_and_is_stored_as_no_person():
    require(SYSTEM, "programmes.correct_statement", message="-")
    assert person(SYSTEM) is None
    user = AnonymousUser()
    assert person(user) is user


def test_a_correction_needs_a_person_even_from_the_system():
    with pytest.raises(PermissionDenied):
        correct_funding_statement(SOMETHING, changes={}, reason="x", acting_user=SYSTEM)
