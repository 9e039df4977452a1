"""Deletes submitters' contact data after the retention period (DSGVO: storage limitation)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from accounts.actors import SYSTEM
from proposals.services import ProposalError, contact_retention_days, purge_expired_contacts


class Command(BaseCommand):
    help = (
        "Löscht Kontaktdaten von Einreichenden, die länger als die Aufbewahrungsfrist gespeichert sind "
        "(Einstellung PROPOSAL_CONTACT_RETENTION_DAYS). Zum täglichen Aufruf per cron/systemd-Timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Frist in Tagen (Standard: Einstellung)")
        parser.add_argument("--dry-run", action="store_true", help="nur anzeigen, nichts löschen")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        days = contact_retention_days() if options["days"] is None else options["days"]
        try:
            proposals = purge_expired_contacts(retention_days=days, dry_run=options["dry_run"], acting_user=SYSTEM)
        except ProposalError as exc:
            raise CommandError(str(exc)) from exc
        # Only what identifies the proposal: the output may end up in logs, the contact data must not.
        items = [{"source": p.source, "number": p.number, "id": p.pk} for p in proposals]
        if options["format"] == "json":
            payload = {"retention_days": days, "dry_run": options["dry_run"], "deleted": len(items), "proposals": items}
            if options["dry_run"]:
                payload["deleted"] = 0
                payload["would_delete"] = len(items)
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        verb = "würden gelöscht" if options["dry_run"] else "gelöscht"
        self.stdout.write(f"Aufbewahrungsfrist {days} Tage: Kontaktdaten zu {len(items)} Projektidee(n) {verb}.")
        for item in items:
            self.stdout.write(f"  {item['source']} Nr. {item['number']} (id {item['id']})")
