"""Who may do what, as named rules built from small predicates (django-rules)."""

from __future__ import annotations

import rules

from .models import MINISTRY_ROLES, Role


@rules.predicate
def is_programme_office(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.PROGRAMME_OFFICE))


@rules.predicate
def is_reviewer(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.REVIEWER)


@rules.predicate
def is_ministry_editor(user) -> bool:
    """An editor or coordinator of a ministry (deputies are editors too, of their own ministry)."""
    return bool(user.is_authenticated and user.role in MINISTRY_ROLES and user.ministry_id is not None)


@rules.predicate
def is_ministry_coordinator(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.MINISTRY_COORDINATOR and user.ministry_id is not None)


def acts_for(user, ministry_id) -> bool:
    """Whether this person edits for that ministry today: her own, or one she deputises for (Vertretung)."""
    return bool(
        ministry_id is not None
        and getattr(user, "is_authenticated", False)
        and user.role in MINISTRY_ROLES
        and ministry_id in user.acting_ministry_ids()
    )


@rules.predicate
def is_editor_of_project_ministry(user, project) -> bool:
    # The ministry is the one the project belongs to now; a renamed ministry is
    # the same row with a new name, so its editors keep their projects.
    return project is not None and acts_for(user, project.ministry_id)


@rules.predicate
def is_editor_of_own_ministry(user, ministry) -> bool:
    """Her own ministry, not one she merely deputises for: only its editors name its deputies."""
    return bool(is_ministry_editor(user) and ministry is not None and user.ministry_id == ministry.pk)


rules.add_perm("programmes.view_draft", is_programme_office | is_reviewer | is_editor_of_project_ministry)
# Without an object: may read the drafts of every project (office, reviewers), not only those of a ministry.
rules.add_perm("programmes.view_all_drafts", is_programme_office | is_reviewer)
rules.add_perm("programmes.change_project_content", is_programme_office | is_editor_of_project_ministry)
rules.add_perm("sources.import_document", is_programme_office)
rules.add_perm("accounts.manage_people", is_programme_office)
# Deputies: the office for every ministry; an editor (or coordinator) for her own ministry. Without an object:
# may open the page where deputies are named.
rules.add_perm("accounts.appoint_deputy", is_programme_office | is_editor_of_own_ministry)
rules.add_perm("accounts.view_deputies", is_programme_office | is_ministry_editor)
# Pages about one's own account (accounts.permissions.SIGNED_IN): every active, signed-in person.
rules.add_perm("accounts.signed_in", rules.is_authenticated & rules.is_active)
