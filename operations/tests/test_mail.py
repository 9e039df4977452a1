"""The one way out for mail (operations/mail.py): nothing else in the project sends, and what a queue row may hold."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest

from operations.mail import decode, encode, send_on_commit, subject_line

ROOT = Path(__file__).resolve().parents[2]
SENDS_MAIL = re.compile(
    r"(?<!def )\b(send_mail|send_mass_mail|mail_admins|mail_managers|get_connection|EmailMessage|EmailMultiAlternatives)\("
)


def test_no_module_but_operations_mail_sends_mail():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if (
            relative.startswith((".venv/", "node_modules/", "var/"))
            or "/tests/" in relative
            or relative == "operations/mail.py"
        ):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if SENDS_MAIL.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "Mail only through operations.mail.send_on_commit:\n" + "\n".join(offenders)


@pytest.mark.django_db
def test_context_is_stored_as_references_and_read_again(django_user_model):
    user = django_user_model.objects.create_user(username="lea", email="lea@example.org")
    context = {
        "user": user,
        "due": datetime.date(2026, 3, 31),
        "at": datetime.datetime(2026, 3, 31, 7, 0, tzinfo=datetime.UTC),
        "amount": Decimal("1890000.50"),
        "reports": [user],
        "nested": {"n": 3, "text": "Bochum"},
    }
    stored = encode(context)
    assert stored["__dict__"]["user"] == {"__model__": "accounts.user", "pk": user.pk}
    user.first_name = "Lea"
    user.save()
    read = decode(stored)
    assert read["user"].first_name == "Lea"  # the worker reads the row as it is when it sends
    assert read["due"] == context["due"] and read["at"] == context["at"] and read["amount"] == context["amount"]
    assert read["reports"] == [user] and read["nested"] == {"n": 3, "text": "Bochum"}


def test_what_cannot_be_stored_is_refused_when_queued():
    with pytest.raises(TypeError, match="set"):
        encode({"codes": {"13-01"}})
    with pytest.raises(ValueError, match="entweder"):
        send_on_commit(to=["a@example.org"], subject="x", template="t.txt", body="b")


def test_subject_is_one_line_with_the_prefix():
    assert subject_line("Neue\nProjektidee") == "[Ruhr-Monitor] Neue Projektidee"
    assert subject_line("Ruhr-Monitor: Ihr Zugang") == "Ruhr-Monitor: Ihr Zugang"


def test_a_message_without_an_address_is_not_queued(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        assert send_on_commit(to=["", "  "], subject="x", body="y") is False
    assert callbacks == []
