"""Who may do what with proposals (django-rules). Tested as a role × action matrix in tests/test_rules.py.

The programme office runs intake, evaluation and decisions and is the only
role that sees submitters' contact data. Reviewers read the internal view
(queue, assessments, suggestions) without contact data; ministry editors and
the public see released proposals only.
"""

from __future__ import annotations

import rules

from accounts.rules import is_programme_office, is_reviewer

from .models import ModerationStatus


@rules.predicate
def is_published(user, proposal) -> bool:
    return proposal is not None and proposal.status == ModerationStatus.PUBLISHED


can_see_internal = is_programme_office | is_reviewer

rules.add_perm("proposals.submit_proposal", rules.always_allow)
rules.add_perm("proposals.view_proposal", is_published | can_see_internal)
rules.add_perm("proposals.view_internal", can_see_internal)
rules.add_perm("proposals.view_contact", is_programme_office)
rules.add_perm("proposals.moderate_proposal", is_programme_office)
rules.add_perm("proposals.evaluate_proposal", is_programme_office)
rules.add_perm("proposals.decide_proposal", is_programme_office)
rules.add_perm("proposals.review_match", is_programme_office)
rules.add_perm("proposals.delete_contact", is_programme_office)
