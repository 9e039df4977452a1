"""The search index becomes one document per project (portal.models.SearchDocument) instead of postings.

The postings (`SearchTerm`, one row per stem and project) and the word table (`SearchWord`) go; each project's
stems move into the columns of its document, so a deploy needs no rebuild. On PostgreSQL pg_trgm's GIN indexes
answer the LIKE of a word on the columns a search filters by, with a finer histogram for the planner's estimate; the texts of the report (the longest column, the
lowest weight) are only read for the documents found otherwise. SQLite (small programmes) scans.
"""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

# Weight of a field → the column of its stems (portal.search.FIELDS when this was written).
COLUMNS = {10: "codes", 8: "titles", 4: "names", 3: "summaries", 2: "places", 1: "texts"}
TRIGRAM_COLUMNS = ("stems", "codes", "titles", "names", "summaries", "places")


def _spaced(terms):
    return " ".join(["", *sorted(terms), ""])


def postings_to_documents(apps, schema_editor):
    SearchTerm = apps.get_model("portal", "SearchTerm")
    SearchDocument = apps.get_model("portal", "SearchDocument")
    by_project = defaultdict(lambda: defaultdict(list))
    codes = {}
    for project_id, code, term, weight in SearchTerm.objects.values_list(
        "project_id", "project_code", "term", "weight"
    ).iterator(chunk_size=20000):
        by_project[project_id][COLUMNS.get(weight, "texts")].append(term)
        codes[project_id] = code
    documents = []
    for project_id, columns in by_project.items():
        stems = [term for terms in columns.values() for term in terms]
        spaced = {column: _spaced(columns.get(column, [])) for column in COLUMNS.values()}
        documents.append(
            SearchDocument(project_id=project_id, project_code=codes[project_id], stems=_spaced(stems), **spaced)
        )
    own = {
        row["pk"]: row
        for row in apps.get_model("programmes", "Project")
        .objects.filter(pk__in=list(codes))
        .values("pk", "action_field_id", "ministry_id", "status", "pillar")
    }
    for document in documents:
        project = own[document.project_id]
        document.action_field_id, document.ministry_id = project["action_field_id"], project["ministry_id"]
        document.status, document.pillar = project["status"], project["pillar"]
    SearchDocument.objects.bulk_create(documents, batch_size=500)


def documents_to_postings(apps, schema_editor):
    SearchTerm = apps.get_model("portal", "SearchTerm")
    SearchWord = apps.get_model("portal", "SearchWord")
    SearchDocument = apps.get_model("portal", "SearchDocument")
    postings, words = [], set()
    for document in SearchDocument.objects.iterator(chunk_size=2000):
        for weight, column in COLUMNS.items():
            for term in getattr(document, column).split():
                postings.append(
                    SearchTerm(
                        project_id=document.project_id, project_code=document.project_code, term=term, weight=weight
                    )
                )
                words.add(term)
    SearchWord.objects.bulk_create([SearchWord(term=term) for term in sorted(words)], batch_size=2000)
    SearchTerm.objects.bulk_create(postings, batch_size=2000)


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


CREATE_TRIGRAMS = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] + [
    f"CREATE INDEX IF NOT EXISTS search_document_{column}_trigram_idx "
    f"ON portal_searchdocument USING gin ({column} gin_trgm_ops)"
    for column in TRIGRAM_COLUMNS
]
# The planner estimates a LIKE by the share of its column's histogram that matches, but never below one entry:
# with the default 100 entries a word in 30 of 100,000 titles counts as 1,000 rows, and the planner walks every
# document in code order to find a level's few rows (80 ms) instead of reading them through the index (1 ms).
# 1,000 entries bring that floor to 100 rows, at about a millisecond more planning. Not for `stems`: its
# long rows would make planning cost more than the default estimate's plans do.
CREATE_TRIGRAMS += [
    f"ALTER TABLE portal_searchdocument ALTER COLUMN {column} SET STATISTICS 1000"
    for column in TRIGRAM_COLUMNS
    if column != "stems"
]
DROP_TRIGRAMS = [f"DROP INDEX IF EXISTS search_document_{column}_trigram_idx" for column in TRIGRAM_COLUMNS]


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_search_term_project_code"),
        ("programmes", "0006_funding_statement_qualifiers"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "project",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="programmes.project",
                        verbose_name="Projekt",
                    ),
                ),
                ("project_code", models.CharField(db_index=True, max_length=10, verbose_name="Projektnummer")),
                (
                    "action_field",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="programmes.actionfield",
                        verbose_name="Handlungsfeld",
                    ),
                ),
                (
                    "ministry",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="programmes.ministry",
                        verbose_name="Ressort",
                    ),
                ),
                ("status", models.CharField(blank=True, db_index=True, max_length=16, verbose_name="Status")),
                ("pillar", models.CharField(blank=True, db_index=True, max_length=20, verbose_name="Säule")),
                ("codes", models.TextField(default=" ", verbose_name="Wortstämme der Projektnummer")),
                ("titles", models.TextField(default=" ", verbose_name="Wortstämme des Titels")),
                ("names", models.TextField(default=" ", verbose_name="Wortstämme der Namen")),
                ("summaries", models.TextField(default=" ", verbose_name="Wortstämme der Kurzbeschreibung")),
                ("places", models.TextField(default=" ", verbose_name="Wortstämme der Orte")),
                ("texts", models.TextField(default=" ", verbose_name="Wortstämme der Berichtstexte")),
                ("stems", models.TextField(default=" ", verbose_name="Alle Wortstämme")),
            ],
            options={"verbose_name": "Suchdokument", "verbose_name_plural": "Suchindex"},
        ),
        migrations.RunPython(postings_to_documents, documents_to_postings, elidable=False),
        migrations.RunPython(_on_postgresql(CREATE_TRIGRAMS), _on_postgresql(DROP_TRIGRAMS), elidable=False),
        migrations.DeleteModel(name="SearchWord"),
        migrations.DeleteModel(name="SearchTerm"),
    ]
