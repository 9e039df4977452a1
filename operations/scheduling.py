"""Daily background work on the task queue: each daily task queues its own next run for 07:00 Europe/Berlin.

`manage.py schedule_daily_tasks` starts the chain (idempotent; `make run` and a deployment call it after
`migrate`). A run queues the next one before it does its work, so a failure is a failed task the office sees
and the next morning runs anyway. At most one future run per task waits in the queue: a second start, or a
restored backup, does not double the chain.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.module_loading import import_string

BERLIN = ZoneInfo("Europe/Berlin")
DAILY_AT = datetime.time(7, 0)

# Dotted paths, so this module imports no app's tasks at load time.
DAILY_TASKS = (
    "operations.digests.send_daily_digests",
    "alerts.tasks.send_alert_mails",
)


def next_morning(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next 07:00 in Berlin after `now` (also across the change to and from summer time)."""
    local = timezone.localtime(now or timezone.now(), BERLIN)
    day = local.date() if local.time() < DAILY_AT else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, DAILY_AT, tzinfo=BERLIN)


def _waiting(task) -> bool:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        return False  # another queue cannot be asked; its own scheduler must keep one chain
    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()


def schedule_daily(task, *, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Queue `task` for the next morning unless a run is already waiting. Returns when it will run, or None."""
    if _waiting(task):
        return None
    at = next_morning(now)
    task.using(run_after=at).enqueue()
    return at


def schedule_all(*, now: datetime.datetime | None = None) -> list[dict]:
    rows = []
    for path in DAILY_TASKS:
        at = schedule_daily(import_string(path), now=now)
        rows.append({"task": path, "queued_for": at.isoformat() if at else None})
    return rows
