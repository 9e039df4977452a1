"""Remind the ministries that still owe reports for the open period (for a daily cron job)."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from reporting.models import ReportingPeriod
from reporting.services import WorkflowError, send_reminders


class Command(BaseCommand):
    help = "Erinnert die Ressorts per E-Mail an ausstehende Berichte der offenen Berichtsperiode."

    def add_arguments(self, parser):
        parser.add_argument(
            "--user", required=True, help="Benutzername eines Kontos der Leitstelle (für das Protokoll)"
        )
        parser.add_argument("--only-overdue", action="store_true", help="nur nach Ablauf der Abgabefrist erinnern")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Unbekanntes Konto: {options['user']}")
        period = ReportingPeriod.objects.open().first()
        if period is None:
            raise CommandError("Es ist keine Berichtsperiode offen.")
        try:
            n = send_reminders(period, acting_user=user, only_overdue=options["only_overdue"])
        except (WorkflowError, PermissionDenied) as exc:
            raise CommandError(str(exc) or "Dafür fehlt dem Konto die Berechtigung.") from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps({"period": period.title, "ministries_reminded": n}, ensure_ascii=False))
        else:
            self.stdout.write(f"{period.title}: {n} Ressorts erinnert.")
