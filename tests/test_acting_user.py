"""Every guarded service refuses a call without an acting user; the system is named, never implied.

Passing `acting_user=None` once skipped the permission check in the registry's, the ideas' and the answers'
services, and the round trip checked nothing in its service at all: a view that forgot its user acted with
every right. Commands pass `accounts.actors.SYSTEM` instead.

Two checks: every function of every services module (and the other service-level modules below) that acts for
someone takes `acting_user` keyword-only and without a default, so no caller can forget to name who acts; and
at least one guarded service per module refuses nobody (None) and an anonymous visitor.
"""

from __future__ import annotations

import importlib
import inspect
from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts.actors import SYSTEM, person, require
from accounts.services import invite_user
from answers.services import register_question, save_draft
from conftest import REPORT_2024
from importers import DocumentImporter, ImportFailed, ProgressReportImporter
from opendata.services import apply_upload, create_upload, discard_upload
from programmes.services import correct_funding_statement, define_programme_indicator, reject_indicator_suggestion
from proposals.services import ContactData, decide_proposal, purge_expired_contacts, submit_proposal
from reporting.services import open_period

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
    "invite_user": lambda user: invite_user(
        email="neu@example.org", first_name="N", last_name="N", role="reviewer", acting_user=user
    ),
    "reject_indicator_suggestion": lambda user: reject_indicator_suggestion(SOMETHING, acting_user=user),
    "register_question": lambda user: register_question(acting_user=user, number=1, title="T", askers="A", text="T"),
    "open_period": lambda user: open_period(
        title="2026", cut_off=date(2026, 6, 30), due=date(2026, 8, 1), acting_user=user
    ),
    "apply_upload": lambda user: apply_upload(SOMETHING, acting_user=user),
    "discard_upload": lambda user: discard_upload(SOMETHING, acting_user=user),
}


@pytest.mark.parametrize("name", sorted(GUARDED))
@pytest.mark.parametrize("user", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_a_guarded_service_refuses_nobody(name, user):
    with pytest.raises(PermissionDenied):
        GUARDED[name](user)


def test_the_public_form_names_its_visitor_and_nobody_is_no_visitor():
    contact = ContactData(name="E", email="e@example.org")
    with pytest.raises(PermissionDenied):
        submit_proposal(source="citizen", title="T", goal="G", contact=contact, acting_user=None)


# Service-level modules outside `<app>.services` whose functions act for someone.
OTHER_SERVICE_MODULES = ("reporting.from_document", "organisations.services")


def _service_modules():
    names = [f"{c.name}.services" for c in apps.get_app_configs() if not c.name.startswith("django")]
    names = [n for n in names if importlib.util.find_spec(n.rsplit(".", 1)[0]) and importlib.util.find_spec(n)]
    return [importlib.import_module(n) for n in dict.fromkeys([*names, *OTHER_SERVICE_MODULES])]


def _acting_functions():
    for module in _service_modules():
        for name, function in vars(module).items():
            public = not name.startswith("_")  # helpers receive the actor from a service that was given one
            if public and inspect.isfunction(function) and function.__module__ == module.__name__:
                parameter = inspect.signature(function).parameters.get("acting_user")
                if parameter is not None:
                    yield f"{module.__name__}.{name}", parameter


ACTING = dict(_acting_functions())


@pytest.mark.parametrize("name", sorted(ACTING))
def test_who_acts_is_always_named(name):
    parameter = ACTING[name]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, f"{name}: acting_user must be keyword-only"
    assert parameter.default is inspect.Parameter.empty, f"{name}: acting_user has a default ({parameter.default!r})"


def test_every_module_with_guarded_services_is_probed():
    modules = {name.rsplit(".", 1)[0] for name in ACTING}
    probed = {globals()[name].__module__ for name in GUARDED}  # GUARDED is keyed by the imported names
    # ensure_organisations and the editions made from a document check nothing: only importers call them
    unguarded = {"organisations.services", "reporting.from_document"}
    assert modules - unguarded <= probed, f"no service of {sorted(modules - unguarded - probed)} is probed in GUARDED"


def test_an_import_acts_as_the_system_unless_told_otherwise():
    # the command-line import names its actor; None (nobody) is never the default
    assert inspect.signature(DocumentImporter.run).parameters["acting_user"].default is SYSTEM


def test_the_system_may_act_and_is_stored_as_no_person():
    require(SYSTEM, "programmes.correct_statement", message="-")
    assert person(SYSTEM) is None
    user = AnonymousUser()
    assert person(user) is user


def test_a_correction_needs_a_person_even_from_the_system():
    with pytest.raises(PermissionDenied):
        correct_funding_statement(SOMETHING, changes={}, reason="x", acting_user=SYSTEM)


def test_an_import_refuses_nobody():
    with pytest.raises(ImportFailed, match="handelnde Person oder das System"):
        ProgressReportImporter().run(REPORT_2024, acting_user=None)
