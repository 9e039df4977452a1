"""State changes of the alerts app: subscribing to alerts (double opt-in), confirming, unsubscribing, sending.

Each is one named function, called by the views, the command and the task alike;
mails leave only after the transaction committed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from opendata import published
from opendata.filters import ProjectFilters
from opendata.problems import ProblemError
from operations.errors import ServiceError
from operations.mail import send_on_commit
from operations.site import absolute
from places.models import Municipality
from programmes.models import ActionField

from . import changes as changes_module
from .models import AlertScope, Subscription

log = logging.getLogger(__name__)

# The salts keep the name of the app the subscriptions came from: links in mails already sent must keep working.
CONFIRM_SALT = "api.subscription.confirm"
UNSUBSCRIBE_SALT = "api.subscription.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=3)
RESEND_AFTER = timedelta(minutes=10)
FORGET_UNCONFIRMED_AFTER = timedelta(days=7)


class SubscriptionError(ServiceError, ValueError):
    """A token that is invalid or expired, or a target that does not exist; German message."""


# what an alert or feed is about ------------------------------------------------------------------------


@dataclass
class AlertTarget:
    scope: str
    target: str  # normalised: code, AGS, slug or the canonical filter query
    label: str
    feed_url: str
    filters: ProjectFilters | None = None
    project_pk: int | None = None
    page_url: str = ""  # the portal page of the subject, the feed's alternate link

    def project_ids(self) -> set[int] | None:
        """None: the whole programme (with new documents); otherwise the published projects concerned."""
        if self.scope == AlertScope.PROGRAMME:
            return None
        if self.project_pk is not None:
            return published.project_ids() & {self.project_pk}
        return published.project_ids(self.filters)


def resolve_target(scope: str, target: str = "") -> AlertTarget:
    target = (target or "").strip()
    if scope == AlertScope.PROGRAMME:
        return AlertTarget(scope, "", "Ruhr-Konferenz: alle Änderungen", reverse("alerts:feed_programme"))
    if scope == AlertScope.PROJECT:
        project = published.projects().filter(code=target).first()
        if project is None:
            raise ProblemError(404, f"Projekt „{target}“ gibt es nicht oder es ist nicht veröffentlicht.")
        return AlertTarget(
            scope,
            project.code,
            f"Projekt {project.code}: {project.title}",
            reverse("alerts:feed_project", args=[project.code]),
            project_pk=project.pk,
            page_url=project.get_absolute_url(),
        )
    if scope == AlertScope.MUNICIPALITY:
        municipality = Municipality.objects.by_name_or_ags(target).first() if target else None
        if municipality is None:
            raise ProblemError(404, f"Kommune „{target}“ gibt es im Ruhrgebiet nicht.")
        return AlertTarget(
            scope,
            municipality.ags,
            f"Kommune {municipality.name}",
            reverse("alerts:feed_municipality", args=[municipality.slug]),
            ProjectFilters(municipality=municipality.ags),
            page_url=municipality.get_absolute_url(),
        )
    if scope == AlertScope.ACTION_FIELD:
        field = ActionField.objects.filter(slug=target).first()
        if field is None:
            raise ProblemError(404, f"Handlungsfeld „{target}“ gibt es nicht.")
        return AlertTarget(
            scope,
            field.slug,
            f"Handlungsfeld {field.name}",
            reverse("alerts:feed_action_field", args=[field.slug]),
            ProjectFilters(action_field=field.slug),
            page_url=reverse("portal:action_field", args=[field.slug]),
        )
    if scope == AlertScope.SEARCH:
        filters = ProjectFilters.from_query(QueryDict(target.lstrip("?")))
        if filters.is_empty():
            raise ProblemError(400, "Eine gespeicherte Suche braucht mindestens einen Filter.")
        filters.apply(published.projects())  # resolves references now, so unknown ones fail here
        query = urlencode(filters.as_query())
        return AlertTarget(
            scope,
            query,
            f"Auswahl: {filters.describe()}",
            f"{reverse('alerts:feed_search')}?{query}",
            filters,
        )
    raise ProblemError(400, f"Unbekannter Bereich „{scope}“.")


# subscriptions ----------------------------------------------------------------------------------------


def confirm_token(subscription: Subscription) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscription.key))


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscription.key))


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)]))


@transaction.atomic
def subscribe(*, email: str, scope: str, target: str = "", now: datetime | None = None) -> Subscription:
    """Register alerts for an address and send the confirmation mail. The same answer whether or not it existed."""
    now = now or timezone.now()
    resolved = resolve_target(scope, target)
    email = email.strip()
    existing = (
        Subscription.objects.select_for_update()
        .filter(email__iexact=email, scope=scope, target=resolved.target, unsubscribed_at__isnull=True)
        .first()
    )
    if existing is not None and existing.confirmed_at is not None:
        return existing  # already active: no second mail, nothing revealed
    if existing is not None and existing.confirmation_sent_at and now - existing.confirmation_sent_at < RESEND_AFTER:
        return existing  # no mail bombing through the form
    subscription = existing or Subscription(email=email, scope=scope, target=resolved.target)
    subscription.label = resolved.label[:300]
    subscription.confirmation_sent_at = now
    subscription.save()
    _send_confirmation(subscription)
    return subscription


def _send_confirmation(subscription: Subscription) -> None:
    link = absolute(reverse("alerts:confirm", args=[confirm_token(subscription)]))
    body = (
        "Guten Tag,\n\n"
        f"für diese Adresse wurden Benachrichtigungen über Änderungen bestellt:\n  {subscription.label}\n\n"
        f"Bitte bestätigen Sie die Bestellung innerhalb von {CONFIRM_MAX_AGE.days} Tagen:\n  {link}\n\n"
        "Wenn Sie nichts bestellt haben, ignorieren Sie diese Nachricht; die Adresse wird dann nach einer Woche gelöscht.\n\n"
        "Ruhr-Monitor"
    )
    send_on_commit(to=[subscription.email], subject="Ruhr-Monitor: Benachrichtigung bestätigen", body=body)


def _by_token(token: str, salt: str, max_age: timedelta | None) -> Subscription:
    try:
        if max_age is None:
            key = signing.Signer(salt=salt).unsign(token)
        else:
            key = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise SubscriptionError(
            "Der Bestätigungslink ist abgelaufen. Bitte bestellen Sie die Benachrichtigung erneut."
        ) from exc
    except signing.BadSignature as exc:
        raise SubscriptionError("Der Link ist ungültig oder unvollständig.") from exc
    subscription = Subscription.objects.filter(key=key).first()
    if subscription is None:
        raise SubscriptionError("Diese Benachrichtigung gibt es nicht mehr.")
    return subscription


def subscription_for_confirmation(token: str) -> Subscription:
    return _by_token(token, CONFIRM_SALT, CONFIRM_MAX_AGE)


def subscription_for_unsubscribe(token: str) -> Subscription:
    return _by_token(token, UNSUBSCRIBE_SALT, None)


@transaction.atomic
def confirm(token: str, *, now: datetime | None = None) -> Subscription:
    subscription = subscription_for_confirmation(token)
    if subscription.unsubscribed_at is not None:
        raise SubscriptionError("Diese Benachrichtigung wurde abbestellt. Bitte bestellen Sie sie erneut.")
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now or timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def unsubscribe(token: str, *, now: datetime | None = None) -> Subscription:
    subscription = subscription_for_unsubscribe(token)
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = now or timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


# sending alerts ----------------------------------------------------------------------------------------


def send_alerts(*, now: datetime | None = None, dry_run: bool = False) -> dict:
    """Mail every active subscription the changes since its last alert. Returns a report for the command."""
    now = now or timezone.now()
    report: dict = {"sent": 0, "without_changes": 0, "skipped": [], "subscriptions": [], "forgotten_unconfirmed": 0}
    if not dry_run:
        stale = Subscription.objects.unconfirmed().filter(created_at__lt=now - FORGET_UNCONFIRMED_AFTER)
        report["forgotten_unconfirmed"] = stale.delete()[0]
    for subscription in Subscription.objects.active().order_by("pk"):
        since = subscription.last_sent_at or subscription.confirmed_at
        try:
            target = resolve_target(subscription.scope, subscription.target)
        except ProblemError as exc:
            report["skipped"].append({"id": subscription.pk, "reason": exc.detail})
            continue
        items = [
            c
            for c in changes_module.changes(project_ids=target.project_ids(), since=since, limit=200)
            if since < c.at <= now
        ]
        entry = {
            "id": subscription.pk,
            "scope": subscription.scope,
            "target": subscription.target,
            "changes": len(items),
        }
        report["subscriptions"].append(entry)
        if not items:
            report["without_changes"] += 1
            continue
        if not dry_run and not _send_alert(subscription, target, items, since=subscription.last_sent_at, now=now):
            report["skipped"].append({"id": subscription.pk, "reason": "gleichzeitig von einem anderen Lauf versandt"})
            continue
        report["sent"] += 1
    return report


@transaction.atomic
def _send_alert(subscription: Subscription, target: AlertTarget, items, *, since, now: datetime) -> bool:
    """Mark the subscription as alerted up to `now` and queue the mail, together: compare-and-swap on
    `last_sent_at`, so of two runs at once (the scheduled task and a cron job) only one sends."""
    claimed = Subscription.objects.filter(pk=subscription.pk)
    claimed = claimed.filter(last_sent_at=since) if since else claimed.filter(last_sent_at__isnull=True)
    if not claimed.update(last_sent_at=now):
        return False
    lines = [f"Neu bei „{subscription.label}“:", ""]
    for change in reversed(items):
        lines.append(f"{timezone.localtime(change.at):%d.%m.%Y %H:%M} – {change.title}")
        if change.text:
            lines.append(f"  {change.text[:300]}")
        lines.append(f"  {absolute(change.url)}")
        lines.append("")
    lines += [
        f"Atom-Feed: {absolute(target.feed_url)}",
        f"Abbestellen mit einem Klick: {unsubscribe_url(subscription)}",
    ]
    send_on_commit(
        to=[subscription.email],
        subject=f"Ruhr-Monitor: {len(items)} Änderung{'en' if len(items) != 1 else ''} – {subscription.label}"[:200],
        body="\n".join(lines),
        headers={
            # RFC 2369 / RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this URL.
            "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": "Ruhr-Monitor <alerts.ruhr-monitor>",
            "Auto-Submitted": "auto-generated",
        },
    )
    return True
