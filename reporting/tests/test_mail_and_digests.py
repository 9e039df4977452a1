"""Mail of the cycle on the task queue (operations/mail.py) and the daily digest (operations/digests.py):
no request sends mail itself, a broken mail server fails no request and is retried in sight of the office, a
rolled-back change tells nobody, one digest per person and day holds every event, "sofort" readers get each mail at
once, and no digest goes out twice."""

from __future__ import annotations

import datetime
import json
import threading
from io import StringIO
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import MailFrequency, Role, User
from accounts.services import invite_user
from operations import digests
from operations.models import Digest, Notification
from operations.scheduling import BERLIN, next_morning
from reporting import services
from reporting.models import ProjectReport

pytestmark = pytest.mark.django_db

DELIVER = "operations.mail.deliver"
DAILY = "operations.digests.send_daily_digests"


class DownMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("Mailserver nicht erreichbar")


@pytest.fixture
def queued_mail(settings):
    """Mails on the database queue, as in production: only the worker sends."""
    settings.MAIL_TASK_BACKEND = "default"


def _work(capture) -> None:
    # As in test_background_tasks: the in-process worker must keep the test's connection; its on-commit
    # callbacks (the mails a digest queues) run when the worker's transactions commit.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        with capture(execute=True):
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def _report(period, code) -> ProjectReport:
    return period.reports.get(project__code=code)


def test_a_request_sends_no_mail_and_a_broken_mail_server_is_retried_where_the_office_sees_it(
    client, open_period, people, settings, queued_mail, django_capture_on_commit_callbacks
):
    report = services.submit_report(_report(open_period, "13-03"), acting_user=people.editor)
    mail.outbox.clear()
    settings.EMAIL_BACKEND = f"{__name__}.DownMailServer"
    client.force_login(people.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:request_changes", args=[report.pk]), {"comment": "Bitte die Zahlen 2025 ergänzen."}
        )
    assert response.status_code == 302  # the mail server is down, the request does not notice
    assert mail.outbox == []
    queued = DBTaskResult.objects.filter(task_path=DELIVER)
    assert sorted(t.args_kwargs["args"][0]["to"][0] for t in queued) == ["munv2@example.org", "munv@example.org"]
    assert {t.status for t in queued} == {"READY"}

    _work(django_capture_on_commit_callbacks)
    assert set(DBTaskResult.objects.filter(task_path=DELIVER).values_list("status", flat=True)) == {"FAILED", "READY"}
    retries = DBTaskResult.objects.filter(task_path=DELIVER, status="READY")
    assert retries.count() == 2 and all(t.args_kwargs["args"][1] == 2 for t in retries)
    assert all(t.run_after > timezone.now() + datetime.timedelta(minutes=4) for t in retries)

    client.force_login(people.office)
    page = client.get(reverse("reporting:dashboard", args=[open_period.slug])).content.decode()
    assert "Fehlgeschlagene Hintergrundaufgaben" in page and DELIVER in page

    # The server is back; the retry is due.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retries.update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    _work(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["munv2@example.org", "munv@example.org"]
    assert all("Bitte die Zahlen 2025 ergänzen." in m.body for m in mail.outbox)
    assert mail.outbox[0].body.startswith("Guten Tag ")
    delivered = DBTaskResult.objects.filter(task_path=DELIVER, status="SUCCESSFUL")
    assert delivered.count() == 2
    # Delivered: the queue keeps what was sent, not to whom.
    assert all(
        "example.org" not in json.dumps(t.args_kwargs) and "erbeten" in json.dumps(t.args_kwargs) for t in delivered
    )


