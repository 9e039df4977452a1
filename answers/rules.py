"""Who may do what with Kleine Anfragen: named rules from small predicates (django-rules).

The office registers questions and sends answers; the answering ministry's editors draft with it. An answer
that has gone to the Landtag is a published record and no longer changes.
"""

from __future__ import annotations

import rules

from accounts.rules import acts_for, is_ministry_editor, is_programme_office, is_reviewer


@rules.predicate
def is_answering_ministry_editor(user, question) -> bool:
    # her own ministry, or the one she stands in for (Vertretung)
    return question is not None and acts_for(user, question.ministry_id)


@rules.predicate
def is_open(user, question) -> bool:
    return question is not None and question.status in ("received", "drafting")


rules.add_perm("answers.view_questions", is_programme_office | is_reviewer | is_ministry_editor)
rules.add_perm("answers.register_question", is_programme_office)
# The office's ad-hoc query per place reads unpublished projects (as far as programmes.view_draft allows): only
# the roles of the workspace may open it, never a bare account.
rules.add_perm("answers.query_answers", is_programme_office | is_reviewer | is_ministry_editor)
rules.add_perm("answers.change_question", is_open & (is_programme_office | is_answering_ministry_editor))
rules.add_perm("answers.export_answer", is_programme_office | is_reviewer | is_answering_ministry_editor)
rules.add_perm("answers.send_answer", is_open & is_programme_office)
rules.add_perm("answers.withdraw_question", is_open & is_programme_office)
