from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    PROGRAMME_OFFICE = "programme_office", _("Leitstelle")
    MINISTRY_EDITOR = "ministry_editor", _("Redaktion eines Ressorts")
    MINISTRY_COORDINATOR = "ministry_coordinator", _("Ressortkoordination")
    REVIEWER = "reviewer", _("Prüfung")


class MailFrequency(models.TextChoices):
    # What a person chose for the mails of the reporting cycle (operations/digests.py); urgent ones go at once.
    IMMEDIATE = "immediate", _("sofort, jede Nachricht einzeln")
    DAILY = "daily", _("täglich, gesammelt um 7 Uhr")


# Roles that edit the projects of a ministry; the coordinator is an editor who may also submit what others drafted.
MINISTRY_ROLES = (Role.MINISTRY_EDITOR.value, Role.MINISTRY_COORDINATOR.value)


class User(AbstractUser):
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, blank=True)
    ministry = models.ForeignKey(
        "programmes.Ministry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("Ressort"),
        help_text=_("Redaktionen bearbeiten nur die Projekte ihres Ressorts."),
    )
    mail_frequency = models.CharField(
        _("E-Mails zum Berichtswesen"),
        max_length=16,
        choices=MailFrequency.choices,
        default=MailFrequency.DAILY,
        help_text=_("Dringendes (Eröffnung, Erinnerungen, erbetene Änderungen) kommt immer sofort."),
    )

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")

    @property
    def wants_mail_at_once(self) -> bool:
        # Asked by operations.digests, which sits below accounts and so cannot know the choices.
        return self.mail_frequency == MailFrequency.IMMEDIATE

    @property
    def works_for_a_ministry(self) -> bool:
        return self.role in MINISTRY_ROLES and self.ministry_id is not None

    def deputy_ministry_ids(self, today: date | None = None) -> frozenset[int]:
        """Ministries this editor acts for today as a deputy (Vertretung). Read once per day and user object:
        the rules ask it for every report of a list."""
        today = today or timezone.localdate()
        cached = getattr(self, "_deputy_cache", None)
        if cached is not None and cached[0] == today:
            return cached[1]
        ids: frozenset[int] = frozenset()
        if self.pk is not None and self.role in MINISTRY_ROLES:
            ids = frozenset(Deputy.objects.active(today).filter(user=self).values_list("ministry_id", flat=True))
        self._deputy_cache = (today, ids)
        return ids

    def acting_ministry_ids(self, today: date | None = None) -> frozenset[int]:
        """The ministries whose projects this person edits today: her own and those she deputises for."""
        if self.role not in MINISTRY_ROLES:
            return frozenset()
        own = {self.ministry_id} if self.ministry_id is not None else set()
        return frozenset(own) | self.deputy_ministry_ids(today)

    def active_deputyships(self):
        """For the header: "Vertretung für MKW bis 31.12.2026"."""
        if self.role not in MINISTRY_ROLES:
            return []
        return list(Deputy.objects.active().filter(user=self).select_related("ministry").order_by("valid_until"))


class DeputyQuerySet(models.QuerySet):
    def active(self, today: date | None = None) -> DeputyQuerySet:
        today = today or timezone.localdate()
        return self.filter(valid_from__lte=today, valid_until__gte=today, user__is_active=True)

    def current_and_future(self, today: date | None = None) -> DeputyQuerySet:
        return self.filter(valid_until__gte=today or timezone.localdate())


class Deputy(models.Model):
    """Vertretung: an editor acts for another ministry's editors from one date to another (holidays, illness).

    While it lasts she has the editor's rights for that ministry's projects (accounts.rules, reporting.rules);
    her own ministry stays hers. The office names deputies for any ministry, an editor for her own.
    """

    ministry = models.ForeignKey(
        "programmes.Ministry", on_delete=models.CASCADE, related_name="deputies", verbose_name=_("vertretenes Ressort")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deputyships", verbose_name=_("Vertretung")
    )
    valid_from = models.DateField(_("von"))
    valid_until = models.DateField(_("bis einschließlich"))
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("benannt von"),
    )
    appointed_at = models.DateTimeField(_("benannt am"), auto_now_add=True)

    history = HistoricalRecords()
    objects = DeputyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Vertretung")
        verbose_name_plural = _("Vertretungen")
        ordering = ["valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="deputy_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} für {self.ministry_id}: {self.valid_from:%d.%m.%Y}–{self.valid_until:%d.%m.%Y}"
