"""Every e-mail of Ruhr-Monitor leaves through `send_on_commit`: queued when the change commits, rendered and
sent by the task worker (`manage.py db_worker`).

So a slow or unreachable mail server never holds up or fails a request, a rolled-back change sends nothing, and a
failed delivery is a failed task row that the office's dashboard lists (`reporting.tasks.failed_tasks`); the task
queues its own retry (RETRY_DELAYS) before it fails, so a mail server that is down for an hour loses nothing.

The queue row holds the template name and the context as references (a model instance becomes its label and
primary key), never the rendered text: the worker renders with the rows as they are then, and secrets such as a
set-password link (`{% set_password_url %}`) are made in the worker and never stored in the queue table.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task, task_backends

log = logging.getLogger(__name__)

SUBJECT_PREFIX = "Ruhr-Monitor"
# Waits before the 2nd, 3rd and 4th attempt; after the last one the failed task is all that remains.
RETRY_DELAYS = (datetime.timedelta(minutes=5), datetime.timedelta(minutes=30), datetime.timedelta(hours=2))


# --- context as JSON: what the queue row stores ------------------------------------------------------------


def encode(value: Any) -> Any:
    """A template context value as JSON. Anything else is refused at once, in the request that queues the mail."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return {"__model__": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, datetime.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, Decimal):
        return {"__decimal__": str(value)}
    if isinstance(value, Mapping):
        return {"__dict__": {str(k): encode(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    raise TypeError(f"{type(value).__name__} kann nicht in eine E-Mail-Aufgabe übernommen werden")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__model__" in value:
        # The base manager: a draft or an unpublished row is found as well.
        return apps.get_model(value["__model__"])._base_manager.get(pk=value["pk"])
    if "__datetime__" in value:
        return datetime.datetime.fromisoformat(value["__datetime__"])
    if "__date__" in value:
        return datetime.date.fromisoformat(value["__date__"])
    if "__decimal__" in value:
        return Decimal(value["__decimal__"])
    return {k: decode(v) for k, v in value["__dict__"].items()}


# --- queueing -----------------------------------------------------------------------------------------------


def subject_line(subject: str) -> str:
    # A header cannot hold a line break; the prefix lets people file the mails.
    subject = " ".join(str(subject).split())
    if not subject.startswith(SUBJECT_PREFIX):
        subject = f"[{SUBJECT_PREFIX}] {subject}"
    return subject[:250]


def send_on_commit(
    *,
    to: Iterable[str],
    subject: str,
    template: str = "",
    context: Mapping[str, Any] | None = None,
    body: str = "",
    headers: Mapping[str, str] | None = None,
) -> bool:
    """Queue one message to `to` once the current transaction commits (outside a transaction: now).

    Either `template` with `context` (rendered by the worker) or a finished `body`. Returns whether anything
    was queued: a message without an address is dropped here.
    """
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return False
    if bool(template) == bool(body):
        raise ValueError("send_on_commit: entweder template oder body angeben")
    message = {
        "to": recipients,
        "subject": subject_line(subject),
        "template": template,
        "context": encode(dict(context or {})),
        "body": body,
        "headers": dict(headers or {}),
    }
    transaction.on_commit(lambda: _enqueue(message, attempt=1))
    return True


def _task_backend() -> str:
    return getattr(settings, "MAIL_TASK_BACKEND", "default")


def _enqueue(message: dict, *, attempt: int, run_after: datetime.datetime | None = None):
    queued = deliver.using(backend=_task_backend())
    if run_after is not None:
        queued = queued.using(run_after=run_after)
    return queued.enqueue(message, attempt)


# --- the task -------------------------------------------------------------------------------------------------


def render(message: dict) -> EmailMessage:
    if message["template"]:
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(message["template"], decode(message["context"]))
    else:
        body = message["body"]
    return EmailMessage(
        subject=message["subject"], body=body, to=message["to"], headers=message["headers"] or None, from_email=None
    )


@task(takes_context=True)
def deliver(context, message: dict, attempt: int = 1) -> str:
    """Render and send one message. On failure queue the next attempt, then fail, so the office sees it."""
    email = render(message)
    try:
        email.send(fail_silently=False)
    except Exception:
        if attempt <= len(RETRY_DELAYS) and task_backends[_task_backend()].supports_defer:
            _enqueue(message, attempt=attempt + 1, run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
        log.exception("E-Mail „%s“ (Versuch %d) konnte nicht versandt werden", message["subject"], attempt)
        raise
    _forget_recipients(context.task_result.id, message, attempt)
    return f"{message['subject']} → {len(message['to'])} Empfänger"


def _forget_recipients(task_id: str, message: dict, attempt: int) -> None:
    # A delivered mail needs no addresses, names or text in the queue table any more (an idea's submitter may ask
    # for her contact data to be deleted); the subject stays, so the row still says what was sent. The worker
    # saves only status and result afterwards, so this stays.
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends[_task_backend()], DatabaseBackend):
        return
    kept = {"to": [f"{len(message['to'])} Empfänger"], "subject": message["subject"], "template": message["template"]}
    DBTaskResult.objects.filter(id=task_id).update(args_kwargs={"args": [kept, attempt], "kwargs": {}})
