"""State changes of the api app: subscribing to alerts (double opt-in), sending them, and the office's uploads.

Each is one named function, called by the views and the commands alike;
mails leave only after the transaction committed.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext

from accounts.actors import person, require
from operations.caching import changes_public_data
from operations.errors import ServiceError
from operations.mail import send_on_commit
from operations.site import absolute
from places.models import Municipality
from programmes.models import ActionField, FundingStatement
from programmes.services import correct_funding_statement

from . import changes as changes_module
from . import published
from .filters import ProjectFilters
from .models import AlertScope, Subscription, Upload, UploadStatus
from .problems import ProblemError
from .roundtrip import Analysis, UnreadableFile, analyse, fingerprint, read_tables

log = logging.getLogger(__name__)

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
        return AlertTarget(scope, "", "Ruhr-Konferenz: alle Änderungen", reverse("api:feed_programme"))
    if scope == AlertScope.PROJECT:
        project = published.projects().filter(code=target).first()
        if project is None:
            raise ProblemError(404, f"Projekt „{target}“ gibt es nicht oder es ist nicht veröffentlicht.")
        return AlertTarget(
            scope,
            project.code,
            f"Projekt {project.code}: {project.title}",
            reverse("api:feed_project", args=[project.code]),
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
            reverse("api:feed_municipality", args=[municipality.slug]),
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
            reverse("api:feed_action_field", args=[field.slug]),
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
            f"{reverse('api:feed_search')}?{query}",
            filters,
        )
    raise ProblemError(400, f"Unbekannter Bereich „{scope}“.")


# subscriptions ----------------------------------------------------------------------------------------


def confirm_token(subscription: Subscription) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscription.key))


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscription.key))


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("api:unsubscribe", args=[unsubscribe_token(subscription)]))


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
    link = absolute(reverse("api:confirm", args=[confirm_token(subscription)]))
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


# the office's uploads ------------------------------------------------------------------------------------


class UploadError(ServiceError, ValueError):
    """An upload that cannot be applied; German message."""


def _analyse(filename: str, content: bytes, dataset: str) -> Analysis:
    try:
        return analyse(read_tables(filename, content, dataset))
    except UnreadableFile as exc:
        return Analysis(errors=[str(exc)])


@transaction.atomic
def _may_round_trip(acting_user) -> None:
    require(acting_user, "api.round_trip", message=gettext("Nur die Leitstelle kann bearbeitete Tabellen hochladen."))


def create_upload(*, filename: str, content: bytes, dataset: str = "", acting_user) -> Upload:
    """Read an edited file and keep it with every change found, for the preview. Writes nothing to the registry."""
    _may_round_trip(acting_user)
    analysis = _analyse(filename, content, dataset)
    if analysis.ok and not analysis.changes:
        applied = _applied_before(content)
        if applied is not None:
            user = applied.applied_by
            who = (user.get_full_name() or user.get_username()) if user is not None else ""
            analysis.notes.insert(
                0,
                f"Diese Datei wurde bereits am {timezone.localtime(applied.applied_at):%d.%m.%Y um %H:%M} Uhr"
                + (f" von {who}" if who else "")
                + " übernommen; ihre Änderungen stehen schon im Datenbestand. Es gibt nichts mehr zu übernehmen.",
            )
    return Upload.objects.create(
        filename=filename[:255],
        content=content,
        dataset=dataset,
        status=UploadStatus.PENDING if analysis.ok and analysis.changes else UploadStatus.REJECTED,
        changes=[c.to_dict() for c in analysis.changes],
        errors=analysis.errors,
        notes=analysis.notes,
        uploaded_by=person(acting_user),
    )


def _applied_before(content: bytes) -> Upload | None:
    digest = hashlib.sha256(content).digest()
    for upload in (
        Upload.objects.filter(status=UploadStatus.APPLIED)
        .order_by("-applied_at")
        .only("content", "applied_at", "applied_by")
    ):
        if hashlib.sha256(bytes(upload.content)).digest() == digest:
            return upload
    return None


def _lock_rows(analysis: Analysis) -> int:
    """Lock (SELECT … FOR UPDATE) the existing rows the upload would change, until the transaction ends."""
    keys: dict[type, list] = {}
    for obj, _fields in analysis.pending.values():
        if obj.pk is not None:
            keys.setdefault(type(obj), []).append(obj.pk)
    for model, pks in keys.items():
        list(model._default_manager.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk"))
    return sum(len(pks) for pks in keys.values())


@changes_public_data
@transaction.atomic
def apply_upload(upload: Upload, *, acting_user, reason: str = "") -> Upload:
    """Apply exactly the previewed changes, all or nothing, each saved record versioned with the acting user."""
    _may_round_trip(acting_user)
    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != UploadStatus.PENDING:
        raise UploadError(f"Dieser Upload ist „{upload.get_status_display()}“ und kann nicht mehr übernommen werden.")
    analysis = _analyse(upload.filename, bytes(upload.content), upload.dataset)
    if analysis.ok and _lock_rows(analysis):
        # Read again under the row locks: an edit committed between the first read and the locks would
        # otherwise be overwritten by values computed from what it replaced (a lost update).
        analysis = _analyse(upload.filename, bytes(upload.content), upload.dataset)
    if not analysis.ok:
        raise UploadError("Die Datei passt nicht mehr zu den Daten: " + " ".join(analysis.errors[:5]))
    if analysis.fingerprint() != fingerprint(upload.changes):
        raise UploadError(
            "Die Daten wurden seit der Vorschau geändert; die Änderungen wären andere als angezeigt. "
            "Bitte die Datei erneut hochladen und die neue Vorschau prüfen."
        )
    reason = " ".join(reason.split())
    if not reason and any(isinstance(obj, FundingStatement) for obj, _fields in analysis.pending.values()):
        raise UploadError(
            "Die Datei berichtigt veröffentlichte Angaben zum Projektvolumen. Eine Korrektur der Leitstelle "
            "braucht einen Grund; bitte angeben, warum die Zahlen berichtigt werden."
        )
    for obj, fields in analysis.pending.values():
        if isinstance(obj, FundingStatement) and obj.pk is not None:
            # A published statement stays as published; the upload records the office's correction beside it.
            correct_funding_statement(
                FundingStatement.objects.select_related("project", "document").get(pk=obj.pk),
                changes={name: getattr(obj, name) for name in fields},
                reason=f"{reason} (Tabellen-Upload „{upload.filename}“)",
                acting_user=acting_user,
            )
            continue
        obj._history_user = person(acting_user)
        obj._change_reason = f"Tabellen-Upload „{upload.filename}“"
        obj.save()
    upload.status = UploadStatus.APPLIED
    upload.applied_by = person(acting_user)
    upload.applied_at = timezone.now()
    upload.save(update_fields=["status", "applied_by", "applied_at"])
    log.info("Upload %s übernommen: %d Änderungen", upload.key, len(upload.changes))
    return upload


@transaction.atomic
def discard_upload(upload: Upload, *, acting_user) -> Upload:
    _may_round_trip(acting_user)
    if upload.status == UploadStatus.PENDING:
        upload.status = UploadStatus.DISCARDED
        upload.save(update_fields=["status"])
    return upload
