"""Answer a parliamentary question for a municipality or district from the command line."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.answers import AnswerError, Filters, build_answer, resolve_as_of, resolve_place
from reporting.documents import GENERATORS, euro
from reporting.report_documents import ReportStorageError, write_file


class Command(BaseCommand):
    help = "Welche Projekte betreffen eine Kommune oder einen Kreis, und mit wie viel Geld? (Antwort auf eine Kleine Anfrage)"

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--municipality", help="Name oder Gemeindeschlüssel, z. B. Bochum oder 05911000")
        where.add_argument("--district", help="z. B. „Kreis Unna“")
        parser.add_argument("--as-of", help="Stichtag: Datum, Berichtsjahr oder Titel eines Berichts")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--output", help="zusätzlich als Datei schreiben (.docx, .xlsx oder .csv)")

    def handle(self, *args, **options):
        try:
            municipality, district = resolve_place(municipality=options["municipality"], district=options["district"])
            as_of, label = resolve_as_of(options["as_of"])
        except AnswerError as exc:
            raise CommandError(str(exc)) from exc
        answer = build_answer(Filters(municipality=municipality, district=district, as_of=as_of, as_of_label=label))
        if options["output"]:
            path = Path(options["output"])
            generator = GENERATORS.get(path.suffix.lstrip(".").lower())
            if generator is None:
                raise CommandError(f"{path.name}: unbekanntes Format; möglich sind .docx, .xlsx und .csv.")
            try:
                write_file(path, generator(answer).render())
            except ReportStorageError as exc:
                raise CommandError(str(exc)) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Projekte mit Bezug zu {answer.subject}{' (' + label + ')' if label else ''}")
        for field_name, rows in answer.groups():
            self.stdout.write(f"\nHandlungsfeld {field_name}")
            for row in rows:
                money = euro(row.funding_eur) if row.funding_eur is not None else "–"
                self.stdout.write(
                    f"  [{row.project.code}] {row.project.title[:60]} · {row.municipality.name} · {money} ({row.basis})"
                )
        totals = answer.totals()
        self.stdout.write(
            f"\nGenau angegeben: {totals['exact_eur']} € · geschätzt: {totals['estimated_eur']} € · Einträge je Grundlage: {totals['rows_by_basis']}"
        )
