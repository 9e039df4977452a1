"""Answers imported before the answers app existed become Kleine Anfragen on record, like new imports do.

Re-importing the same file is a no-op (its checksum is known), so the importer's hook alone would never
register them. Historical models only; the parsing is the plain-Python parser and splitter.
"""

from django.db import migrations


def register(apps, schema_editor):
    from answers.splitter import government_remark, read_pasted_question
    from places.gazetteer import Gazetteer
    from sources.parsers.parliamentary_answer import parse_parliamentary_answer

    SourceDocument = apps.get_model("sources", "SourceDocument")
    Municipality = apps.get_model("places", "Municipality")
    Project = apps.get_model("programmes", "Project")
    ParliamentaryQuestion = apps.get_model("answers", "ParliamentaryQuestion")
    Question = apps.get_model("answers", "Question")
    for document in SourceDocument.objects.filter(kind="parliamentary_answer"):
        parsed = parse_parliamentary_answer(document.text, gazetteer=Gazetteer.default(), filename=document.filename)
        if not parsed.question_number.isdigit() or parsed.municipality is None:
            continue
        municipality = Municipality.objects.filter(ags=parsed.municipality.ags).first()
        if municipality is None:
            continue
        pasted = read_pasted_question(document.text)
        term = document.reference.removeprefix("Drucksache ").partition("/")[0]
        question, _created = ParliamentaryQuestion.objects.update_or_create(
            electoral_term=int(term) if term.isdigit() else pasted.electoral_term or 17,
            number=int(parsed.question_number),
            defaults={
                "printed_paper": parsed.question_reference.removeprefix("Drucksache ").strip(),
                "answer_printed_paper": document.reference.removeprefix("Drucksache ").strip(),
                "title": parsed.question_title or document.title,
                "askers": ", ".join(parsed.askers),
                "parties": parsed.party,
                "text": document.text,
                "questioner_remark": pasted.remark,
            "preliminary_remark": government_remark(document.text),
                "municipality": municipality,
                "status": "answered",
                "answered_on": document.date,
                "source_document": document,
            },
        )
        for item in pasted.questions:
            Question.objects.update_or_create(
                parliamentary_question=question, number=item.number, defaults={"text": item.text}
            )
        question.projects.add(*Project.objects.filter(code__in=[e.code for e in parsed.entries]))


class Migration(migrations.Migration):
    dependencies = [
        ("answers", "0001_kleine_anfragen"),
    ]

    operations = [migrations.RunPython(register, migrations.RunPython.noop)]
