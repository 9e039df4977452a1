"""Every view that guards itself does so with `accounts.permissions.permission_required`, nothing hand-written.

The test walks the real URL resolver (as the authorization matrix does) and reads the code of each view: every
layer of its decorators and the module's helpers it calls by name. A view whose code decides about the person
(`has_perm`, `is_authenticated`, `PermissionDenied`, `login_required`, `redirect_to_login`, `accounts.actors
.require`) must carry the decorator, which leaves its mark as the attribute `permission_required`; the rule then
stands where the view is read, and tests/test_authorization_matrix.py checks what it says. Public views that
only look at the person to show more (a link to edit, the office's list) are allowed by name below.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator

import pytest
from django.urls import get_resolver

import accounts.permissions

HAND_WRITTEN = re.compile(
    r"\bhas_perm\(|\bis_authenticated\b|\bPermissionDenied\b|\blogin_required\b|\bpermission_required\("
    r"|\buser_passes_test\b|\bredirect_to_login\b|(?<![.\w])require\("
)

# Public views that ask about the person only to show her more on a page everyone may open.
PUBLIC_BUT_PERSONAL = {
    # the office sees the indicators behind their line and a link to define programme indicators
    "portal:indicators",
    "portal:programme_indicator",
    # "Daten & API" is public; the office also sees the link to its spreadsheet round trip
    "opendata:data",
    # a project in two periods: published ones for everyone, the open period's draft for those who may read it
    "reporting:project_comparison",
}


def _patterns(patterns=None, namespace: str = "") -> Iterator[tuple[str, object]]:
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _patterns(
                pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            )
        else:
            yield namespace + (pattern.name or str(pattern.pattern)), pattern.callback


def _layers(view) -> Iterator:
    """The view and each decorator layer around it (functools.wraps leaves `__wrapped__`)."""
    seen = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        yield getattr(view, "view_class", view)
        view = getattr(view, "__wrapped__", None)


PERMISSIONS_FILE = inspect.getsourcefile(accounts.permissions)


def _file(obj) -> str | None:
    try:
        return inspect.getsourcefile(obj)
    except TypeError:
        return None


def _source(obj) -> str:
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return ""


def _own_code(view) -> str:
    """What decides about the person in this view: its layers and the helpers of its module it calls."""
    parts = []
    for layer in _layers(view):
        if _file(layer) == PERMISSIONS_FILE:
            continue  # the one sanctioned guard
        code = _source(layer)
        parts.append(code)
        module = inspect.getmodule(layer)
        for name in set(re.findall(r"\b(_\w+)\(", code)):
            helper = getattr(module, name, None)
            if inspect.isfunction(helper) and helper.__module__ == module.__name__:
                parts.append(_source(helper))
    return "\n".join(parts)


def _project_views() -> list[tuple[str, object]]:
    found = []
    for key, view in _patterns():
        module = getattr(inspect.unwrap(view), "__module__", "") or ""
        if key.startswith("admin:") or module.startswith(("django.", "ninja.")):
            continue
        found.append((key, view))
    return found


def test_the_walk_finds_the_guarded_views():
    keys = {key for key, _ in _project_views()}
    assert {"accounts:people", "answers:send", "proposals:office_decide", "programmes:indicator_edit"} <= keys


VIEWS = _project_views()


@pytest.mark.parametrize("key,view", VIEWS, ids=[key for key, _ in VIEWS])
def test_a_view_that_decides_about_the_person_carries_the_decorator(key, view):
    if key in PUBLIC_BUT_PERSONAL or hasattr(view, "permission_required"):
        return
    hits = sorted(set(HAND_WRITTEN.findall(_own_code(view))))
    assert not hits, (
        f"{key} checks the person by hand ({', '.join(hits)}): guard it with "
        "@accounts.permissions.permission_required(rule, obj=loader), or name it in PUBLIC_BUT_PERSONAL"
    )


def test_the_allow_list_names_existing_views_that_still_need_it():
    views = dict(_project_views())
    stale = sorted(
        key
        for key in PUBLIC_BUT_PERSONAL
        if key not in views
        or hasattr(views[key], "permission_required")
        or not HAND_WRITTEN.search(_own_code(views[key]))
    )
    assert not stale, f"PUBLIC_BUT_PERSONAL names views that are gone, guarded or ask nothing of the person: {stale}"
