"""Who is told what, and when: one mail per event or one daily digest per person.

`notify` is what the services call for an event of the cycle or a new idea. A person who chose "täglich" (the
default, accounts.User.mail_frequency) gets a `Notification` row, written in the caller's transaction, so a
rolled-back change leaves none; whoever chose "sofort" (`User.wants_mail_at_once`), and everyone for an urgent kind (models.URGENT_KINDS),
gets the single mail at once through operations.mail. Nobody is told about her own action.

`send_digests` sends each person one mail with everything collected, grouped by period and project, at most one
per person and day: a `Digest` row (unique per person and day) and the marking of the rows are one transaction,
and the mail is queued only when it commits. A second run on the same day, a second worker or a cron run beside
the scheduled task finds the day's row and sends nothing; rows collected after the day's digest wait for the next.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from .mail import send_on_commit
from .models import URGENT_KINDS, Digest, Notification
from .scheduling import schedule_daily
from .site import absolute

log = logging.getLogger(__name__)


def notify(
    users: Iterable,
    *,
    kind: str,
    subject: str,
    template: str,
    context: Mapping[str, Any],
    group: str,
    text: str,
    link: str = "",
    item: str = "",
    actor=None,
) -> int:
    """Tell each of `users` about one event. `subject`, `template` and `context` make the single mail; `group`
    (the period), `item` (the project) and `text` make its line in the digest. Returns how many people are told."""
    told = 0
    for user in {u.pk: u for u in users}.values():
        if not user.is_active or not user.email or (actor is not None and user.pk == actor.pk):
            continue
        if kind in URGENT_KINDS or user.wants_mail_at_once:
            send_on_commit(to=[user.email], subject=subject, template=template, context={**context, "user": user})
        else:
            Notification.objects.create(
                user=user,
                kind=kind,
                group=group[:300],
                subject=item[:300],
                text=text,
                link=absolute(link) if link else "",
            )
        told += 1
    return told


def _pending(now: datetime.datetime):
    return Notification.objects.unsent().filter(created_at__lte=now)


def _subject(day: datetime.date, count: int) -> str:
    return ngettext(
        "Ihre Zusammenfassung vom %(day)s: %(count)d Neuigkeit",
        "Ihre Zusammenfassung vom %(day)s: %(count)d Neuigkeiten",
        count,
    ) % {"day": f"{day:%d.%m.%Y}", "count": count}


def _send_one(user, *, day: datetime.date, now: datetime.datetime) -> Digest | None:
    try:
        with transaction.atomic():
            digest = Digest.objects.create(user=user, day=day, sent_at=now, count=0)
            ids = list(_pending(now).filter(user=user).values_list("pk", flat=True))
            # Only rows still unsent: whatever another run marked in between stays its own.
            claimed = Notification.objects.filter(pk__in=ids, sent_at__isnull=True).update(sent_at=now, digest=digest)
            if not claimed:
                raise _NothingToSend
            digest.count = claimed
            digest.save(update_fields=["count"])
            send_on_commit(
                to=[user.email],
                subject=_subject(day, claimed),
                template="operations/mail/digest.txt",
                context={"user": user, "digest": digest, "account_url": absolute(reverse("accounts:account"))},
            )
            return digest
    except IntegrityError:  # today's digest of this person exists: another run was first
        return None
    except _NothingToSend:
        return None


class _NothingToSend(Exception):
    pass


def send_digests(*, now: datetime.datetime | None = None, dry_run: bool = False) -> dict:
    """Send every person with collected notifications her digest of the day. Returns a report for the command."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    report: dict = {"day": day.isoformat(), "dry_run": dry_run, "sent": 0, "notifications": 0, "digests": []}
    report["skipped"] = []
    user_ids = set(_pending(now).values_list("user_id", flat=True))
    sent_today = set(Digest.objects.filter(day=day, user_id__in=user_ids).values_list("user_id", flat=True))
    for user in get_user_model().objects.filter(pk__in=user_ids).order_by("username"):
        entry = {
            "user": user.get_username(),
            "email": user.email,
            "notifications": _pending(now).filter(user=user).count(),
        }
        if not user.is_active or not user.email:
            report["skipped"].append({**entry, "reason": _("Konto deaktiviert oder ohne E-Mail-Adresse")})
            continue
        if user.pk in sent_today:
            report["skipped"].append({**entry, "reason": _("heute schon eine Zusammenfassung erhalten")})
            continue
        if not dry_run:
            digest = _send_one(user, day=day, now=now)
            if digest is None:
                report["skipped"].append({**entry, "reason": _("gleichzeitig von einem anderen Lauf versandt")})
                continue
            entry["notifications"] = digest.count
        report["digests"].append(entry)
        report["sent"] += 1
        report["notifications"] += entry["notifications"]
    return report


@task()
def send_daily_digests() -> dict:
    """The scheduled run at 07:00: the next morning's run is queued first, so a failure today stops nothing."""
    schedule_daily(send_daily_digests)
    return send_digests()
