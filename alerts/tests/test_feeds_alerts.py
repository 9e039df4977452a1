"""Atom feeds per scope; e-mail alerts with double opt-in, one-click unsubscribe and the send_alerts command."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts import services
from alerts.models import Subscription

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(client, url) -> list[ElementTree.Element]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content).findall(f"{ATOM}entry")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/daten/feeds/aenderungen.atom", {"Neues Dokument: Fortschrittsbericht 2024", "Neues Projekt"}),
        ("/daten/feeds/projekte/13-03.atom", {"Neues Projekt"}),
        ("/daten/feeds/kommunen/bochum.atom", {"Neues Projekt"}),
        ("/daten/feeds/handlungsfelder/bildung.atom", {"Neues Projekt"}),
        ("/daten/feeds/suche.atom?status=completed", {"Neues Projekt"}),
    ],
)
def test_feeds(client, public_and_secret, url, expected):
    titles = [e.find(f"{ATOM}title").text for e in _entries(client, url)]
    for prefix in expected:
        assert any(t.startswith(prefix) for t in titles), titles


def test_feed_reports_a_status_change(client, public_and_secret):
    public_and_secret.project.status = "completed"
    public_and_secret.project.save()
    entries = _entries(client, "/daten/feeds/projekte/13-03.atom")
    texts = [e.find(f"{ATOM}summary").text or "" for e in entries]
    assert any("in Umsetzung → abgeschlossen" in t for t in texts), texts
    bildung = _entries(client, "/daten/feeds/handlungsfelder/bildung.atom")
    assert not any("13-03" in (e.find(f"{ATOM}title").text or "") for e in bildung)


def test_feed_errors_are_problems(client, public_and_secret):
    assert client.get("/daten/feeds/kommunen/atlantis.atom").status_code == 404
    assert client.get("/daten/feeds/suche.atom").status_code == 400  # a saved search needs a filter
    assert client.get("/daten/feeds/suche.atom?status=fertig")["Content-Type"].startswith("application/problem+json")


def _link(body: str, path: str) -> str:
    return re.search(rf"https://ruhr-monitor\.example({path}[^\s]+/)", body).group(1)


def test_double_opt_in_and_one_click_unsubscribe(client, public_and_secret, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/daten/benachrichtigungen/", {"email": "leserin@example.org", "scope": "municipality", "target": "bochum"}
        )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None and subscription.target == "05911000"
    confirm = _link(mail.outbox[0].body, "/daten/benachrichtigungen/bestaetigen/")

    # Following the link does not confirm (mail scanners); the button does.
    assert client.get(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    client.post(confirm)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    # Nothing happened yet: no alert.
    assert services.send_alerts()["sent"] == 0
    subscription.confirmed_at = timezone.now() - timedelta(days=1)
    subscription.save()
    public_and_secret.project.status = "completed"
    public_and_secret.project.save()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.send_alerts()
    assert report["sent"] == 1
    alert = mail.outbox[-1]
    assert "in Umsetzung → abgeschlossen" in alert.body
    unsubscribe = alert.extra_headers["List-Unsubscribe"].strip("<>")
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert services.send_alerts()["sent"] == 0  # already sent

    # RFC 8058: the mail client POSTs without session or CSRF token.
    from django.test import Client

    one_click = Client(enforce_csrf_checks=True).post(
        unsubscribe.replace("https://ruhr-monitor.example", ""), {"List-Unsubscribe": "One-Click"}
    )
    assert one_click.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_subscribe_does_not_mail_twice_and_rejects_unknown_targets(
    client, public_and_secret, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post("/daten/benachrichtigungen/", {"email": "a@example.org", "scope": "project", "target": "13-03"})
    assert len(mail.outbox) == 1
    response = client.post(
        "/daten/benachrichtigungen/", {"email": "a@example.org", "scope": "project", "target": "99-99"}
    )
    assert response.status_code == 400
    assert Subscription.objects.count() == 1


def test_bad_tokens(client, public_and_secret):
    assert client.get("/daten/benachrichtigungen/bestaetigen/falsch/").status_code == 400
    assert client.post("/daten/benachrichtigungen/abbestellen/falsch/").status_code == 400


def test_confirmation_expires(public_and_secret):
    subscription = services.subscribe(email="b@example.org", scope="programme")
    token = services.confirm_token(subscription)
    from django.core import signing

    original = signing.TimestampSigner.unsign

    def late(self, value, max_age=None):
        return original(self, value, max_age=-1)

    with pytest.raises(services.SubscriptionError, match="abgelaufen"):
        signing.TimestampSigner.unsign = late
        try:
            services.confirm(token)
        finally:
            signing.TimestampSigner.unsign = original


def test_send_alerts_command_json(public_and_secret, django_capture_on_commit_callbacks):
    subscription = services.subscribe(email="c@example.org", scope="search", target="status=completed")
    subscription.confirmed_at = timezone.now() - timedelta(days=1)
    subscription.save()
    public_and_secret.completed.title = "Talents4Teachers (neu)"
    public_and_secret.completed.save()
    out = StringIO()
    call_command("send_alerts", "--format", "json", "--dry-run", stdout=out)
    report = json.loads(out.getvalue())
    assert report["dry_run"] is True and report["sent"] == 1
    assert report["subscriptions"][0]["scope"] == "search"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_alerts", stdout=StringIO())
    assert len(mail.outbox) == 1 and "Talents4Teachers (neu)" in mail.outbox[0].body


def test_alert_mails_run_as_a_daily_task_and_never_twice(
    public_and_secret, settings, django_capture_on_commit_callbacks
):
    from unittest import mock

    from django_tasks_db.models import DBTaskResult

    from alerts.tasks import send_alert_mails
    from operations.scheduling import next_morning

    settings.MAIL_TASK_BACKEND = "default"  # the mails on the database queue too, as in production
    subscription = services.subscribe(email="d@example.org", scope="municipality", target="bochum")
    subscription.confirmed_at = timezone.now() - timedelta(days=1)
    subscription.save()
    public_and_secret.project.status = "completed"
    public_and_secret.project.save()
    send_alert_mails.enqueue()
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        for _ in range(2):  # the second pass sends the mail the first one queued on commit
            with django_capture_on_commit_callbacks(execute=True):
                call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    [alert] = mail.outbox
    assert alert.to == ["d@example.org"] and "in Umsetzung → abgeschlossen" in alert.body
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [waiting] = DBTaskResult.objects.filter(task_path="alerts.tasks.send_alert_mails", status="READY")
    assert waiting.run_after == next_morning()

    # A cron run beside it, or a run that read the subscription before the task marked it, sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_alerts()["sent"] == 0
    target = services.resolve_target(subscription.scope, subscription.target)
    assert not services._send_alert(subscription, target, ["x"], since=None, now=timezone.now())
    assert len(mail.outbox) == 1
