"""Every error by which a service refuses a change derives from `operations.errors.ServiceError`.

A view, the API or a command catches that one class and shows its German message; an error class of a services
module that forgot the base would escape such a handler as a 500.
"""

from __future__ import annotations

import importlib
import inspect

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from answers.place_answers import AnswerError
from operations.errors import ServiceError
from reporting.from_document import PeriodFromDocumentError
from reporting.models import FrozenReportError
from sources.models import FrozenStatementError


def _service_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("django") and importlib.util.find_spec(f"{config.name}.services"):
            yield importlib.import_module(f"{config.name}.services")


def _error_classes():
    for module in _service_modules():
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Exception) and value.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", value


# Errors raised outside a services module by a refused change: a frozen report or statement, a question or a
# period that cannot be made.
ELSEWHERE = [FrozenReportError, FrozenStatementError, AnswerError, PeriodFromDocumentError]


def test_the_services_define_errors_at_all():
    names = {name for name, _ in _error_classes()}
    assert {"accounts.services.AccountError", "proposals.services.ProposalError"} <= names


@pytest.mark.parametrize("name,error", list(_error_classes()) + [(e.__qualname__, e) for e in ELSEWHERE])
def test_every_refusal_is_a_service_error(name, error):
    assert issubclass(error, ServiceError), f"{name} must derive from operations.errors.ServiceError"


def test_the_message_is_what_a_view_shows():
    from accounts.services import AccountError

    assert str(AccountError("Ressort: fehlt.")) == "Ressort: fehlt."
    assert str(ServiceError()) == "Diese Änderung ist nicht möglich."


def test_a_frozen_statement_is_still_refused_as_a_permission():
    # the admin and the API turn PermissionDenied into 403; the common base must not change that
    assert issubclass(FrozenStatementError, PermissionDenied)
