"""What the daily digest collects: one row per event and person, and one row per digest sent (operations/digests.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REPORT_SUBMITTED = "report_submitted", _("Bericht eingereicht")
    REPORT_APPROVED = "report_approved", _("Bericht freigegeben")
    CHANGES_REQUESTED = "changes_requested", _("Änderungen erbeten")
    REPORT_COMMENTED = "report_commented", _("Kommentar zum Bericht")
    PERIOD_OPENED = "period_opened", _("Berichtsperiode eröffnet")
    PERIOD_PUBLISHED = "period_published", _("Fortschrittsbericht veröffentlicht")
    REMINDER = "reminder", _("Erinnerung an die Abgabe")
    PROPOSAL_RECEIVED = "proposal_received", _("Neue Projektidee")


# Mails that go out at once whatever a person chose: each asks her to act now, and a day's delay would cost
# the work it asks for. Opening a period starts the clock for the editors; a reminder is sent on purpose (the
# office's button or the scheduled overdue one); a returned report must be revised before the deadline.
# Invitations and password links never become notifications at all: they are sent to one person on request.
URGENT_KINDS = frozenset(
    {NotificationKind.PERIOD_OPENED, NotificationKind.REMINDER, NotificationKind.CHANGES_REQUESTED}
)


class Digest(models.Model):
    """One daily digest mail to one person. Unique per person and day: the database refuses a second one, so two
    workers, or the scheduled task and a cron run, can never both send it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests", verbose_name=_("Person")
    )
    day = models.DateField(_("Tag"))
    sent_at = models.DateTimeField(_("versandt am"))
    count = models.PositiveIntegerField(_("Neuigkeiten"))

    class Meta:
        verbose_name = _("tägliche Zusammenfassung")
        verbose_name_plural = _("tägliche Zusammenfassungen")
        ordering = ["-day", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_and_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day:%d.%m.%Y}"

    def items(self):
        """Its notifications in the order the mail lists them: by period, then project, then time."""
        return self.notifications.order_by("group", "subject", "created_at", "pk")


class NotificationQuerySet(models.QuerySet):
    def unsent(self) -> NotificationQuerySet:
        return self.filter(sent_at__isnull=True)


class Notification(models.Model):
    """An event one person is told about in her next daily digest (or was, when `sent_at` is set)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("Person")
    )
    kind = models.CharField(_("Art"), max_length=32, choices=NotificationKind.choices)
    # The digest groups by these two: the period (or "Projektideen") and the project.
    group = models.CharField(_("Bereich"), max_length=300)
    subject = models.CharField(_("Gegenstand"), max_length=300, blank=True)
    text = models.TextField(_("Text"))
    link = models.CharField(_("Link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    digest = models.ForeignKey(
        Digest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("Zusammenfassung"),
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Benachrichtigung für die Zusammenfassung")
        verbose_name_plural = _("Benachrichtigungen für die Zusammenfassung")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["user", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject or self.group}"