def test_the_queue_holds_no_set_password_link(client, people, queued_mail, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite_user(
            email="neu@example.org",
            first_name="Nora",
            last_name="Neu",
            role=Role.REVIEWER,
            acting_user=people.office,
        )
    [task] = DBTaskResult.objects.filter(task_path=DELIVER)
    assert "/konto/reset/" not in json.dumps(task.args_kwargs)
    _work(django_capture_on_commit_callbacks)
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/konto/reset/" in line).strip()
    # The worker made a valid link: it leads to the form for the new password.
    response = client.get(urlsplit(link).path, follow=True)
    assert "Neues Passwort festlegen" in response.content.decode()


def test_a_rolled_back_change_tells_nobody(open_period, people, django_capture_on_commit_callbacks):
    people.reviewer.mail_frequency = MailFrequency.IMMEDIATE
    people.reviewer.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.submit_report(_report(open_period, "13-01"), acting_user=people.editor)
            raise RuntimeError("abgebrochen")
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def _events(period, people, capture):
    """Two submissions and a comment by a MUNV editor: news for the office, the reviewer and (the comment) her
    colleague in the ministry."""
    with capture(execute=True):
        services.submit_report(_report(period, "13-01"), acting_user=people.editor)
        services.submit_report(_report(period, "13-02"), acting_user=people.editor)
        services.comment_report(_report(period, "13-01"), acting_user=people.editor, comment="Zahlen folgen.")


def test_one_digest_per_person_and_day_lists_every_event_by_period_and_project(
    open_period, people, django_capture_on_commit_callbacks
):
    _events(open_period, people, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # both read "täglich", the default
    assert Notification.objects.filter(user=people.office).count() == 3
    assert not Notification.objects.filter(user=people.editor).exists()  # nobody hears of her own action

    with django_capture_on_commit_callbacks(execute=True):
        report = digests.send_digests()
    assert report["sent"] == 3 and report["notifications"] == 7
    assert sorted(m.to[0] for m in mail.outbox) == [
        "leitstelle@example.org",
        "munv2@example.org",
        "pruefung@example.org",
    ]
    to_office = next(m for m in mail.outbox if m.to == ["leitstelle@example.org"])
    body = to_office.body
    assert "3 Neuigkeiten" in to_office.subject
    assert body.startswith("Guten Tag Lea Leitstelle,")
    assert "== Fortschrittsbericht 2025 ==" in body
    first, second = body.index("13-01 "), body.index("13-02 ")
    assert first < second
    block_13_01 = body[first:second]
    assert "eingereicht von Max Verkehr, wartet auf Prüfung" in block_13_01
    assert "Kommentar von Max Verkehr: Zahlen folgen." in block_13_01
    assert reverse("reporting:report", args=[_report(open_period, "13-01").pk]) in block_13_01
    assert reverse("accounts:account") in body and "Projektgruppe Ruhr-Konferenz" in body
    assert not Notification.objects.unsent().exists()

    # Later the same day: news waits for tomorrow, never a second digest today.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_report(_report(open_period, "13-02"), acting_user=people.editor, comment="Nachtrag.")
        again = digests.send_digests()
    assert again["sent"] == 0 and mail.outbox == []
    assert {row["reason"] for row in again["skipped"]} == {"heute schon eine Zusammenfassung erhalten"}
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.send_digests(now=tomorrow)["sent"] == 3
    assert all("Nachtrag." in m.body and "1 Neuigkeit" in m.subject for m in mail.outbox)


def test_sofort_readers_get_each_mail_at_once(client, open_period, people, django_capture_on_commit_callbacks):
    client.force_login(people.reviewer)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "täglich, gesammelt um 7 Uhr" in page and "sofort, jede Nachricht einzeln" in page
    assert client.post(reverse("accounts:account"), {"mail_frequency": "immediate"}).status_code == 302
    people.reviewer.refresh_from_db()
    assert people.reviewer.mail_frequency == MailFrequency.IMMEDIATE

    _events(open_period, people, django_capture_on_commit_callbacks)
    to_reviewer = [m for m in mail.outbox if m.to == ["pruefung@example.org"]]
    assert len(to_reviewer) == 3 and not Notification.objects.filter(user=people.reviewer).exists()
    assert not any(m.to == ["leitstelle@example.org"] for m in mail.outbox)


def test_urgent_mails_go_at_once_to_daily_readers_too(open_period, people, django_capture_on_commit_callbacks):
    report = services.submit_report(_report(open_period, "13-03"), acting_user=people.editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(report, acting_user=people.reviewer, comment="Bitte kürzen.")
        services.send_reminders(open_period, acting_user=people.office)
    kinds = sorted((m.to[0], "Erinnerung" in m.subject) for m in mail.outbox)
    assert kinds == [
        ("mkw@example.org", True),
        ("munv2@example.org", False),
        ("munv2@example.org", True),
        ("munv@example.org", False),
        ("munv@example.org", True),
    ]
    assert not Notification.objects.filter(kind__in=["changes_requested", "reminder"]).exists()


def test_no_digest_goes_out_twice(open_period, people, queued_mail, django_capture_on_commit_callbacks):
    _events(open_period, people, django_capture_on_commit_callbacks)
    # Two runs at once: the scheduled task started twice (two workers), and a cron job beside them.
    digests.send_daily_digests.enqueue()
    digests.send_daily_digests.enqueue()
    _work(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=StringIO())
    _work(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "leitstelle@example.org",
        "munv2@example.org",
        "pruefung@example.org",
    ]
    assert Digest.objects.count() == 3

    # A run that lost the race to the database's unique row sends nothing, even for news it would find.
    services.comment_report(_report(open_period, "13-02"), acting_user=people.editor, comment="Nachtrag.")
    assert digests._send_one(people.office, day=timezone.localdate(), now=timezone.now()) is None
    assert Notification.objects.unsent().filter(user=people.office).count() == 1

    # Each run queued the next morning's, and only one of them waits.
    [waiting] = DBTaskResult.objects.filter(task_path=DAILY, status="READY")
    assert waiting.run_after == next_morning()
    assert timezone.localtime(waiting.run_after, BERLIN).time() == datetime.time(7, 0)


def test_send_digests_command_dry_run_and_json(open_period, people, django_capture_on_commit_callbacks):
    _events(open_period, people, django_capture_on_commit_callbacks)
    out = StringIO()
    call_command("send_digests", "--dry-run", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["dry_run"] is True and report["sent"] == 3
    assert {row["user"]: row["notifications"] for row in report["digests"]} == {
        "leitstelle": 3,
        "munv2": 1,
        "pruefung": 3,
    }
    assert Notification.objects.unsent().count() == 7 and not Digest.objects.exists() and mail.outbox == []

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=out)
    assert "verschickt: 3 mit 7 Neuigkeiten" in out.getvalue()
    assert len(mail.outbox) == 3


def test_daily_runs_are_at_seven_in_berlin_and_scheduled_once():
    winter = datetime.datetime(2026, 12, 3, 6, 59, tzinfo=BERLIN)
    assert next_morning(winter) == datetime.datetime(2026, 12, 3, 7, 0, tzinfo=BERLIN)
    assert next_morning(winter.replace(hour=7)) == datetime.datetime(2026, 12, 4, 7, 0, tzinfo=BERLIN)
    # The night summer time begins: still 07:00 on the clock, 05:00 UTC.
    spring = next_morning(datetime.datetime(2027, 3, 28, 3, 30, tzinfo=BERLIN))
    assert spring.astimezone(datetime.UTC).hour == 5

    first, second = StringIO(), StringIO()
    call_command("schedule_daily_tasks", "--format", "json", stdout=first)
    call_command("schedule_daily_tasks", "--format", "json", stdout=second)
    assert all(row["queued_for"] for row in json.loads(first.getvalue()))
    assert all(row["queued_for"] is None for row in json.loads(second.getvalue()))
    paths = sorted(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))
    assert paths == ["alerts.tasks.send_alert_mails", DAILY]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_digest_runs_at_the_same_moment_send_each_digest_once():
    """Two processes (threads on connections of their own) start the digest run at the same instant."""
    people = [
        User.objects.create_user(username=name, email=f"{name}@example.org", role=Role.PROGRAMME_OFFICE)
        for name in ("anna", "bernd")
    ]
    for user in people:
        for n in range(3):
            Notification.objects.create(
                user=user, kind="report_submitted", group="Fortschrittsbericht 2025", text=f"{n}"
            )
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(digests.send_digests())
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sum(r["sent"] for r in results) == 2 and Digest.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bernd@example.org"]
    assert not Notification.objects.unsent().exists()
