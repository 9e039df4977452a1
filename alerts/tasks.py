"""The daily alert mails to the public (subscriptions to a municipality, project, action field or search) on the
task queue, like the staff digests: the run at 07:00 Europe/Berlin queues the next one (operations/scheduling.py)."""

from __future__ import annotations

from django_tasks import task

from operations.scheduling import schedule_daily


@task()
def send_alert_mails() -> dict:
    schedule_daily(send_alert_mails)
    from .services import send_alerts

    return send_alerts()
