"""Who may do what, as named rules built from small predicates (django-rules)."""

from __future__ import annotations

import rules

from .models import Role


@rules.predicate
def is_programme_office(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.PROGRAMME_OFFICE))


@rules.predicate
def is_reviewer(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.REVIEWER)


@rules.predicate
def is_ministry_editor(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.MINISTRY_EDITOR and user.ministry_id is not None)


@rules.predicate
def is_editor_of_project_ministry(user, project) -> bool:
    # The ministry is the one the project belongs to now; a renamed ministry is
    # the same row with a new name, so its editors keep their projects.
    return bool(
        user.is_authenticated
        and user.role == Role.MINISTRY_EDITOR
        and project is not None
        and user.ministry_id is not None
        and project.ministry_id == user.ministry_id
    )


rules.add_perm("programmes.view_draft", is_programme_office | is_reviewer | is_editor_of_project_ministry)
# Without an object: may read the drafts of every project (office, reviewers), not only those of a ministry.
rules.add_perm("programmes.view_all_drafts", is_programme_office | is_reviewer)
rules.add_perm("programmes.change_project_content", is_programme_office | is_editor_of_project_ministry)
rules.add_perm("sources.import_document", is_programme_office)
rules.add_perm("accounts.manage_people", is_programme_office)
