"""Answer a parliamentary question for a municipality or district from the command line.

`--output antwort.docx` / `.pdf` writes the answer in the Landtag's form (answers/documents.py), either for a
registered Kleine Anfrage (`--question 4284 --term 17`) or, without one, as a draft with the standard
question about the place; `.xlsx` and `.csv` write the plain table of the answer (answers/place_documents.py).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from answers.documents import GENERATORS as LANDTAG_GENERATORS
from answers.drafting import build_draft, default_question, default_questions
from answers.models import ParliamentaryQuestion
from answers.place_answers import AnswerError, Filters, build_answer, resolve_as_of, resolve_place
from answers.place_documents import GENERATORS as TABLE_GENERATORS
from answers.place_documents import euro
from reporting.documents.storage import ReportStorageError, write_file


class Command(BaseCommand):
    help = "Welche Projekte betreffen eine Kommune oder einen Kreis, und mit wie viel Geld? (Antwort auf eine Kleine Anfrage)"

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--municipality", help="Name oder Gemeindeschlüssel, z. B. Bochum oder 05911000")
        where.add_argument("--district", help="z. B. „Kreis Unna“")
        where.add_argument("--question", type=int, help="Nummer einer erfassten Kleinen Anfrage, z. B. 4284")
        parser.add_argument(
            "--term", type=int, help="Wahlperiode der Kleinen Anfrage (bei --question; Standard: die neueste)"
        )
        parser.add_argument(
            "--as-of", help="Stichtag: Datum, Berichtsjahr oder Titel eines Berichts (nicht für .docx/.pdf)"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--output",
            help="zusätzlich als Datei schreiben: .docx oder .pdf (Antwort im Format des Landtags), .xlsx, .csv",
        )

    def handle(self, *args, **options):
        question = self._question(options)
        try:
            if question is not None:
                municipality, district = question.municipality, question.district
            else:
                municipality, district = resolve_place(
                    municipality=options["municipality"], district=options["district"]
                )
            as_of, label = resolve_as_of(options["as_of"])
        except AnswerError as exc:
            raise CommandError(str(exc)) from exc
        answer = build_answer(Filters(municipality=municipality, district=district, as_of=as_of, as_of_label=label))
        document = None
        if options["output"]:
            document = self._write(Path(options["output"]), answer, question, municipality or district, as_of)
        if options["format"] == "json":
            data = answer.as_dict()
            if document:
                data["document"] = document
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
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
        if document:
            self.stdout.write(f"\nGeschrieben: {document['path']} ({document['title']})")

    def _question(self, options):
        if options["question"] is None:
            return None
        found = ParliamentaryQuestion.objects.filter(number=options["question"])
        if options["term"]:
            found = found.filter(electoral_term=options["term"])
        question = found.order_by("-electoral_term").first()
        if question is None:
            raise CommandError(f"Kleine Anfrage {options['question']} ist nicht erfasst.")
        if question.municipality is None and question.district is None:
            raise CommandError(f"Kleine Anfrage {options['question']}: kein Ort erfasst.")
        return question

    def _write(self, path: Path, answer, question, place, as_of) -> dict:
        ext = path.suffix.lstrip(".").lower()
        if ext in LANDTAG_GENERATORS:
            if as_of is not None:
                raise CommandError(
                    f"{path.name}: Die Antwort im Format des Landtags gibt den aktuellen Stand wieder; --as-of gilt nur für .xlsx und .csv."
                )
            draft = (
                build_draft(question)
                if question is not None
                else build_draft(default_question(place), questions=default_questions(place))
            )
            content, title = LANDTAG_GENERATORS[ext](draft).render(), draft.document_title
        elif ext in TABLE_GENERATORS:
            content, title = TABLE_GENERATORS[ext](answer).render(), f"Projekte mit Bezug zu {answer.subject}"
        else:
            raise CommandError(f"{path.name}: unbekanntes Format; möglich sind .docx, .pdf, .xlsx und .csv.")
        try:
            write_file(path, content)
        except ReportStorageError as exc:
            raise CommandError(str(exc)) from exc
        return {"path": str(path), "format": ext, "title": title, "bytes": len(content)}
