"""Permission rules of the reporting cycle as a role × state × action matrix."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_role", "office", "reviewer", "editor", "editor_other")
STATES = ("draft", "submitted", "changes_requested", "approved", "published")
ACTIONS = (
    "view_report",
    "change_report",
    "change_indicators",
    "submit_report",
    "request_changes",
    "approve_report",
    "comment_report",
)

# Who may do what in which state. "editor" edits the projects of their own ministry (MUNV),
# "editor_other" is an editor of another ministry. A published report is frozen for everybody.
ALLOWED = {
    "view_report": {s: {"office", "reviewer", "editor"} for s in STATES},
    "change_report": {
        "draft": {"office", "editor"},
        "submitted": {"office"},
        "changes_requested": {"office", "editor"},
        "approved": set(),
        "published": set(),
    },
    # The indicator editor follows the report: same people, same states.
    "change_indicators": {
        "draft": {"office", "editor"},
        "submitted": {"office"},
        "changes_requested": {"office", "editor"},
        "approved": set(),
        "published": set(),
    },
    "submit_report": {
        "draft": {"office", "editor"},
        "submitted": set(),
        "changes_requested": {"office", "editor"},
        "approved": set(),
        "published": set(),
    },
    "request_changes": {
        "draft": set(),
        "submitted": {"office", "reviewer"},
        "changes_requested": set(),
        "approved": {"office", "reviewer"},
        "published": set(),
    },
    "approve_report": {
        "draft": set(),
        "submitted": {"office", "reviewer"},
        "changes_requested": set(),
        "approved": set(),
        "published": set(),
    },
    "comment_report": {
        **{s: {"office", "reviewer", "editor"} for s in STATES if s != "published"},
        "published": set(),
    },
}


@pytest.fixture
def report(open_period):
    return open_period.reports.select_related("project", "period").get(project__code="13-03")


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_report_permission_matrix(report, people, state, action):
    report.state = state
    if state == "published":
        report.period.state = "published"
    for role in ROLES:
        expected = role in ALLOWED[action][state]
        assert people[role].has_perm(f"reporting.{action}", report) is expected, (role, action, state)


PERIOD_ACTIONS = {
    # action: (roles allowed while open, roles allowed once published)
    "open_period": ({"office"}, {"office"}),
    "view_dashboard": ({"office", "reviewer"}, {"office", "reviewer"}),
    "view_tasks": ({"office", "reviewer", "editor", "editor_other"}, {"office", "reviewer", "editor", "editor_other"}),
    "send_reminders": ({"office"}, set()),
    "edit_period_texts": ({"office"}, set()),
    "preview_period": ({"office"}, set()),
    "publish_period": ({"office"}, set()),
    "export_period_overview": ({"office"}, {"office"}),
    "add_erratum": (set(), {"office"}),
}


@pytest.mark.parametrize("period_state", ["open", "published"])
@pytest.mark.parametrize("action", sorted(PERIOD_ACTIONS))
def test_period_permission_matrix(open_period, people, action, period_state):
    open_period.state = period_state
    allowed = PERIOD_ACTIONS[action][0 if period_state == "open" else 1]
    for role in ROLES:
        assert people[role].has_perm(f"reporting.{action}", open_period) is (role in allowed), (role, action)
