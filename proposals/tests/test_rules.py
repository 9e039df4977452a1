"""Permissions as a role × action matrix, for a released and an unreleased proposal."""

from __future__ import annotations

import pytest

from proposals.models import ModerationStatus, Proposal, ProposalSource

pytestmark = pytest.mark.django_db

ACTIONS = [
    "submit_proposal",
    "view_proposal",
    "view_internal",
    "view_contact",
    "moderate_proposal",
    "evaluate_proposal",
    "decide_proposal",
    "review_match",
    "delete_contact",
]

# role: (on a released proposal, on a submission awaiting moderation), in the order of ACTIONS
MATRIX = {
    "anonymous": ("+ + - - - - - - -", "+ - - - - - - - -"),
    "no_role": ("+ + - - - - - - -", "+ - - - - - - - -"),
    "editor": ("+ + - - - - - - -", "+ - - - - - - - -"),
    "reviewer": ("+ + + - - - - - -", "+ + + - - - - - -"),
    "office": ("+ + + + + + + + +", "+ + + + + + + + +"),
}


@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("status", [ModerationStatus.PUBLISHED, ModerationStatus.SUBMITTED])
def test_permission_matrix(people, role, status):
    proposal = Proposal(source=ProposalSource.CITIZEN, number=1, title="Idee", status=status)
    row = MATRIX[role][0 if status == ModerationStatus.PUBLISHED else 1].split()
    expected = dict(zip(ACTIONS, (mark == "+" for mark in row), strict=True))
    actual = {action: people[role].has_perm(f"proposals.{action}", proposal) for action in ACTIONS}
    assert actual == expected


def test_superuser_may_do_everything(db):
    from accounts.models import User

    admin = User.objects.create(username="admin", is_superuser=True)
    assert all(admin.has_perm(f"proposals.{action}") for action in ACTIONS)
